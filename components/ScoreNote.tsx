import { PUBLISHED_SCORE } from '@/core/model/publishedScore';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** How well the estimate matched liquidations that really happened: shown, not hidden. */
export function ScoreNote() {
  const { report, dataset } = PUBLISHED_SCORE;
  return (
    <section class="score" data-score={JSON.stringify(report)}>
      <h2>How good is this estimate?</h2>
      <p>
        Scored hour by hour over {report.bars.toLocaleString('en-US')} hours of {dataset}. Ranking of hours by
        liquidations, beyond what the size of the price move alone explains (partial Spearman): longs{' '}
        <strong>{report.long.partial_spearman.toFixed(2)}</strong>, shorts{' '}
        <strong>{report.short.partial_spearman.toFixed(2)}</strong>. Of the 10% heaviest liquidation hours, it
        flagged longs <strong>{pct(report.long.top_decile_capture)}</strong> (price-move baseline{' '}
        {pct(report.long.baseline_top_decile_capture)}), shorts{' '}
        <strong>{pct(report.short.top_decile_capture)}</strong> (baseline{' '}
        {pct(report.short.baseline_top_decile_capture)}).
      </p>
    </section>
  );
}
