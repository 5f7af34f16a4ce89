import {
  type CandlestickData,
  CandlestickSeries,
  CrosshairMode,
  createChart,
  type IChartApi,
  type ISeriesApi,
  type MouseEventParams,
  type Time,
  type UTCTimestamp,
  type WhitespaceData,
} from 'lightweight-charts';
import { useEffect, useRef } from 'preact/hooks';
import type { LiquidationEvent } from '@/core/exchanges/types';
import type { HeatmapResult } from '@/core/model/types';
import { CANDLE_DOWN, CANDLE_UP } from '@/core/render/heatImage';
import type { HeatScale } from '@/core/render/heatScale';
import type { DepthLayer } from '@/core/settings';
import { type DepthLayerData, DepthPrimitive } from './depthPrimitive';
import { HeatmapPrimitive } from './heatmapPrimitive';
import { LiquidationsPrimitive } from './liquidationsPrimitive';
import { ProfilePrimitive } from './profilePrimitive';

/** What the crosshair is over: the time, the price, and the estimate in that cell. */
export interface CrosshairReading {
  time: number;
  price: number;
  column: number;
  row: number;
  longUsd: number;
  shortUsd: number;
  /** Signed distance from the last price, %. */
  distancePct: number;
}

/** What the panel can ask of the chart once it exists. */
export interface StudyChartHandle {
  /** Centres the price scale on a price range, keeping the current zoom (or enough to show it). */
  centreOn(priceLow: number, priceHigh: number): void;
  /** The chart as drawn, for the PNG export. */
  screenshot(): HTMLCanvasElement;
  /** Pixel positions as the chart itself maps them (used by the pixel check in e2e). */
  priceToCoordinate(price: number): number | null;
  timeToCoordinate(timeMs: number): number | null;
  barSpacing(): number;
}

export interface StudyChartProps {
  /** The market shown: a new one (or window) is fitted whole. */
  symbol: string;
  result: HeatmapResult;
  scale: HeatScale;
  /** Real liquidations recorded in the window, drawn as bubbles. */
  liquidations: readonly LiquidationEvent[];
  /** Recorded depth on the grid's cells, and where it goes: under the heat, instead of it, or off. */
  depth?: DepthLayerData | undefined;
  depthLayer?: DepthLayer;
  height: number;
  onCrosshair: (reading: CrosshairReading | undefined) => void;
  onReady: (handle: StudyChartHandle | undefined) => void;
}

/** One candle per grid column, so the time scale's logical index is the grid's column. */
function candles(result: HeatmapResult): Array<CandlestickData<Time> | WhitespaceData<Time>> {
  const { grid } = result;
  const out: Array<CandlestickData<Time> | WhitespaceData<Time>> = [];
  for (let c = 0; c < grid.columns; c++) {
    const time = (grid.columnTimes[c]! / 1000) as UTCTimestamp;
    const [open, high, low, close] = [grid.open[c]!, grid.high[c]!, grid.low[c]!, grid.close[c]!];
    out.push(
      [open, high, low, close].every((v) => Number.isFinite(v) && v > 0)
        ? { time, open, high, low, close }
        : { time },
    );
  }
  return out;
}

function readCrosshair(
  param: MouseEventParams<Time>,
  series: ISeriesApi<'Candlestick'>,
  result: HeatmapResult,
): CrosshairReading | undefined {
  const { grid } = result;
  if (!param.point || param.logical === undefined) return undefined;
  const column = Math.round(param.logical);
  const price = series.coordinateToPrice(param.point.y);
  if (price === null || column < 0 || column >= grid.columns) return undefined;
  const row = Math.floor((price - grid.priceMin) / grid.binSize);
  const inGrid = row >= 0 && row < grid.rows;
  const cell = column * grid.rows + row;
  return {
    time: grid.columnTimes[column]!,
    price,
    column,
    row,
    longUsd: inGrid ? grid.long[cell]! : 0,
    shortUsd: inGrid ? grid.short[cell]! : 0,
    distancePct: ((price - result.price) / result.price) * 100,
  };
}

/**
 * The study chart: candles, the heatmap under them and the liquidation-map profile at the right,
 * on lightweight-charts with its own pan and zoom on both scales, sized to its container.
 */
