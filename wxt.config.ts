import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { HOST_PERMISSIONS } from './core/exchanges/hosts';

// See https://wxt.dev/api/config.html
export default defineConfig({
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'HeatBands',
    description:
      'Estimated liquidation heat bands on the Binance and Bybit futures charts, scored against real liquidations.',
    permissions: browser === 'firefox' ? ['storage', 'alarms'] : ['storage', 'alarms', 'sidePanel'],
    // Only the public market-data APIs the worker polls. WebSocket streams need no host permission.
    host_permissions: [...HOST_PERMISSIONS],
    action: { default_title: 'HeatBands' },
    // The chart bridge runs in the trading pages' MAIN world (TradingView's API lives there); only those pages may load it.
    web_accessible_resources: [
      {
        resources: ['chart-bridge.js'],
        matches: ['https://www.binance.com/*', 'https://www.bybit.com/*'],
      },
    ],
    // Firefox MV3 needs an add-on id for storage; it has no side panel, so WXT maps ours to sidebar_action.
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'heatbands@heatbands.dev' } } }
      : {}),
  }),
});
