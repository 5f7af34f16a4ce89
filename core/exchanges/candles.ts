import { type OhlcProblem, ohlcProblem } from '../data/ohlc';
import { type ExchangeResult, fail, ok } from './errors';
import { impossible } from './parse';
import type { Candle, ExchangeId } from './types';

type PriceField = OhlcProblem['field'];

/** Where the prices sit in a kline row: [openTime, open, high, low, close, …] on all three exchanges. */
const ROW_COLUMN: Record<PriceField, number> = { open: 1, high: 2, low: 3, close: 4 };

/** The exchange's path of one price in row `row` ("[3]", "result.list[3]", "data[3]"): "[3][2]" for its high. */
const rowColumn =
  (row: string) =>
  (field: PriceField): string =>
    `${row}[${ROW_COLUMN[field]}]`;

/**
 * The one bar check of the exchange layer (core/data/ohlc.ts, shared with the CSV reader and the
 * engine), as a malformed-data error naming the exchange's own field: `fieldOf` turns "high" into
 * "[3][2]", "k.h" or "data[0].high".
 */
export function checkedCandle(
  candle: Candle,
  endpoint: string,
  fieldOf: (field: PriceField) => string,
): ExchangeResult<Candle> {
  const problem = ohlcProblem(candle);
  if (problem === undefined) return ok(candle);
  return fail(impossible(candle.exchange, endpoint, fieldOf(problem.field), problem.message));
}

/** The columns a kline row starts with on every exchange: open time, then the four prices. */
export type KlineRowHead = readonly [number, number, number, number, number, ...unknown[]];

/** Volumes, which each exchange puts in columns of its own. */
export type CandleVolumes = Pick<Candle, 'volumeBase' | 'volumeQuote' | 'takerBuyBase'>;

/** A kline row → Candle, checked; errors name the price's column in row `path` of the reply. */
export function candleFromRow(
  exchange: ExchangeId,
  symbol: string,
  endpoint: string,
  path: string,
  row: KlineRowHead,
  volumes: CandleVolumes,
): ExchangeResult<Candle> {
  const [openTime, open, high, low, close] = row;
  const candle: Candle = { exchange, symbol, openTime, open, high, low, close, ...volumes };
  return checkedCandle(candle, endpoint, rowColumn(path));
}
