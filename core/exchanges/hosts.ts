/** The REST origins the worker polls; the manifest's host_permissions are built from this list. */
export const REST_ORIGINS = {
  binance: 'https://fapi.binance.com',
  bybit: 'https://api.bybit.com',
  okx: 'https://www.okx.com',
} as const;

/** The public WebSocket endpoints (no host permission is needed to open them). */
export const WS_ORIGINS = {
  binance: 'wss://fstream.binance.com',
  bybit: 'wss://stream.bybit.com',
  okx: 'wss://ws.okx.com:8443',
} as const;

export const HOST_PERMISSIONS = Object.values(REST_ORIGINS).map((origin) => `${origin}/*`);

/** The trading sites whose charts the overlay draws on (content scripts, re-injection, the bridge). */
export const TRADING_SITE_HOSTS = ['https://www.binance.com/*', 'https://www.bybit.com/*'] as const;
