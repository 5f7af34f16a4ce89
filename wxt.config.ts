import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { COMMANDS } from './core/commands';
import { HOST_PERMISSIONS, TRADING_SITE_HOSTS } from './core/exchanges/hosts';

// See https://wxt.dev/api/config.html
export default defineConfig({
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'HeatBands',
    description:
      'Estimated liquidation heat bands on the Binance and Bybit futures charts, scored against real liquidations.',
    permissions:
      browser === 'firefox'
        ? ['storage', 'alarms', 'scripting', 'notifications']
        : ['storage', 'alarms', 'sidePanel', 'scripting', 'notifications'],
    // The public market-data APIs the worker polls (WebSocket streams need none), and the two trading
    // sites, where the content scripts run already: after an update the worker re-injects them
    // into open trading tabs so the new version takes over (utils/reinject.ts).
    host_permissions: [...HOST_PERMISSIONS, ...TRADING_SITE_HOSTS],
    action: { default_title: 'HeatBands' },
    // Keyboard: both can be changed in the browser's shortcut settings (chrome://extensions/shortcuts).
    commands: {
      [COMMANDS.toggleOverlay]: {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Show or hide the heat bands on the exchange chart',
      },
      [COMMANDS.openSidePanel]: {
        suggested_key: { default: 'Alt+Shift+J' },
        description: 'Open the HeatBands study view (side panel)',
      },
    },
    // The chart bridge runs in the trading pages' MAIN world (TradingView's API lives there); only those pages may load it.
    web_accessible_resources: [
      {
        resources: ['chart-bridge.js'],
        matches: [...TRADING_SITE_HOSTS],
        // A per-session URL, so a page cannot probe a fixed URL to tell the extension is installed.
        use_dynamic_url: true,
      },
    ],
    // Firefox MV3 needs an add-on id for storage; it has no side panel, so WXT maps ours to sidebar_action.
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'heatbands@heatbands.dev' } } }
      : {}),
  }),
});
