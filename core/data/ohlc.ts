/** The four prices of a bar, in any time frame. */
export interface Ohlc {
  open: number;
  high: number;
  low: number;
  close: number;
}

/** Which price of a bar is at fault, so a parser can name the field. */
export interface OhlcProblem {
  field: 'open' | 'high' | 'low' | 'close';
  message: string;
}

/**
 * The one sanity check of a bar's prices, shared by every exchange mapper, stream parser, the
 * CSV reader and the engine: each price finite and above zero, and open and close inside
 * [low, high]. Undefined when the bar is possible.
 */
export function ohlcProblem(bar: Ohlc): OhlcProblem | undefined {
  const { open, high, low, close } = bar;
  // The common case in one expression (the engine checks every bar of a 30-day window); NaN,
  // infinities and non-numbers fail it and get the precise reason below.
  if (
    typeof open === 'number' &&
    typeof close === 'number' &&
    low > 0 &&
    high < Infinity &&
    open >= low &&
    open <= high &&
    close >= low &&
    close <= high
  ) {
    return undefined;
  }
  for (const field of ['open', 'high', 'low', 'close'] as const) {
    const v = bar[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      return { field, message: `${field} ${v} is not a positive number` };
    }
  }
  if (high < low) return { field: 'high', message: `high ${high} is below low ${low}` };
  if (high < Math.max(open, close)) return { field: 'high', message: `high ${high} is below open/close` };
  if (low > Math.min(open, close)) return { field: 'low', message: `low ${low} is above open/close` };
  return undefined;
}
