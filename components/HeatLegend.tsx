import type { HeatScale } from '@/core/render/heatScale';

/** The colour classes in USD per cell, per side, with how they were made. */
export function HeatLegend({ scale }: { scale: HeatScale }) {
  return (
    <section class="legend" aria-label="Heat legend">
      {(['short', 'long'] as const).map((side) => (
        <div class="legend-side" key={side} data-legend-side={side}>
          <span class="legend-title">{side === 'long' ? 'Longs' : 'Shorts'}</span>
          {scale.legend[side].map((entry) => (
            <span
              class="legend-entry"
              key={entry.level}
              data-level={entry.level}
              data-lower-usd={entry.lowerUsd}
            >
              <i style={{ background: entry.color }} />
              {entry.label}
            </span>
          ))}
        </div>
      ))}
      <p class="muted legend-note">{scale.description}</p>
    </section>
  );
}
