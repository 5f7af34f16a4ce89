import * as z from 'zod/mini';
import { PANE_TIERS } from './tradingView';

/**
 * The messages between the chart bridge (entrypoints/chart-bridge.ts, in the page's MAIN world,
 * where TradingView's `tradingViewApi` is reachable) and the overlay's content script (isolated
 * world). They travel by `window.postMessage`, which any script on the page can also post: the
 * content script accepts only this exact shape, with finite numbers in sane ranges, and the token
 * it gave the bridge (which filters out stale bridges and cross-talk; it is no secret from the page).
 */
export const BRIDGE_CHANNEL = 'heatbands-chart-bridge';
export const BRIDGE_VERSION = 2;

/** The largest pane we size a canvas for, CSS px; a bigger claim is refused. */
export const MAX_PANE_PX = 8192;

/** The bridge's settings, passed as data attributes of its script element (see injectScript). */
export interface BridgeConfig {
  token: string;
  /** The site's TradingView frame in the top page, e.g. `iframe[id^="tradingview_"]`. */
  frameSelector: string;
}

/** A number in [min, max]; zod's numbers refuse NaN and infinities by themselves. */
const finite = (min: number, max: number) => z.number().check(z.minimum(min), z.maximum(max));

const px = finite(-100_000, 100_000);
const paneSize = finite(1, MAX_PANE_PX);
/** Chart times are UNIX seconds (the library's unit): 1970 … year 5138. */
const chartTime = finite(0, 1e11);
const price = finite(-1e12, 1e12);

/**
 * Where times and prices fall in the main pane, pane-relative CSS px, as the bridge calibrated it
 * (see core/overlay/calibrate.ts). Time: bars are `spacing` px apart and `intervalS` seconds
 * long; the bar opening at `anchorTime` starts at `anchorX`. Price: row 0 shows `top`, row
 * `bottomRow` (h − 1) shows `bottom`, linear or (mode 1) logarithmic; an inverted scale simply
 * has top < bottom.
 */
export const PaneMappingSchema = z.strictObject({
  time: z.strictObject({
    anchorX: px,
    anchorTime: chartTime,
    spacing: finite(0.01, 10_000),
    intervalS: finite(1, 366 * 86_400),
  }),
  price: z
    .strictObject({
      mode: z.union([z.literal(0), z.literal(1)]),
      top: price,
      bottom: price,
      bottomRow: finite(0, MAX_PANE_PX),
    })
    .check(
      z.refine((p) => p.top !== p.bottom, 'an empty price range'),
      z.refine((p) => p.mode === 0 || (p.top > 0 && p.bottom > 0), 'a log scale needs positive prices'),
    ),
  width: paneSize,
  height: paneSize,
});
export type PaneMapping = z.output<typeof PaneMappingSchema>;

/** How the mapping was found, best first; `documented` uses only the library's public API. */
export const MAPPING_TIERS = ['model', 'documented'] as const;
export type MappingTier = (typeof MAPPING_TIERS)[number];

const text = (max: number) => z.string().check(z.maxLength(max));

/** One frame as the probe saw it: enough to tell a site change apart, nothing about the user. */
const ProbedFrame = z.strictObject({
  id: text(80),
  name: text(80),
  /** Origin and path only: no query, no fragment. */
  src: text(200),
  sameOrigin: z.boolean(),
  tradingViewApi: z.boolean(),
});

/** What the bridge found on the page: frames, library globals, the chart it reads and how. */
export const ProbeSchema = z.strictObject({
  frames: z.array(ProbedFrame).check(z.maxLength(40)),
  /** Which of TradingView's usual globals the top window has (`typeof` of each). */
  globals: z.record(text(20), text(20)),
  /** Where the chart was read: `frame:<id>`, `top`, or none. */
  chartAt: z.optional(text(100)),
  tier: z.optional(z.enum(MAPPING_TIERS)),
  /** Which tier of the pane finder found the main pane (utils/tradingViewPane.ts). */
  paneTier: z.optional(z.enum(PANE_TIERS)),
  /** How many charts the chart document shows (multi-chart layouts show several). */
  charts: z.optional(finite(0, 64)),
  /** The chart frame's `version` attribute (from v29.4), e.g. "CL v30.2.0 (internal id …)". */
  frameVersion: z.optional(text(120)),
  /** The self-check's verdicts, e.g. `{ paneWidth: 'ok', priceRoundTrip: 'off by 3.2 px' }`. */
  checks: z.record(text(40), text(200)),
  /** Which optional library calls exist (feature detection), e.g. `getTimeScale: true`. */
  api: z.record(text(40), z.boolean()),
});
export type Probe = z.output<typeof ProbeSchema>;