export function StudyChart({
  symbol,
  result,
  scale,
  liquidations,
  depth,
  depthLayer = 'off',
  height,
  onCrosshair,
  onReady,
}: StudyChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const parts = useRef<
    | {
        chart: IChartApi;
        series: ISeriesApi<'Candlestick'>;
        heat: HeatmapPrimitive;
        heatShown: boolean;
        depth: DepthPrimitive;
        profile: ProfilePrimitive;
        bubbles: LiquidationsPrimitive;
      }
    | undefined
  >(undefined);
  const shownKey = useRef<string | undefined>(undefined);
  const latest = useRef({ result, onCrosshair });
  latest.current = { result, onCrosshair };

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const chart = createChart(el, {
      autoSize: true,
      layout: { background: { color: '#0b0b12' }, textColor: '#c8c8d8', fontSize: 11 },
      grid: {
        vertLines: { color: 'rgba(255,255,255,0.04)' },
        horzLines: { color: 'rgba(255,255,255,0.04)' },
      },
      crosshair: { mode: CrosshairMode.Normal },
      rightPriceScale: { borderColor: '#2b3139', scaleMargins: { top: 0.05, bottom: 0.05 } },
      // A wider panel shows the same time range wider, not more empty space.
      timeScale: {
        borderColor: '#2b3139',
        timeVisible: true,
        secondsVisible: false,
        lockVisibleTimeRangeOnResize: true,
      },
    });
    const series = chart.addSeries(CandlestickSeries, {
      upColor: CANDLE_UP,
      downColor: CANDLE_DOWN,
      wickUpColor: CANDLE_UP,
      wickDownColor: CANDLE_DOWN,
      borderVisible: false,
      priceLineVisible: true,
      lastValueVisible: true,
    });
    const heat = new HeatmapPrimitive();
    const depth = new DepthPrimitive();
    const profile = new ProfilePrimitive();
    const bubbles = new LiquidationsPrimitive();
    // The depth first: primitives of one z-order draw in the order attached, so it lies under the heat.
    series.attachPrimitive(depth);
    series.attachPrimitive(heat);
    series.attachPrimitive(profile);
    series.attachPrimitive(bubbles);
    parts.current = { chart, series, heat, heatShown: true, depth, profile, bubbles };
    const onMove = (param: MouseEventParams<Time>) =>
      latest.current.onCrosshair(readCrosshair(param, series, latest.current.result));
    chart.subscribeCrosshairMove(onMove);
    onReady({
      centreOn(priceLow, priceHigh) {
        const visible = series.priceScale().getVisibleRange();
        const span = Math.max((visible ? visible.to - visible.from : 0) || 0, (priceHigh - priceLow) * 4);
        const mid = (priceLow + priceHigh) / 2;
        series.priceScale().setAutoScale(false);
        series.priceScale().setVisibleRange({ from: mid - span / 2, to: mid + span / 2 });
      },
      screenshot: () => chart.takeScreenshot(),
      priceToCoordinate: (price) => series.priceToCoordinate(price),
      timeToCoordinate: (timeMs) => chart.timeScale().timeToCoordinate((timeMs / 1000) as UTCTimestamp),
      barSpacing: () => chart.timeScale().options().barSpacing,
    });
    return () => {
      onReady(undefined);
      chart.unsubscribeCrosshairMove(onMove);
      chart.remove();
      parts.current = undefined;
    };
  }, []);

  useEffect(() => {
    const p = parts.current;
    if (!p) return;
    const shown = `${symbol}:${result.window}`;
    const fresh = shownKey.current !== shown;
    shownKey.current = shown;
    p.series.setData(candles(result));
    p.heat.setData({ grid: result.grid, scale });
    p.profile.setData(result.profile);
    p.bubbles.setData(liquidations, result.grid);
    // The whole window on first show and for another window or market; new bars of the same one
    // keep the trader's pan and zoom.
    if (fresh) {
      p.chart.timeScale().fitContent();
      p.series.priceScale().setAutoScale(true);
    }
  }, [result, scale, symbol, liquidations]);

  useEffect(() => {
    const p = parts.current;
    if (!p) return;
    p.depth.setData(depthLayer === 'off' ? undefined : depth);
    // Instead of the heat: the heat's primitive comes off the series, and back on (over the depth) after.
    const showHeat = depthLayer !== 'instead' || !depth;
    if (showHeat !== p.heatShown) {
      if (showHeat) p.series.attachPrimitive(p.heat);
      else p.series.detachPrimitive(p.heat);
      p.heatShown = showHeat;
    }
  }, [depth, depthLayer]);

  return <div ref={container} class="study-chart" style={{ height: `${height}px` }} />;
}
