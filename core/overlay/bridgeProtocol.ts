import { z } from 'zod';

/**
 * The messages between the chart bridge (entrypoints/chart-bridge.ts, in the page's MAIN world,
 * where TradingView's `tradingViewApi` is reachable) and the overlay's content script (isolated
 * world). They travel by `window.postMessage`, which any script on the page can also post: the
 * content script accepts only this exact shape, with finite numbers in sane ranges, and the token
 * it gave the bridge (which filters out stale bridges and cross-talk; it is no secret from the page).
 */
export const BRIDGE_CHANNEL = 'heatbands-chart-bridge';
export const BRIDGE_VERSION = 1;

/** The largest pane we size a canvas for, CSS px; a bigger claim is clamped, not trusted. */
export const MAX_PANE_PX = 8192;

/** The bridge's settings, passed as data attributes of its script element (see injectScript). */
export interface BridgeConfig {
  token: string;
  /** The TradingView frame in the top page, e.g. `iframe[id^="tradingview_"]`. */
  frameSelector: string;
  /** The price axis inside the frame: its left edge is the pane's right edge. */
  priceAxisSelector: string;
  /** The element around the chart's panes and axes inside the frame: its left edge is the pane's. */
  paneTableSelector: string;
}

const finite = (min: number, max: number) =>
  z.number().refine(Number.isFinite, 'not a finite number').pipe(z.number().min(min).max(max));

/** A pixel coordinate in the top page's viewport (CSS px). */
const coordinate = finite(-100_000, 100_000);
const size = finite(0, 100_000).transform((v) => Math.min(v, MAX_PANE_PX));
/** Chart times are UNIX seconds (the Charting Library's unit): 1970 … year 5138. */
const chartTime = finite(0, 1e11);
const price = finite(-1e12, 1e12);

const ReadyChart = z
  .object({
    state: z.literal('ready'),
    /** As the library reports it, e.g. "BTCUSDT@PRICETYPE=LAST". */
    symbol: z.string().max(64),
    resolution: z.string().max(16),
    time: z.object({ from: chartTime, to: chartTime }).strict(),
    price: z.object({ from: price, to: price }).strict(),
    /** The library's price-scale modes: 0 regular, 1 log, 2 percent, 3 indexed to 100. */
    scaleMode: z.number().int().min(0).max(3),
    inverted: z.boolean(),
    /** The main pane's box in the top page's viewport, CSS px. */
    pane: z.object({ left: coordinate, top: coordinate, width: size, height: size }).strict(),
  })
  .strict()
  .refine((c) => c.time.to > c.time.from, 'empty time range')
  .refine((c) => c.price.to > c.price.from, 'empty price range')
  .refine((c) => c.scaleMode !== 1 || c.price.from > 0, 'a log scale needs positive prices');

const ChartReading = z.union([
  ReadyChart,
  /** No TradingView frame on the page: the site's own chart (Basic) or a page still loading. */
  z.object({ state: z.literal('absent') }).strict(),
  /** The frame is there but not shown (Depth). */
  z.object({ state: z.literal('hidden') }).strict(),
  /** The frame is shown but its chart cannot be read (yet): no API, no data, or cross-origin. */
  z.object({ state: z.literal('unreadable'), reason: z.string().max(200) }).strict(),
]);

export const BridgeChartMessageSchema = z
  .object({
    channel: z.literal(BRIDGE_CHANNEL),
    version: z.literal(BRIDGE_VERSION),
    token: z.string().min(8).max(64),
    kind: z.literal('chart'),
    chart: ChartReading,
  })
  .strict();

export type BridgeChartMessage = z.input<typeof BridgeChartMessageSchema>;
export type ChartReading = z.output<typeof ChartReading>;
export type ReadyChartReading = Extract<ChartReading, { state: 'ready' }>;

/** Sent by the content script to retire a bridge (overlay off, extension reloaded). */
export interface BridgeStopMessage {
  channel: typeof BRIDGE_CHANNEL;
  version: typeof BRIDGE_VERSION;
  token: string;
  kind: 'stop';
}

/** The chart reading in a bridge message, or undefined for anything else or another token. */
export function parseBridgeMessage(raw: unknown, token: string): ChartReading | undefined {
  const r = BridgeChartMessageSchema.safeParse(raw);
  if (!r.success || r.data.token !== token) return undefined;
  return r.data.chart;
}
