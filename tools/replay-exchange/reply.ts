/** One HTTP answer, before any fault is applied to it. */
export interface Reply {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** Binance request weight this call spends (counted into X-MBX-USED-WEIGHT-1M). */
  weight?: number;
}

/** A request-parameter problem, turned into the exchange's own error body at the handler's edge. */
export class ParamError extends Error {
  constructor(readonly reply: Reply) {
    super(reply.body);
  }
}

/** Fixed decimals without "-0.00". */
export function fixed(n: number, decimals: number): string {
  const s = n.toFixed(decimals);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** Fixed decimals with trailing zeros (and a bare dot) removed: 17055.50 → "17055.5". */
export function trimmed(n: number, decimals: number): string {
  const s = fixed(n, decimals);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Header marking a value the recording does not contain (see the README of this folder). */
export const SYNTHETIC_HEADER = 'X-Replay-Synthetic';
