import { type DepthColorScale, depthColor } from '@/core/render/depthColors';
import { formatUsdShort } from '@/core/render/format';

const STEPS = [0.05, 0.25, 0.5, 0.75, 1];
const css = ([r, g, b, a]: readonly number[]) => `rgba(${r}, ${g}, ${b}, ${(a! / 255).toFixed(3)})`;

/**
 * The depth layer's key: per side, its colour from the lower cut-off to the upper (log scale) with
 * the USD of each end, and how the scale was made.
 */
export function DepthLegend({ scale }: { scale: DepthColorScale }) {
  const [low, high] = scale.percentiles;
  return (
    <section class="legend depth-legend" aria-label="Depth legend">
      {(['ask', 'bid'] as const).map((side) => {
        const { lowUsd, highUsd } = scale[side];
        return (
          <div
            class="legend-side"
            key={side}
            data-depth-legend-side={side}
            data-low-usd={lowUsd}
            data-high-usd={highUsd}
          >
            <span class="legend-title">{side === 'bid' ? 'Bids' : 'Asks'}</span>
            {highUsd > 0 ? (
              <span class="legend-entry">
                {formatUsdShort(lowUsd)}{' '}
                <span
                  class="depth-ramp"
                  style={{
                    background: `linear-gradient(to right, ${STEPS.map((t) => css(depthColor(side, t))).join(', ')})`,
                  }}
                />{' '}
                {formatUsdShort(highUsd)}
              </span>
            ) : (
              <span class="muted">nothing recorded</span>
            )}
          </div>
        );
      })}
      <p class="muted legend-note">
        Resting order-book size per cell ({scale.value === 'max' ? 'the largest seen' : 'time-weighted mean'},
        USD, summed over the followed exchanges), log scale from each side's {low}th to its {high}th
        percentile; under the {low}th stays dark. Cells beyond every book's reach are unknown and not drawn.
      </p>
    </section>
  );
}
