import { PUBLISHED_SCORE, type PublishedPart } from '@/core/model/publishedScore';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Partial Spearman and top-decile capture of one part, per side, beside the price-move baseline. */
function Figures({ part, brief = false }: { part: PublishedPart; brief?: boolean }) {
  const { long, short } = part;
  return (
    <>
      {brief
        ? 'partial Spearman '
        : 'ranking of hours by liquidations beyond what the size of the price move explains (partial Spearman): '}
      longs <strong>{long.partial_spearman.toFixed(2)}</strong>, shorts{' '}
      <strong>{short.partial_spearman.toFixed(2)}</strong>;{' '}
      {brief ? 'heaviest 10% flagged' : 'of the 10% heaviest liquidation hours it flagged'} longs{' '}
      <strong>{pct(long.top_decile_capture)}</strong> ({brief ? '' : 'price-move '}baseline{' '}
      {pct(long.baseline_top_decile_capture)}), shorts <strong>{pct(short.top_decile_capture)}</strong>{' '}
      (baseline {pct(short.baseline_top_decile_capture)}).
    </>
  );
}

/** How well the estimate matched liquidations that really happened: shown, not hidden. */
export function ScoreNote() {
  const { held_back: heldBack, whole, dataset, tunedOnWhole } = PUBLISHED_SCORE;
  return (
    <section class="score" data-score={JSON.stringify({ held_back: heldBack, whole })}>
      <h2>How good is this estimate?</h2>
      <p>
        Scored hour by hour on {dataset}. <strong>Held back</strong>, the last 40% (
        {heldBack.bars.toLocaleString('en-US')} hours from {day(heldBack.from)}): <Figures part={heldBack} />
        {tunedOnWhole &&
          ' The current settings were chosen on the whole file, so these hours are not yet unseen.'}
      </p>
      <p>
        Whole file ({whole.bars.toLocaleString('en-US')} hours): <Figures part={whole} brief />
      </p>
    </section>
  );
}
