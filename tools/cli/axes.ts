/** Tick positions for the heatmap picture's price and time axes: round numbers a reader expects. */

/** The smallest 1/2/2.5/5 × 10^k step that splits `span` into at most `maxTicks` intervals. */
export function niceStep(span: number, maxTicks: number): number {
  if (!(span > 0) || !(maxTicks > 0)) return 1;
  const raw = span / maxTicks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

/** Multiples of a nice step inside [min, max]. */
export function priceTicks(min: number, max: number, maxTicks = 10): number[] {
  const step = niceStep(max - min, maxTicks);
  const ticks: number[] = [];
  for (let p = Math.ceil(min / step) * step; p <= max + step * 1e-9; p += step) ticks.push(p);
  return ticks;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  3 * DAY,
  7 * DAY,
];

/** UTC-aligned times inside [start, end] at the smallest step giving at most `maxTicks` labels. */
export function timeTicks(start: number, end: number, maxTicks = 8): { step: number; ticks: number[] } {
  const span = Math.max(0, end - start);
  const step = TIME_STEPS.find((s) => span / s <= maxTicks) ?? 7 * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) ticks.push(t);
  return { step, ticks };
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "14:00" within a day, "Jun 21" at midnight or when the step is a day or more (UTC). */
export function timeLabel(ms: number, step: number): string {
  const d = new Date(ms);
  const atMidnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0;
  if (step >= DAY || atMidnight) return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}
