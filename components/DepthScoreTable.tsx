import type { DepthLift, DepthScore } from '@/core/model/depthScore';

const liftText = (l: DepthLift) =>
  l.lift === null ? '—' : `${l.lift.toFixed(2)}× [${l.wilson_low?.toFixed(2)}–${l.wilson_high?.toFixed(2)}]`;

/**
 * Does depth help? The live score's depth part (core/model/depthScore.ts), side by side on the same
 * events: the lift of the heat's hottest rows, of the walls' rows (walls standing at the bar's open
 * on the side facing the liquidations), and of the two combined (the mean of both percentile ranks,
 * top decile). Until enough depth is recorded it says so, with how much there is.
 */
export function DepthScoreTable({ depth }: { depth: DepthScore | null | undefined }) {
  if (!depth) {
    return (
      <p class="muted depth-score" data-depth-score="none">
        Depth beside the heat: no order-book depth was recorded when this hour was scored.
      </p>
    );
  }
  return (
    <div class="depth-score" data-depth-score="scored" data-depth-hours={depth.hours_with_depth}>
      <p class="muted">
        Depth beside the heat, on the same events ({depth.hours_with_depth} h of depth recorded; walls:{' '}
        {depth.walls.total}, {depth.walls.traded} traded through, {depth.walls.pulled} pulled). Combined: the
        mean of the heat's and the walls' percentile ranks.
      </p>
      <table>
        <thead>
          <tr>
            <th />
            <th>events</th>
            <th>heat</th>
            <th>walls</th>
            <th>combined</th>
          </tr>
        </thead>
        <tbody>
          {(['long', 'short'] as const).map((side) => {
            const s = depth[side];
            return (
              <tr key={side} data-side={side} data-reason={s.reason ?? ''}>
                <td>{side === 'long' ? 'Longs' : 'Shorts'}</td>
                <td>{s.events}</td>
                {s.reason ? (
                  <td colSpan={3} class="muted">
                    {s.reason}
                  </td>
                ) : (
                  <>
                    <td>{liftText(s.heat)}</td>
                    <td>{liftText(s.walls)}</td>
                    <td>{liftText(s.combined)}</td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
