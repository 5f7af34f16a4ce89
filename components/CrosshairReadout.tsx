import { formatDistancePct, formatUsdShort } from '@/core/render/format';
import type { CrosshairReading } from './study/StudyChart';

/** Under the crosshair: time, price, the estimated long and short USD in that row, distance from price. */
export function CrosshairReadout({ reading }: { reading: CrosshairReading | undefined }) {
  if (!reading) return <p class="readout muted">Hover the chart to read a cell.</p>;
  const time = new Date(reading.time).toISOString().slice(0, 16).replace('T', ' ');
  return (
    <p
      class="readout"
      data-time={reading.time}
      data-price={reading.price}
      data-column={reading.column}
      data-row={reading.row}
      data-long-usd={reading.longUsd}
      data-short-usd={reading.shortUsd}
    >
      {time} UTC · {reading.price.toLocaleString('en-US', { maximumFractionDigits: 1 })} (
      {formatDistancePct(reading.distancePct)}) · longs {formatUsdShort(reading.longUsd)} · shorts{' '}
      {formatUsdShort(reading.shortUsd)}
    </p>
  );
}
