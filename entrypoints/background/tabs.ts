import { TRADING_SITE_HOSTS } from '@/core/exchanges/hosts';
import type { Message } from '@/core/messaging';

/**
 * Tells the overlays in open trading tabs about a zone the trader picked in the side panel.
 * `runtime.sendMessage` reaches extension pages only, never content scripts, so they are told tab by
 * tab. (New estimates need no message: every tab watches the published one in storage.)
 */
export function notifyOverlayTabs(message: Extract<Message, { type: 'highlight-zone' }>): void {
  void browser.tabs
    .query({ url: [...TRADING_SITE_HOSTS] })
    .catch(() => [])
    .then((tabs) => {
      for (const tab of tabs) {
        if (tab.id !== undefined) browser.tabs.sendMessage(tab.id, message).catch(() => {});
      }
    });
}
