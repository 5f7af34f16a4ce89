import type { MappingTier, PaneMapping } from './bridgeProtocol';
import { canMapPrices, priceToY } from './chartGeometry';
import {
  barSeconds,
  type ChartApi,
  type PaneApi,
  type PriceScaleApi,
  type TimeScaleApi,
} from './tradingView';

/**
 * Calibrates price → y and time → x for the chart's main pane from the library's own calls, in
 * tiers, best first (shared/notes/exchange-charts.md):
 *   1. `model`: the library's own mapping through its private model, feature-detected;
 *   2. `documented`: the visible price range over rows 0 … h − 1, and the time scale's bar grid
 *      found with `coordinateToTime` and `barSpacing`;
 *   3. nothing: no band is drawn, and the reason says why.
 * Then a self-check compares the mapping with every other call the chart offers; if one disagrees,
 * nothing is drawn rather than something wrong. `getVisibleRange()` is never mapped onto the pane
 * edges: it holds bar open times, not edges. Pure: the bridge passes the page's objects in.
 */
export type Calibration =
  | { ok: true; tier: MappingTier; mapping: PaneMapping; checks: Record<string, string> }
  | { ok: false; reason: string; loading: boolean; checks: Record<string, string> };

/** How far a cross-check may disagree, CSS px. */
const TOLERANCE_PX = 1;

interface Inputs {
  chart: ChartApi;
  pane: PaneApi;
  scale: PriceScaleApi;
  /** The pane cell as measured in the chart's document, CSS px. */
  measured: { width: number; height: number };
  intervalS: number;
  visible: { from: number; to: number };
  mode: 0 | 1;
}

type Part<T> = { ok: true; value: T } | { ok: false; reason: string };

const fail = (reason: string, loading = false, checks: Record<string, string> = {}): Calibration => ({
  ok: false,
  reason,
  loading,
  checks,
});

