import { type Diagnostics, type Message, parseDiagnostics } from '@/core/messaging';

/**
 * Asks the trading tabs for the overlay's diagnostics (utils/overlayController.ts answers) and
 * picks the one the trader is looking at: the active tab of the focused window, else any active
 * tab, else the first that answered. Undefined when no trading page with HeatBands is open.
 */
export async function collectDiagnostics(): Promise<Diagnostics | undefined> {
  const tabs = await browser.tabs.query({});
  const request: Message = { type: 'get-diagnostics' };
  const answers = await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return undefined;
      const raw: unknown = await browser.tabs.sendMessage(tab.id, request).catch(() => undefined);
      const report = parseDiagnostics(raw);
      return report ? { tab, report } : undefined;
    }),
  );
  const found = answers.filter((a) => a !== undefined);
  const focused = await browser.windows.getLastFocused().catch(() => undefined);
  const pick =
    found.find((a) => a.tab.active && a.tab.windowId === focused?.id) ??
    found.find((a) => a.tab.active) ??
    found[0];
  return pick?.report;
}