const ReadyChart = z.strictObject({
  state: z.literal('ready'),
  /** As the library reports it, e.g. "BTCUSDT@PRICETYPE=LAST". */
  symbol: text(64),
  resolution: text(16),
  tier: z.enum(MAPPING_TIERS),
  mapping: PaneMappingSchema,
  /**
   * Which element the mapping was measured on, for the content script to find it again: the pane
   * finder's tier and the element's index among that tier's matches; `epoch` moves on whenever the
   * element is a new one (the chart rebuilt its pane), so the overlay follows even at the same size.
   */
  pane: z.strictObject({
    tier: z.enum(PANE_TIERS),
    index: z.int().check(z.minimum(0), z.maximum(100_000)),
    epoch: z.int().check(z.minimum(0), z.maximum(1e9)),
  }),
  /** The frame whose document holds the pane (its id), or absent when it is the top page. */
  frameId: z.optional(text(80)),
});

export const ChartReadingSchema = z.union([
  ReadyChart,
  /**
   * No readable TradingView chart on the page: the site's own chart (Basic), a page still loading,
   * or a chart in a frame of another origin (`crossOrigin`: that frame's origin), which no script of
   * the page can read.
   */
  z.strictObject({ state: z.literal('absent'), crossOrigin: z.optional(text(200)) }),
  /** The frame is there but not shown (Depth). */
  z.strictObject({ state: z.literal('hidden') }),
  /** A chart is there but cannot be read, or a check failed: no band may be drawn, and why. */
  z.strictObject({ state: z.literal('unreadable'), reason: text(200), loading: z.boolean() }),
]);

export const BridgeChartMessageSchema = z.strictObject({
  channel: z.literal(BRIDGE_CHANNEL),
  version: z.literal(BRIDGE_VERSION),
  token: z.string().check(z.minLength(8), z.maxLength(64)),
  kind: z.literal('chart'),
  chart: ChartReadingSchema,
  /**
   * The probe; its frame list and globals (a few KB on a page of many frames) only when they changed
   * since this bridge's last message: without them, the last ones stand.
   */
  probe: z.extend(ProbeSchema, {
    frames: z.optional(ProbeSchema.shape.frames),
    globals: z.optional(ProbeSchema.shape.globals),
  }),
});

export type BridgeChartMessage = z.input<typeof BridgeChartMessageSchema>;
export type ChartReading = z.output<typeof ChartReadingSchema>;

/** Sent by the content script to retire a bridge (overlay off, extension reloaded). */
export interface BridgeStopMessage {
  channel: typeof BRIDGE_CHANNEL;
  version: typeof BRIDGE_VERSION;
  token: string;
  kind: 'stop';
}

/**
 * Posted by a bridge as it starts: an older bridge in the same page (left by an extension that was
 * reloaded) sees another token and retires, so no global marks the page as having HeatBands.
 */
export interface BridgeHelloMessage {
  channel: typeof BRIDGE_CHANNEL;
  version: typeof BRIDGE_VERSION;
  token: string;
  kind: 'hello';
}

/** The reading and probe in a bridge message, or undefined for anything else or another token. */
export function parseBridgeMessage(
  raw: unknown,
  token: string,
  previous?: Probe,
): { chart: ChartReading; probe: Probe } | undefined {
  const r = BridgeChartMessageSchema.safeParse(raw);
  if (!r.success || r.data.token !== token) return undefined;
  const { frames, globals, ...rest } = r.data.probe;
  return {
    chart: r.data.chart,
    probe: { ...rest, frames: frames ?? previous?.frames ?? [], globals: globals ?? previous?.globals ?? {} },
  };
}
