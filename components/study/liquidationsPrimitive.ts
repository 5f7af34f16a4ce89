import type { IPrimitivePaneRenderer, IPrimitivePaneView, Logical } from 'lightweight-charts';
import type { LiquidationEvent } from '@/core/exchanges/types';
import type { HeatGrid } from '@/core/model/types';
import { SeriesPrimitiveBase } from './primitiveBase';

/**
 * Real liquidations on the study chart: a bubble at each event's time and price, its area
 * proportional to the USD liquidated, coloured by the side liquidated. Primitive, pane view and
 * renderer kept apart, as in lightweight-charts' plugin examples.
 */
export interface LiquidationsPrimitiveOptions {
  /** Radius of the largest event's bubble, CSS px. */
  maxRadius: number;
  longColor: string;
  shortColor: string;
}

export const LIQUIDATIONS_DEFAULTS: LiquidationsPrimitiveOptions = {
  maxRadius: 14,
  longColor: 'rgba(255, 120, 140, 0.75)',
  shortColor: 'rgba(120, 230, 180, 0.75)',
};

interface Bubble {
  x: number;
  y: number;
  r: number;
  color: string;
}

class BubbleRenderer implements IPrimitivePaneRenderer {
  constructor(private readonly bubbles: readonly Bubble[]) {}

  draw(target: Parameters<IPrimitivePaneRenderer['draw']>[0]): void {
    target.useBitmapCoordinateSpace(({ context, horizontalPixelRatio: h, verticalPixelRatio: v }) => {
      for (const b of this.bubbles) {
        context.beginPath();
        context.fillStyle = b.color;
        context.arc(b.x * h, b.y * v, Math.max(1.5, b.r) * h, 0, 2 * Math.PI);
        context.fill();
      }
    });
  }
}

class BubblePaneView implements IPrimitivePaneView {
  private bubbles: Bubble[] = [];

  constructor(private readonly source: LiquidationsPrimitive) {}

  zOrder(): 'top' {
    return 'top';
  }

  update(): void {
    this.bubbles = this.source.bubbles();
  }

  renderer(): IPrimitivePaneRenderer {
    return new BubbleRenderer(this.bubbles);
  }
}

export class LiquidationsPrimitive extends SeriesPrimitiveBase {
  private events: readonly LiquidationEvent[] = [];
  private grid: HeatGrid | undefined;
  protected readonly views = [new BubblePaneView(this)];
  readonly options: LiquidationsPrimitiveOptions;

  constructor(options: Partial<LiquidationsPrimitiveOptions> = {}) {
    super();
    this.options = { ...LIQUIDATIONS_DEFAULTS, ...options };
  }

  setData(events: readonly LiquidationEvent[], grid: HeatGrid): void {
    this.events = events;
    this.grid = grid;
    this.requestUpdate?.();
  }

  /** Bubbles in pane px; an event's x is its place between its column's start and the next. */
  bubbles(): Bubble[] {
    const { chart, series, grid, events } = this;
    if (!chart || !series || !grid || events.length === 0 || grid.columns === 0) return [];
    const maxUsd = events.reduce((m, e) => Math.max(m, e.notionalUsd), 0);
    if (!(maxUsd > 0)) return [];
    const times = grid.columnTimes;
    const step = grid.columns > 1 ? times[1]! - times[0]! : grid.timeEnd - grid.timeStart;
    const out: Bubble[] = [];
    for (const e of events) {
      const logical = (e.time - times[0]!) / step - 0.5;
      const x = chart.timeScale().logicalToCoordinate(logical as Logical);
      const y = series.priceToCoordinate(e.price);
      if (x === null || y === null) continue;
      out.push({
        x,
        y,
        r: this.options.maxRadius * Math.sqrt(e.notionalUsd / maxUsd),
        color: e.side === 'long' ? this.options.longColor : this.options.shortColor,
      });
    }
    return out;
  }
}
