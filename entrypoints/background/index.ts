import { reinjectContentScripts } from '@/utils/reinject';
import { loadSettings, watchSettings } from '@/utils/settings';
import { registerAlertClicks, runAlerts } from './alerts';
import { registerCommands } from './commands';
import { answerPageMarket, registerDispatcher } from './dispatch';
import { refreshEstimate, scoreClosedHour } from './estimate';
import { ensurePollAlarm, POLL_ALARM } from './pollAlarm';
import { registerStreams, updateStreams } from './streams';
import { syncAll } from './sync';
import { notifyOverlayTabs } from './tabs';

/**
 * The worker's services, each in its own file here: sync (the exchanges' REST into IndexedDB),
 * estimate (computed once, published to every view), streams (real liquidations), alerts,
 * commands, and the one message dispatcher.
 */

/** The estimate brought up to date and published, then what follows from it: alerts, the hour's score. */
async function publish(reason: string): Promise<void> {
  const settings = await loadSettings();
  const published = await refreshEstimate(reason);
  await runAlerts(settings, published).catch((error: unknown) =>
    console.warn('HeatBands alerts failed:', error),
  );
  // Once an hour has closed: the live score, for the side panel (1–2 s over a month of events).
  const scored = await scoreClosedHour(published).catch((error: unknown) => {
    console.warn('HeatBands live score:', error);
    return false;
  });
  // The hour's zone confidence is new: publish the zones with it.
  if (scored) await refreshEstimate('zone confidence');
}

async function pollAndAnnounce(): Promise<void> {
  const settings = await loadSettings();
  try {
    const outcomes = await syncAll(settings);
    for (const outcome of outcomes) {
      if (!outcome.ok) console.warn('HeatBands sync failed:', outcome.error.message);
    }
  } catch (error) {
    // A bug, not an exchange failure (those are values): say so, and still publish what there is.
    console.error('HeatBands sync crashed:', error);
  }
  await updateStreams(settings, announceLiquidations).catch((error: unknown) =>
    console.warn('HeatBands streams:', error),
  );
  await publish('sync').catch((error: unknown) => console.warn('HeatBands estimate:', error));
  // Extension pages that show the sync's own state (status lines) re-read; no receiver is fine.
  const update = { type: 'data-updated', symbol: settings.symbol, at: Date.now() } as const;
  browser.runtime.sendMessage(update).catch(() => {});
}

/** New real liquidations stored: published with the estimate (no engine run: no new bar). */
function announceLiquidations(): void {
  void publish('liquidations').catch((error: unknown) => console.warn('HeatBands estimate:', error));
}

export default defineBackground(() => {
  // Wiring only, synchronously, so events that woke the worker are not missed.
  registerDispatcher({
    refresh: () => {
      void pollAndAnnounce();
      return undefined;
    },
    'get-heatmap': answerPageMarket,
    // The side panel's zone click, passed on to the overlays of open trading pages.
    'highlight-zone': (message) => {
      notifyOverlayTabs(message);
      return undefined;
    },
  });
  registerCommands();
  registerAlertClicks();
  registerStreams(announceLiquidations);
  void ensurePollAlarm();
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM) void pollAndAnnounce();
  });
  // Views get the estimate of what is stored at once; the sync's new bars follow.
  const publishThenSync = (reason: string) => {
    void publish(reason).catch((error: unknown) => console.warn('HeatBands estimate:', error));
    void pollAndAnnounce();
  };
  browser.runtime.onInstalled.addListener(() => {
    publishThenSync('installed');
    void reinjectContentScripts();
  });
  browser.runtime.onStartup.addListener(() => publishThenSync('startup'));
  watchSettings(() => publishThenSync('settings'));
  if (import.meta.env.CHROME) {
    browser.sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => {});
  }
});
