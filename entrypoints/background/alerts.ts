import { alertText, badgeText, dueAlerts } from '@/core/alerts';
import type { PublishedEstimate } from '@/core/messaging';
import type { Settings } from '@/core/settings';
import { alertLogItem, focusZoneItem } from '@/utils/alerts';

/**
 * After each published estimate: notifies about zones the price has come near (when the trader
 * turned alerts on) and shows the distance to the nearest strong zone on the toolbar badge; clears
 * both when off. Reads the published zones: no estimate of its own.
 */
export async function runAlerts(
  settings: Settings,
  published: PublishedEstimate | undefined,
  now = Date.now(),
): Promise<number> {
  const reply = published?.symbol === settings.symbol ? published.reply : undefined;
  if (!settings.alerts || !reply?.ok) {
    await clearAlertBadge();
    return 0;
  }
  const zones = reply.zones;
  const rules = { distancePct: settings.alertDistancePct, minUsd: settings.alertMinUsd };
  const { alerts, log } = dueAlerts(settings.symbol, zones, rules, await alertLogItem.getValue(), now);
  await alertLogItem.setValue(log);
  for (const alert of alerts) {
    const { title, message } = alertText(alert, reply.tickSize);
    await browser.notifications
      .create(alert.key, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title,
        message,
      })
      .catch((error: unknown) => console.warn('HeatBands: the alert could not be shown', error));
  }
  await browser.action.setBadgeBackgroundColor({ color: '#f0b90b' });
  await browser.action.setBadgeText({ text: badgeText(zones, settings.alertMinUsd) });
  return alerts.length;
}

export async function clearAlertBadge(): Promise<void> {
  await browser.action.setBadgeText({ text: '' });
}

/** A click on an alert opens the side panel, centred on that zone. */
export function registerAlertClicks(): void {
  browser.notifications?.onClicked.addListener((id) => {
    const match = /^([A-Z0-9]+):(long|short):(\d+)-(\d+)$/.exec(id);
    if (match) {
      void focusZoneItem.setValue({
        symbol: match[1]!,
        priceLow: Number(match[3]),
        priceHigh: Number(match[4]),
      });
    }
    // Inside the click's user gesture: open at once, before anything is awaited; should the
    // current window not do, the last focused one (the gesture may be gone by then).
    browser.sidePanel
      ?.open({ windowId: browser.windows.WINDOW_ID_CURRENT })
      .catch(() =>
        browser.windows.getLastFocused().then((win) => {
          if (win.id !== undefined) return browser.sidePanel?.open({ windowId: win.id });
        }),
      )
      .catch(() => {});
    void browser.notifications.clear(id);
  });
}
