import type { LiquidationEvent } from '@/core/exchanges/types';
import type { DepthScore } from '@/core/model/depthScore';
import type { LiveScore } from '@/core/model/liveScore';
import { formatUsdShort } from '@/core/render/format';
import { DepthScoreTable } from './DepthScoreTable';

const lift = (x: number | null) => (x === null ? '—' : `${x.toFixed(2)}×`);

/**
 * The live score, from the liquidations HeatBands recorded itself: per side, the lift of the
 * estimate's hottest rows against chance (with its Wilson 95 % interval) beside the price-path
 * baseline's, the lift over only the events beyond the bar's extreme rows (where that baseline knows
 * nothing), and the hourly ranking. Every figure shows its sample; below the minimum it says so.
 */
export function LiveScorePanel({
  score,
  liquidations,
  scoredTo,
  depth,
}: {
  score: LiveScore | undefined;
  /** The depth part scored with it (undefined: not shown, e.g. the score is of another market). */
  depth?: DepthScore | null | undefined;
  liquidations: readonly LiquidationEvent[];
  /** The score covers the hours before this (epoch ms): the worker scores once an hour has closed. */
  scoredTo?: number;
}) {
  const binanceOnly = liquidations.length > 0 && liquidations.every((e) => e.exchange === 'binance');
  return (
    <section class="live-score" data-live-events={liquidations.length}>
      <h2>Live score</h2>
      {!score ? (
        <p class="muted" data-live-reason="too-few">
          Too few events yet: {liquidations.length} real liquidation{liquidations.length === 1 ? '' : 's'}{' '}
          recorded in this window while HeatBands was streaming.
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th />
              <th>events</th>
              <th>lift [95 %]</th>
              <th>baseline</th>
              <th title="The lift over only the events outside the extreme rows the baseline picks: 1× = no better than random there">
                beyond extremes
              </th>
              <th>hours · partial ρ</th>
            </tr>
          </thead>
          <tbody>
            {(['long', 'short'] as const).map((side) => {
              const s = score[side];
              return (
                <tr
                  key={side}
                  data-side={side}
                  data-lift={s.lift ?? ''}
                  data-n={s.events}
                  data-partial-lift={s.partial_lift ?? ''}
                  data-partial-n={s.partial_events}
                >
                  <td>{side === 'long' ? 'Longs' : 'Shorts'}</td>
                  <td>
                    {s.events} ({formatUsdShort(s.usd)})
                  </td>
                  <td>
                    {s.lift === null ? (
                      <span class="muted">{s.reason}</span>
                    ) : (
                      `${lift(s.lift)} [${lift(s.wilson_low)}–${lift(s.wilson_high)}]`
                    )}
                  </td>
                  <td>{lift(s.baseline_lift)}</td>
                  <td>
                    {s.partial_lift === null ? (
                      <span class="muted">
                        {s.partial_reason} (n = {s.partial_events})
                      </span>
                    ) : (
                      `${lift(s.partial_lift)} [${lift(s.partial_lift_low)}–${lift(s.partial_lift_high)}], n = ${s.partial_events}`
                    )}
                  </td>
                  <td>
                    {s.hours} ·{' '}
                    {s.partial_spearman === null ? (
                      <span class="muted">{s.hours_reason}</span>
                    ) : (
                      s.partial_spearman.toFixed(2)
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {depth !== undefined && <DepthScoreTable depth={depth} />}
      {scoredTo !== undefined && (
        <p class="muted" data-scored-to={scoredTo}>
          Scored once an hour has closed: up to {new Date(scoredTo).toISOString().slice(11, 16)} UTC (
          {new Date(scoredTo).toISOString().slice(0, 10)}); events since then count at the next hour.
        </p>
      )}
      {binanceOnly && (
        <p class="muted">
          Binance's stream is a sample (at most one liquidation per symbol per second): counts are a floor.
        </p>
      )}
    </section>
  );
}

/** Real liquidations per hour and side, newest first (the last 12 hours with any). */
export function LiquidationHours({ liquidations }: { liquidations: readonly LiquidationEvent[] }) {
  const hours = new Map<number, { long: number; short: number; count: number }>();
  for (const e of liquidations) {
    const hour = Math.floor(e.time / 3_600_000) * 3_600_000;
    const row = hours.get(hour) ?? { long: 0, short: 0, count: 0 };
    row[e.side] += e.notionalUsd;
    row.count++;
    hours.set(hour, row);
  }
  const rows = [...hours.entries()].sort((a, b) => b[0] - a[0]).slice(0, 12);
  if (rows.length === 0) return null;
  return (
    <section class="liquidation-hours">
      <h3>Real liquidations per hour</h3>
      <ul>
        {rows.map(([hour, row]) => (
          <li key={hour} data-hour={hour} data-long-usd={row.long} data-short-usd={row.short}>
            {new Date(hour).toISOString().slice(11, 16)} UTC · longs {formatUsdShort(row.long)} · shorts{' '}
            {formatUsdShort(row.short)} · {row.count} events
          </li>
        ))}
      </ul>
    </section>
  );
}
