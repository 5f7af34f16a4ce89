import { describe, expect, it } from 'vitest';
import { calibrate, findBarBoundary } from './calibrate';
import { barLeftX, priceToY } from './chartGeometry';
import type { ChartApi } from './tradingView';

/**
 * A chart built to the library's semantics in shared/notes/exchange-charts.md: 200 bars of 15
 * minutes, `spacing` px apart; bar i's centre at x0 + i × spacing; getVisibleRange() gives bar
 * open times (rounded wider, `to` extrapolated, `from` clamped at the data start);
 * getVisiblePriceRange() gives the prices of rows 0 and h − 1, inversion applied.
 */
interface FakeOptions {
  x0?: number;
  spacing?: number;
  width?: number;
  height?: number;
  top?: number;
  bottom?: number;
  mode?: number;
  inverted?: boolean;
  privateModel?: boolean;
  coordinateToPrice?: boolean;
  hasModel?: boolean;
  resolution?: string;
  maximized?: boolean;
  /** Lie in one call, to prove the self-check catches it. */
  timeScaleWidth?: number;
}

const T0 = 1_780_000_200;
const BARS = 200;
const INTERVAL = 900;

function fakeChart(o: FakeOptions = {}): ChartApi {
  const x0 = o.x0 ?? -400;
  const spacing = o.spacing ?? 8;
  const width = o.width ?? 800;
  const height = o.height ?? 500;
  const [hi, lo] = [o.top ?? 70_000, o.bottom ?? 60_000];
  const log = o.mode === 1;
  const f = log ? Math.log : (v: number) => v;
  const g = log ? Math.exp : (v: number) => v;
  // Row of a price, inversion applied, rows 0 … h − 1.
  const row = (p: number) => {
    const share = (f(hi) - f(p)) / (f(hi) - f(lo));
    return (o.inverted ? 1 - share : share) * (height - 1);
  };
  const priceAt = (y: number) => {
    const share = y / (height - 1);
    return g(f(hi) - (o.inverted ? 1 - share : share) * (f(hi) - f(lo)));
  };
  const indexAt = (x: number) => Math.round((x - x0) / spacing);
  const timeOf = (i: number) => T0 + i * INTERVAL;
  const modelReady = o.hasModel ?? true;
  const needModel = () => {
    if (!modelReady) throw new Error('Cannot read properties of null (reading "model")');
  };
  const scale = {
    getVisiblePriceRange: () => {
      needModel();
      return o.inverted ? { from: hi, to: lo } : { from: lo, to: hi };
    },
    getMode: () => o.mode ?? 0,
    isInverted: () => Boolean(o.inverted),
    ...(o.coordinateToPrice ? { coordinateToPrice: (y: number) => priceAt(y) } : {}),
  };
  const chart: ChartApi = {
    hasModel: () => modelReady,
    symbol: () => 'BTCUSDT@PRICETYPE=LAST',
    resolution: () => o.resolution ?? '15',
    dataReady: () => true,
    getVisibleRange: () => {
      const first = Math.max(0, Math.floor((0 - x0) / spacing + 0.5));
      const last = Math.ceil((width - x0) / spacing - 0.5);
      return { from: timeOf(first), to: timeOf(last) };
    },
    getPanes: () => {
      needModel();
      return [{ getHeight: () => height, getMainSourcePriceScale: () => scale }];
    },
    getAllPanesHeight: () => (o.maximized ? [1000, 0] : [height]),
    getTimeScale: () => ({
      width: () => o.timeScaleWidth ?? width,
      barSpacing: () => spacing,
      rightOffset: () => 0,
      coordinateToTime: (x: number) => {
        const i = indexAt(x);
        return i >= 0 && i < BARS ? timeOf(i) : null;
      },
    }),
  };
  if (o.privateModel) {
    chart._chartWidget = {
      model: () => ({
        model: () => ({
          timeScale: () => ({
            timePointToIndex: (t: number) => (t - T0) / INTERVAL,
            indexToCoordinate: (i: number) => x0 + i * spacing,
          }),
          mainSeries: () => ({
            priceScale: () => ({ priceToCoordinate: (p: number) => row(p) }),
            firstValue: () => null,
          }),
        }),
      }),
    };
  }
  return chart;
}

const pane = { width: 800, height: 500 };
/** Left edge of bar i in the fake chart. */
const leftEdge = (i: number, x0 = -400, spacing = 8) => x0 + i * spacing - spacing / 2;

