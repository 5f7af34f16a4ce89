import { parseMessage } from '@/core/messaging';
import { clearAlertBadge, registerAlertClicks, runAlerts } from '@/utils/alerts';
import { loadHeatmapView } from '@/utils/heatmapView';
import { reinjectContentScripts } from '@/utils/reinject';
import { loadSettings, watchSettings } from '@/utils/settings';
import { registerCommands } from './commands';
import { notifyOverlayTabs, registerHeatmapService } from './heatmapService';
import { ensurePollAlarm, POLL_ALARM } from './pollAlarm';
import { registerStreams, updateStreams } from './streams';
import { syncAll } from './sync';

async function pollAndAnnounce(): Promise<void> {
  const settings = await loadSettings();
  try {
    const outcomes = await syncAll(settings);
    for (const outcome of outcomes) {
      if (!outcome.ok) console.warn('HeatBands sync failed:', outcome.error.message);
    }
  } catch (error) {
    // A bug, not an exchange failure (those are values): say so, and still let views refresh.
    console.error('HeatBands sync crashed:', error);
  }
  await updateStreams(settings, announceLiquidations).catch((error: unknown) =>
    console.warn('HeatBands streams:', error),
  );
  // Alerts read the estimate only when the trader turned them on; off, the badge is cleared.
  const alerting = settings.alerts ? loadHeatmapView().then(runAlerts) : clearAlertBadge();
  await alerting.catch((error: unknown) => console.warn('HeatBands alerts failed:', error));
  // Tell open views (extension pages, and the overlays in tabs) to re-read; no receiver is fine.
  const update = { type: 'data-updated', symbol: settings.symbol, at: Date.now() } as const;
  browser.runtime.sendMessage(update).catch(() => {});
  notifyOverlayTabs(update);
}

/** New real liquidations stored: the views re-read (the side panel lists and scores them). */
function announceLiquidations(): void {
  loadSettings()
    .then((settings) => {
      const update = { type: 'data-updated', symbol: settings.symbol, at: Date.now() } as const;
      browser.runtime.sendMessage(update).catch(() => {});
    })
    .catch(() => {});
}

export default defineBackground(() => {
  // Wiring only, synchronously, so events that woke the worker are not missed.
  registerHeatmapService();
  registerCommands();
  registerAlertClicks();
  registerStreams(announceLiquidations);
  void ensurePollAlarm();
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM) void pollAndAnnounce();
  });
  browser.runtime.onInstalled.addListener(() => {
    void pollAndAnnounce();
    void reinjectContentScripts();
  });
  browser.runtime.onStartup.addListener(() => void pollAndAnnounce());
  watchSettings(() => void pollAndAnnounce());
  browser.runtime.onMessage.addListener((raw, sender) => {
    // Only our own pages and content scripts; a message that does not parse is ignored.
    if (sender.id !== browser.runtime.id) return;
    const message = parseMessage(raw);
    if (message?.type === 'refresh') void pollAndAnnounce();
    // The side panel's zone click, passed on to the overlays of open trading pages.
    if (message?.type === 'highlight-zone') notifyOverlayTabs(message);
  });
  if (import.meta.env.CHROME) {
    browser.sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => {});
  }
});