/** Which optional calls the chart offers: for the diagnostics. */
export function apiPresence(chart: ChartApi): Record<string, boolean> {
  const scale = safe(() => chart.getPanes?.()[0]?.getMainSourcePriceScale?.());
  const ts = safe(() => chart.getTimeScale?.());
  return {
    hasModel: typeof chart.hasModel === 'function',
    getVisibleRange: typeof chart.getVisibleRange === 'function',
    getPanes: typeof chart.getPanes === 'function',
    getTimeScale: typeof chart.getTimeScale === 'function',
    coordinateToTime: typeof ts?.coordinateToTime === 'function',
    coordinateToPrice: typeof scale?.coordinateToPrice === 'function',
    privateModel: typeof safe(() => chart._chartWidget?.model?.()?.model?.()) === 'object',
  };
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

export function calibrate(chart: ChartApi, measured: { width: number; height: number }): Calibration {
  if (chart.hasModel && !chart.hasModel()) return fail('the chart is still loading', true);
  if (chart.dataReady && !chart.dataReady()) return fail('the chart has no data yet', true);
  const resolution = String(chart.resolution?.() ?? '');
  const intervalS = barSeconds(resolution);
  if (intervalS === undefined) {
    return fail(`bands need a chart of 1 minute bars or more (this chart shows "${resolution}")`);
  }
  const pane = chart.getPanes?.()[0];
  const scale = pane?.getMainSourcePriceScale?.();
  const visible = chart.getVisibleRange?.();
  if (!pane || !scale || !visible) return fail('the chart offers no pane, price scale or visible range');
  const mode = Number(scale.getMode?.() ?? 0);
  if (!canMapPrices(mode)) return fail('set the price scale to regular or logarithmic to see heat bands');
  if (!(measured.width >= 1 && measured.height >= 1)) {
    return fail(`the chart pane measures ${measured.width}×${measured.height} px`);
  }
  const inputs: Inputs = { chart, pane, scale, measured, intervalS, visible, mode: mode as 0 | 1 };

  const reasons: string[] = [];
  let lastChecks: Record<string, string> = {};
  for (const [tier, build] of [
    ['model', modelMapping],
    ['documented', documentedMapping],
  ] as const) {
    const built: Part<PaneMapping> = safe(() => build(inputs)) ?? {
      ok: false,
      reason: `${tier} mapping threw`,
    };
    if (!built.ok) {
      reasons.push(built.reason);
      continue;
    }
    const checks = selfCheck(inputs, built.value);
    const failed = Object.entries(checks).find(([, verdict]) => verdict !== 'ok' && verdict !== 'skipped');
    if (!failed) return { ok: true, tier, mapping: built.value, checks };
    reasons.push(`the ${tier} mapping failed its ${failed[0]} check: ${failed[1]}`);
    lastChecks = checks;
  }
  return fail(`the chart's geometry could not be verified (${reasons.join('; ')})`, false, lastChecks);
}

/** Tier 1: the library's own index → x and price → y, read at two points each. */
function modelMapping({ chart, measured, intervalS, visible, mode }: Inputs): Part<PaneMapping> {
  const model = chart._chartWidget?.model?.()?.model?.();
  const ts = model?.timeScale?.();
  const series = model?.mainSeries?.();
  const priceScale = series?.priceScale?.();
  if (!ts?.timePointToIndex || !ts.indexToCoordinate || !priceScale?.priceToCoordinate) {
    return { ok: false, reason: 'no private chart model' };
  }
  const index = ts.timePointToIndex(visible.from, 0);
  if (index === null || !Number.isFinite(index)) return { ok: false, reason: 'the model has no bar in view' };
  const centre = ts.indexToCoordinate(index);
  const spacing = ts.indexToCoordinate(index + 1) - centre;
  if (!(spacing > 0)) return { ok: false, reason: `the model gives a bar spacing of ${spacing}` };
  const firstValue = series?.firstValue?.() ?? null;
  const range = chart.getPanes?.()[0]?.getMainSourcePriceScale?.()?.getVisiblePriceRange?.();
  if (!range) return { ok: false, reason: 'no visible price range' };
  // Two prices and their rows from the library; the line through them gives rows 0 and h − 1.
  const [pa, pb] = [range.to, range.from];
  const ya = priceScale.priceToCoordinate(pa, firstValue);
  const yb = priceScale.priceToCoordinate(pb, firstValue);
  if (!(Math.abs(yb - ya) > 0.5)) return { ok: false, reason: 'the model maps the price range to one row' };
  const f = mode === 1 ? Math.log : (v: number) => v;
  const g = mode === 1 ? Math.exp : (v: number) => v;
  const at = (y: number) => g(f(pa) + ((y - ya) * (f(pb) - f(pa))) / (yb - ya));
  const bottomRow = measured.height - 1;
  return {
    ok: true,
    value: {
      time: { anchorX: centre - spacing / 2, anchorTime: visible.from, spacing, intervalS },
      price: { mode, top: at(0), bottom: at(bottomRow), bottomRow },
      width: measured.width,
      height: measured.height,
    },
  };
}

/** Tier 2: documented calls only. */
function documentedMapping({ chart, scale, measured, intervalS, mode }: Inputs): Part<PaneMapping> {
  const range = scale.getVisiblePriceRange?.();
  if (!range || range.to === range.from) return { ok: false, reason: 'no visible price range' };
  const ts = chart.getTimeScale?.();
  const boundary = ts ? findBarBoundary(ts, measured.width) : undefined;
  if (!ts || !boundary) return { ok: false, reason: 'no time scale to find a bar boundary with' };
  return {
    ok: true,
    value: {
      time: { anchorX: boundary.x, anchorTime: boundary.time, spacing: boundary.spacing, intervalS },
      price: { mode, top: range.to, bottom: range.from, bottomRow: measured.height - 1 },
      width: measured.width,
      height: measured.height,
    },
  };
}

/**
 * The left edge of one bar in view: the smallest x at which `coordinateToTime` names that bar,
 * found by bisection between a point inside it and one a bar's width to the left.
 */
export function findBarBoundary(
  ts: TimeScaleApi,
  width: number,
): { x: number; time: number; spacing: number } | undefined {
  const spacing = ts.barSpacing?.();
  const lookup = ts.coordinateToTime?.bind(ts);
  if (!lookup || !(spacing !== undefined && spacing > 0)) return undefined;
  for (const share of [0.5, 0.3, 0.7, 0.15, 0.85]) {
    const inside = width * share;
    const time = lookup(inside);
    if (time === null || time === undefined || !Number.isFinite(time)) continue;
    let hi = inside;
    let lo = inside - spacing * 1.01;
    if (lookup(lo) === time) continue;
    for (let i = 0; i < 40 && hi - lo > 1e-3; i++) {
      const mid = (lo + hi) / 2;
      if (lookup(mid) === time) hi = mid;
      else lo = mid;
    }
    return { x: hi, time, spacing };
  }
  return undefined;
}

/**
 * Compares a mapping with every other call the chart offers. Each verdict is `ok`, `skipped`
 * (the call is missing), or what disagreed.
 */
export function selfCheck(
  { chart, pane, scale, measured, intervalS, visible }: Inputs,
  mapping: PaneMapping,
): Record<string, string> {
  const checks: Record<string, string> = {};
  const off = (a: number, b: number) => `off by ${Math.abs(a - b).toFixed(1)} px`;
  const ts = safe(() => chart.getTimeScale?.());

  const tsWidth = safe(() => ts?.width?.());
  checks.paneWidth =
    tsWidth === undefined
      ? 'skipped'
      : Math.abs(tsWidth - measured.width) <= TOLERANCE_PX
        ? 'ok'
        : `pane cell ${measured.width} px, time scale ${tsWidth} px`;
  const height = safe(() => pane.getHeight?.());
  checks.paneHeight =
    height === undefined
      ? 'skipped'
      : Math.abs(height - measured.height) <= TOLERANCE_PX
        ? 'ok'
        : `pane cell ${measured.height} px, pane ${height} px`;

  const range = safe(() => scale.getVisiblePriceRange?.());
  if (!range) checks.priceRange = 'skipped';
  else {
    const top = priceToY(mapping, range.to);
    const bottom = priceToY(mapping, range.from);
    checks.priceRange =
      Math.abs(top) <= TOLERANCE_PX && Math.abs(bottom - (measured.height - 1)) <= TOLERANCE_PX
        ? 'ok'
        : `visible range ${off(top, 0)} at the top, ${off(bottom, measured.height - 1)} at the bottom`;
  }

  if (typeof scale.coordinateToPrice !== 'function') checks.priceRoundTrip = 'skipped';
  else {
    let worst = 0;
    for (const y of [0, Math.round((measured.height - 1) / 2), measured.height - 1]) {
      const p = scale.coordinateToPrice(y);
      if (p === null || !Number.isFinite(p)) continue;
      worst = Math.max(worst, Math.abs(priceToY(mapping, p) - y));
    }
    checks.priceRoundTrip = worst <= 0.5 ? 'ok' : `rows come back ${worst.toFixed(1)} px off`;
  }

  checks.barGrid =
    Math.abs((visible.to - visible.from) / intervalS - Math.round((visible.to - visible.from) / intervalS)) <
    1e-6
      ? 'ok'
      : `bar times are not ${intervalS} s apart`;

  const lookup = ts?.coordinateToTime?.bind(ts);
  if (!lookup) checks.timeLookup = 'skipped';
  else {
    let seen = 0;
    let wrong = '';
    for (const share of [0.2, 0.5, 0.8]) {
      // The centre of the bar under this x, by the mapping; the library must name the same bar.
      const x = measured.width * share;
      const k = Math.floor((x - mapping.time.anchorX) / mapping.time.spacing);
      const centre = mapping.time.anchorX + (k + 0.5) * mapping.time.spacing;
      const expected = mapping.time.anchorTime + k * intervalS;
      const named = safe(() => lookup(centre));
      if (named === null || named === undefined) continue;
      seen++;
      if (named !== expected) wrong = `x ${centre.toFixed(1)} is bar ${named}, the mapping says ${expected}`;
    }
    checks.timeLookup = wrong || (seen > 0 ? 'ok' : 'skipped');
  }
  return checks;
}
