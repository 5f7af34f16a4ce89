import type { Page } from 'playwright-core';
import { z } from 'zod';

/**
 * Reads what the extension's UI shows, defensively: the demo reports only what is really on screen
 * and says plainly what it could not find, never a made-up value.
 *
 * Contracts with the UI: the side panel renders each zone as an element with `data-zone` holding
 * the Zone as JSON (components/ZoneList.tsx); the on-chart overlay's host element
 * `heatbands-overlay` (in the page or in the chart frame's document) carries its band count as
 * `data-bands`.
 */
const zoneSchema = z.object({
  side: z.enum(['long', 'short']),
  priceLow: z.number().finite(),
  priceHigh: z.number().finite(),
  notionalUsd: z.number().finite(),
  distancePct: z.number().finite(),
  intensity: z.number().finite(),
});
export type ShownZone = z.infer<typeof zoneSchema>;

export interface Reading<T> {
  value: T;
  /** Why the value is empty or partial, for the demo's report; undefined when all was found. */
  note?: string;
}

export async function readSidePanelZones(sidePanel: Page): Promise<Reading<ShownZone[]>> {
  const raw = await sidePanel
    .locator('[data-zone]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-zone')));
  if (raw.length === 0) return { value: [], note: 'the side panel shows no [data-zone] element (yet)' };
  const zones: ShownZone[] = [];
  const rejected: string[] = [];
  for (const text of raw) {
    let json: unknown;
    try {
      json = JSON.parse(text ?? '');
    } catch {
      rejected.push(`not JSON: ${String(text).slice(0, 60)}`);
      continue;
    }
    const parsed = zoneSchema.safeParse(json);
    if (parsed.success) zones.push(parsed.data);
    else rejected.push(`not a zone: ${String(text).slice(0, 60)}`);
  }
  return rejected.length === 0
    ? { value: zones }
    : { value: zones, note: `${rejected.length} data-zone attribute(s) unreadable: ${rejected.join('; ')}` };
}

export async function readOverlayBands(tradingPage: Page): Promise<Reading<number>> {
  // The overlay draws inside the chart frame's document (in the pane cell), or hints in the page.
  const attribute = await tradingPage.evaluate(`(() => {
    const docs = [document];
    for (const frame of document.querySelectorAll('iframe')) {
      try { if (frame.contentDocument) docs.push(frame.contentDocument); } catch {}
    }
    for (const doc of docs) {
      const host = doc.querySelector('heatbands-overlay');
      if (host) return host.getAttribute('data-bands');
    }
    return undefined;
  })()`);
  if (attribute === undefined)
    return { value: 0, note: 'no heatbands-overlay element on the trading page (yet)' };
  if (attribute === null) return { value: 0, note: 'heatbands-overlay has no data-bands attribute' };
  const bands = Number(attribute);
  if (!Number.isInteger(bands) || bands < 0)
    return { value: 0, note: `data-bands is not a count: ${String(attribute)}` };
  return { value: bands };
}
