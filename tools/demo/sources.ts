import type { ExchangeId } from '../../core/exchanges/types';

export interface ReplayRequest {
  host: string;
  path: string;
  status: number;
  ws?: boolean;
}

export interface SourceSummary {
  exchange: ExchangeId | 'unknown';
  endpoints: string[];
  requests: number;
}

const EXCHANGE_OF_HOST: Record<string, ExchangeId> = {
  'fapi.binance.com': 'binance',
  'fstream.binance.com': 'binance',
  'api.bybit.com': 'bybit',
  'stream.bybit.com': 'bybit',
  'www.okx.com': 'okx',
  'ws.okx.com': 'okx',
};

/** Which exchange endpoints the extension really used, from the replay exchange's request log. */
export function summariseSources(requests: readonly ReplayRequest[]): SourceSummary[] {
  const byExchange = new Map<SourceSummary['exchange'], { endpoints: Set<string>; requests: number }>();
  for (const r of requests) {
    const exchange = EXCHANGE_OF_HOST[r.host] ?? 'unknown';
    const entry = byExchange.get(exchange) ?? { endpoints: new Set<string>(), requests: 0 };
    entry.endpoints.add(`${r.ws ? 'wss' : 'https'}://${r.host}${r.path}`);
    entry.requests++;
    byExchange.set(exchange, entry);
  }
  return [...byExchange.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([exchange, { endpoints, requests }]) => ({ exchange, endpoints: [...endpoints].sort(), requests }));
}
