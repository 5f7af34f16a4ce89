import { type DepthRows, depthAt } from '@/core/depth/depthRows';
import { formatDistancePct, formatUsdShort } from '@/core/render/format';
import type { CrosshairReading } from './study/StudyChart';

/**
 * Under the crosshair: time, price, the estimated long and short USD in that row, distance from
 * price; with recorded depth shown, the resting bids and asks in that cell, or "unknown" where no
 * book reached it.
 */
export function CrosshairReadout({
  reading,
  depth,
}: {
  reading: CrosshairReading | undefined;
  depth?: DepthRows | undefined;
}) {
  if (!reading) return <p class="readout muted">Hover the chart to read a cell.</p>;
  const time = new Date(reading.time).toISOString().slice(0, 16).replace('T', ' ');
  const resting = depth ? depthAt(depth, reading.column, reading.row) : undefined;
  const depthAttributes = depth
    ? resting
      ? { 'data-depth': 'known', 'data-bid-usd': resting.bidUsd, 'data-ask-usd': resting.askUsd }
      : { 'data-depth': 'unknown' }
    : {};
  return (
    <p
      class="readout"
      data-time={reading.time}
      data-price={reading.price}
      data-column={reading.column}
      data-row={reading.row}
      data-long-usd={reading.longUsd}
      data-short-usd={reading.shortUsd}
      {...depthAttributes}
    >
      {time} UTC · {reading.price.toLocaleString('en-US', { maximumFractionDigits: 1 })} (
      {formatDistancePct(reading.distancePct)}) · longs {formatUsdShort(reading.longUsd)} · shorts{' '}
      {formatUsdShort(reading.shortUsd)}
      {depth &&
        (resting
          ? ` · depth bids ${formatUsdShort(resting.bidUsd)} · asks ${formatUsdShort(resting.askUsd)}`
          : ' · depth unknown (no book reached this price)')}
    </p>
  );
}