describe('calibrate: price and time to pixels from the chart library', () => {
  for (const privateModel of [true, false]) {
    const tier = privateModel ? 'model' : 'documented';
    it(`maps bar edges and prices exactly with the ${tier} tier`, () => {
      const c = calibrate(fakeChart({ privateModel, coordinateToPrice: true }), pane);
      if (!c.ok) throw new Error(c.reason);
      expect(c.tier).toBe(tier);
      for (const i of [60, 100, 149]) {
        expect(barLeftX(c.mapping, (T0 + i * INTERVAL) * 1000)).toBeCloseTo(leftEdge(i), 2);
        // A time inside the bar belongs to the same bar.
        expect(barLeftX(c.mapping, (T0 + i * INTERVAL + 600) * 1000)).toBeCloseTo(leftEdge(i), 2);
      }
      expect(priceToY(c.mapping, 70_000)).toBeCloseTo(0, 6);
      expect(priceToY(c.mapping, 60_000)).toBeCloseTo(499, 6);
      expect(Object.values(c.checks).every((v) => v === 'ok' || v === 'skipped')).toBe(true);
    });
  }

  it('takes an inverted scale as the library reports it (to < from), flipping nothing twice', () => {
    for (const privateModel of [true, false]) {
      const c = calibrate(fakeChart({ inverted: true, privateModel }), pane);
      if (!c.ok) throw new Error(c.reason);
      expect(priceToY(c.mapping, 60_000)).toBeCloseTo(0, 6);
      expect(priceToY(c.mapping, 70_000)).toBeCloseTo(499, 6);
    }
  });

  it('maps a log scale in log space', () => {
    const c = calibrate(fakeChart({ mode: 1, top: 80_000, bottom: 20_000, coordinateToPrice: true }), pane);
    if (!c.ok) throw new Error(c.reason);
    expect(priceToY(c.mapping, 40_000)).toBeCloseTo(249.5, 6);
  });

  it('stays aligned when scrolled left of the data start, where getVisibleRange().from is clamped', () => {
    // Bar 0 sits at x = 300: the left 300 px show no data.
    const c = calibrate(fakeChart({ x0: 300 }), pane);
    if (!c.ok) throw new Error(c.reason);
    expect(barLeftX(c.mapping, T0 * 1000)).toBeCloseTo(296, 2);
    expect(barLeftX(c.mapping, (T0 + 10 * INTERVAL) * 1000)).toBeCloseTo(376, 2);
  });

  it('reads the pane height from the pane, not from getAllPanesHeight (stretch factors when maximized)', () => {
    const c = calibrate(fakeChart({ maximized: true }), pane);
    expect(c.ok).toBe(true);
  });

  it('waits while the chart has no model, without calling what would throw', () => {
    const c = calibrate(fakeChart({ hasModel: false }), pane);
    expect(c).toMatchObject({ ok: false, loading: true });
  });

  it('draws nothing, and says why, when a cross-check disagrees', () => {
    // The 0-px left axis cell mistaken for the price axis: the measured pane is not the chart's.
    const wrongPane = calibrate(fakeChart(), { width: 740, height: 500 });
    expect(wrongPane.ok).toBe(false);
    if (!wrongPane.ok) expect(wrongPane.reason).toMatch(/paneWidth/);
    const lyingScale = calibrate(fakeChart({ timeScaleWidth: 780 }), pane);
    expect(lyingScale.ok).toBe(false);
  });

  it('refuses price scales in percent or indexed mode, and charts without an even bar grid', () => {
    const percent = calibrate(fakeChart({ mode: 2 }), pane);
    expect(percent.ok).toBe(false);
    if (!percent.ok) expect(percent.reason).toMatch(/regular or logarithmic/);
    const seconds = calibrate(fakeChart({ resolution: '1S' }), pane);
    expect(seconds.ok).toBe(false);
  });

  it('says so when neither tier is there', () => {
    const bare: ChartApi = { ...fakeChart(), getTimeScale: undefined };
    const c = calibrate(bare, pane);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.reason).toMatch(/no private chart model.*no time scale/);
  });
});

describe('findBarBoundary', () => {
  it('finds a bar left edge within a thousandth of a pixel', () => {
    const ts = fakeChart({ x0: 3.3, spacing: 13.7 }).getTimeScale!();
    const b = findBarBoundary(ts, 800)!;
    const i = (b.time - T0) / INTERVAL;
    expect(b.x).toBeCloseTo(3.3 + i * 13.7 - 13.7 / 2, 2);
  });
});
