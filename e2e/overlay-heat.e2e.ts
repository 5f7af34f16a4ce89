import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeatmapReply } from '../core/messaging';
import {
  type LaunchedExtension,
  launchExtension,
  messageServiceWorker,
  openExtensionPage,
  saveJsonArtifact,
  saveScreenshot,
  waitForWorkerBands,
} from '../tools/browser';
import {
  isDrawing,
  type MarkedZoneAttr,
  overlayControl,
  overlayLegendRows,
  overlayZoneMarks,
  waitForOverlay,
} from '../tools/browser/overlay';
import { installBinancePage } from '../tools/browser/standin/binance-page';
import { tradingViewFrame } from '../tools/browser/standin/site';
import { DEMO_SYMBOL, loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';

type OkReply = Extract<HeatmapReply, { ok: true }>;
type ReplyZone = OkReply['zones'][number];

const FIVE_MINUTES = 5 * 60_000;

/**
 * THE MOMENT: 2026-06-02 15:15 UTC in the embedded demo slice (tools/demo-data, from 2026-06-01
 * 00:00), the newest bar 15:15, price 67,680. Price has fallen 4.6 % in 12 hours; near it, the
 * engine's estimate is lopsided: within ±2 % of the price the newest column holds $81.2M of long
 * liquidations below and $8.5M of short liquidations above (9.6×); the shorts' zones lie above the
 * fall, at about 71,900–72,900. Found by running the engine over
 * the shared 5-minute recording (12h windows every 5 minutes, Binance bars alone; with the same
 * bars for Bybit too, as the replay serves them, $161.5M against $17.9M, 9.0×).
 *
 * Reads only the overlay's contract (tools/browser/overlay.ts) and the worker's reply, so it holds
 * whatever the stand-in chart's markup or the bridge's pane finder become.
 */
const MOMENT = Date.UTC(2026, 5, 2, 15, 15);

describe('one heat model: the chart shows what the side panel lists, for a lopsided book', () => {
  const bars = loadDemoBars();
  let replay: ReplayExchange;
  let ext: LaunchedExtension;
  let page: Page;
  let reply: OkReply;

  beforeAll(async () => {
    // The clock just after the moment's bar closed; it stands still.
    const start = MOMENT + FIVE_MINUTES + 2 * 60_000;
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start, speed: 0 });
    ext = await launchExtension({ replay });
    const site = await installBinancePage(ext.context, {
      candles: () => bars.filter((b) => b.time + FIVE_MINUTES <= replay.clock.now()),
      resolution: '5',
    });
    const extensionPage = await openExtensionPage(ext, 'popup.html');
    await messageServiceWorker(extensionPage, { type: 'refresh' });
    reply = await waitForWorkerBands<OkReply>(extensionPage, DEMO_SYMBOL);
    await saveJsonArtifact('overlay-heat-reply', {
      asOf: new Date(reply.asOf).toISOString(),
      price: reply.price,
      heat: reply.heat,
      zones: reply.zones,
      bandsPerSide: countBy(reply.bands, (b) => `${b.side}:${b.level}`),
    });
    page = await ext.context.newPage();
    await page.goto(site.url(DEMO_SYMBOL, { mode: 'tradingview' }));
    await page.mouse.move(1, 1);
    await waitForOverlay(page, isDrawing, { what: 'drawing overlay', timeoutMs: 40_000 });
    // As a trader would drag the price scale: every listed zone of both sides in view.
    const low = Math.min(...reply.zones.map((z) => z.priceLow)) * 0.995;
    const high = Math.max(...reply.zones.map((z) => z.priceHigh)) * 1.005;
    const frame = await tradingViewFrame(page);
    await frame.evaluate(
      `window.tradingViewApi.activeChart().getPanes()[0].getMainSourcePriceScale().setVisiblePriceRange({ from: ${low}, to: ${high} })`,
    );
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
  });

  it('is at the lopsided moment: the worker answers for it with zones on both sides', () => {
    expect(reply.asOf).toBe(MOMENT + FIVE_MINUTES);
    expect(Math.abs(reply.price - 67_680) / 67_680).toBeLessThan(0.002);
    expect(reply.zones.some((z) => z.side === 'long')).toBe(true);
    expect(reply.zones.some((z) => z.side === 'short')).toBe(true);
  });

  it('classes each side apart: both sides get bands of their own brightest class, and a legend in USD', () => {
    const heat = reply.heat!;
    expect(heat).toBeDefined();
    for (const side of ['long', 'short'] as const) {
      expect(heat[side].length, `${side} legend`).toBeGreaterThan(0);
      const top = Math.max(...heat[side].map((e) => e.level));
      expect(top, `${side}'s brightest class`).toBe(heat.classes);
      expect(
        reply.bands.some((b) => b.side === side && b.level === top),
        `a ${side} band of class ${top}`,
      ).toBe(true);
    }
  });

  it('shows every listed zone in view as a band or outlined, both sides, and says which', async () => {
    // Every listed zone is in view now (beforeAll widened the price scale): each is shown one way.
    await expect
      .poll(async () => {
        const m = await overlayZoneMarks(page);
        return (m.banded?.length ?? 0) + (m.outlined?.length ?? 0);
      })
      .toBe(reply.zones.length);
    const marks = await overlayZoneMarks(page);
    const banded = marks.banded!;
    const outlined = marks.outlined!;
    await saveScreenshot(page, 'overlay-heat');
    await saveJsonArtifact('overlay-heat-marks', marks);
    const key = (z: MarkedZoneAttr | ReplyZone) => `${z.side}:${z.priceLow}:${z.priceHigh}`;
    const listed = new Set(reply.zones.map(key));
    // Only the listed zones, each shown one way at most.
    for (const z of [...banded, ...outlined]) expect(listed.has(key(z)), key(z)).toBe(true);
    expect(new Set([...banded, ...outlined].map(key)).size).toBe(banded.length + outlined.length);
    // "Shown as a band" holds against the worker's bands: a live band of the side over its prices.
    for (const z of banded) {
      const band = reply.bands.find(
        (b) =>
          b.side === z.side &&
          b.timeEnd >= reply.asOf &&
          b.priceLow < z.priceHigh &&
          b.priceHigh > z.priceLow,
      );
      expect(band, `a live ${z.side} band over ${key(z)}`).toBeDefined();
    }
    // Both sides' zones are on the chart.
    for (const side of ['long', 'short'] as const) {
      const shown = [...banded, ...outlined].filter((z) => z.side === side);
      expect(shown.length, `${side} zones on the chart: ${JSON.stringify(marks)}`).toBeGreaterThan(0);
    }
  });

  it('keeps its legend folded until the button unfolds it: the classes in USD per side', async () => {
    expect((await overlayZoneMarks(page)).legend).toBe('folded');
    expect(await overlayLegendRows(page)).toEqual([]);
    await (await overlayControl(page, '[data-action="legend"]')).click();
    await expect.poll(async () => (await overlayZoneMarks(page)).legend).toBe('open');
    const rows = await overlayLegendRows(page);
    for (const side of ['long', 'short'] as const) {
      const own = rows.filter((r) => r.side === side);
      expect(own.map((r) => r.level).sort()).toEqual(reply.heat![side].map((e) => e.level).sort());
      for (const row of own) expect(row.text).toMatch(/\$/);
    }
    await saveScreenshot(page, 'overlay-heat-legend');
    await (await overlayControl(page, '[data-action="legend"]')).click();
    await expect.poll(async () => (await overlayZoneMarks(page)).legend).toBe('folded');
  });
});

function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[keyOf(item)] = (out[keyOf(item)] ?? 0) + 1;
  return out;
}
