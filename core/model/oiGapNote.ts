import { EXCHANGE_NAMES } from '../exchanges/types';
import type { OiGap } from './types';

const minuteUtc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * One line a trader reads for a frozen open-interest run: the data stopped, so the estimate has no
 * new positions there. Shared by the side panel and the CLI so both say the same thing.
 */
export function oiGapNote(gap: OiGap): string {
  return `Data gap: ${EXCHANGE_NAMES[gap.exchange]} open interest did not change from ${minuteUtc(gap.from)} to ${minuteUtc(gap.to)} UTC (a stalled feed); no new positions are estimated there.`;
}
