import type { IPrimitivePaneRenderer, IPrimitivePaneView } from 'lightweight-charts';
import type { LiquidationProfile } from '@/core/model/types';
import { SeriesPrimitiveBase } from './primitiveBase';

/**
 * The liquidation-map profile on the chart's own price scale, at the pane's right edge: per price
 * row, a bar as long as the estimated notional that would be liquidated there (longs below the
 * price, shorts above). Primitive, pane view and renderer kept apart, as in lightweight-charts'
 * volume-profile example.
 */
export interface ProfilePrimitiveOptions {
  /** The longest bar, as a share of the pane's width. */
  widthShare: number;
  longColor: string;
  shortColor: string;
}

export const PROFILE_DEFAULTS: ProfilePrimitiveOptions = {
  widthShare: 0.22,
  longColor: 'rgba(46, 189, 133, 0.55)',
  shortColor: 'rgba(246, 70, 93, 0.55)',
};

interface ProfileBar {
  y: number;
  height: number;
  length: number;
  color: string;
}

class ProfileRenderer implements IPrimitivePaneRenderer {
  constructor(
    private readonly bars: readonly ProfileBar[],
    private readonly widthShare: number,
  ) {}

  draw(target: Parameters<IPrimitivePaneRenderer['draw']>[0]): void {
    if (this.bars.length === 0) return;
    target.useBitmapCoordinateSpace(({ context, bitmapSize, verticalPixelRatio: v }) => {
      const maxWidth = bitmapSize.width * this.widthShare;
      for (const bar of this.bars) {
        const width = Math.max(1, Math.round(bar.length * maxWidth));
        context.fillStyle = bar.color;
        context.fillRect(
          bitmapSize.width - width,
          Math.round(bar.y * v),
          width,
          Math.max(1, Math.round(bar.height * v)),
        );
      }
    });
  }
}

class ProfilePaneView implements IPrimitivePaneView {
  private bars: ProfileBar[] = [];

  constructor(private readonly source: ProfilePrimitive) {}

  update(): void {
    this.bars = this.source.bars();
  }

  renderer(): IPrimitivePaneRenderer {
    return new ProfileRenderer(this.bars, this.source.options.widthShare);
  }
}

export class ProfilePrimitive extends SeriesPrimitiveBase {
  private profile: LiquidationProfile | undefined;
  protected readonly views = [new ProfilePaneView(this)];
  readonly options: ProfilePrimitiveOptions;

  constructor(options: Partial<ProfilePrimitiveOptions> = {}) {
    super();
    this.options = { ...PROFILE_DEFAULTS, ...options };
  }

  setData(profile: LiquidationProfile): void {
    this.profile = profile;
    this.requestUpdate?.();
  }

  /** One bar per non-empty row, in pane (media) px. */
  bars(): ProfileBar[] {
    const { series, profile } = this;
    if (!series || !profile) return [];
    let max = 0;
    for (let r = 0; r < profile.rows; r++) max = Math.max(max, profile.long[r]!, profile.short[r]!);
    if (!(max > 0)) return [];
    const bars: ProfileBar[] = [];
    for (let r = 0; r < profile.rows; r++) {
      const usd = profile.long[r]! + profile.short[r]!;
      if (!(usd > 0)) continue;
      const top = series.priceToCoordinate(profile.priceMin + (r + 1) * profile.binSize);
      const bottom = series.priceToCoordinate(profile.priceMin + r * profile.binSize);
      if (top === null || bottom === null) continue;
      const long = profile.long[r]! >= profile.short[r]!;
      bars.push({
        y: Math.min(top, bottom),
        height: Math.abs(bottom - top),
        length: usd / max,
        color: long ? this.options.longColor : this.options.shortColor,
      });
    }
    return bars;
  }
}
