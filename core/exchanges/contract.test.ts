import { describe, expect, it } from 'vitest';
import type { ExchangeAdapter } from './adapter';
import type { ExchangeResult } from './errors';
import { ADAPTERS } from './index';
import { EXCHANGE_IDS, type ExchangeId } from './types';

/**
 * One contract, every adapter (style.md, pattern 8): whatever order and repeats an exchange sends,
 * series come back oldest first with one item per time, a repeated time keeping the later-listed
 * row (series.ts); junk and impossible bars are typed errors naming the exchange, never throws.
 */

const S = 'BTCUSDT';
const STEP = 300_000;
const T = Date.UTC(2026, 5, 2, 12, 0);

/** A bar or an open-interest point, told apart from its repeat by `mark`. */
interface Sample {
  time: number;
  mark: number;
}

/** How each exchange puts samples on the wire, newest first or not, as its docs show. */
const WIRE: Record<ExchangeId, { candles(rows: Sample[]): string; openInterest(rows: Sample[]): string }> = {
  binance: {
    candles: (rows) =>
      JSON.stringify(
        rows.map(({ time, mark }) => [
          time,
          `${mark}`,
          `${mark + 1}`,
          `${mark - 1}`,
          `${mark}`,
          '1',
          time + STEP - 1,
          '1',
          1,
          '0.5',
          '0.5',
          '0',
        ]),
      ),
    openInterest: (rows) =>
      JSON.stringify(
        rows.map(({ time, mark }) => ({
          symbol: S,
          sumOpenInterest: `${mark}`,
          sumOpenInterestValue: `${mark * 60_000}`,
          timestamp: time,
        })),
      ),
  },
  bybit: {
    candles: (rows) =>
      bybitReply({
        category: 'linear',
        symbol: S,
        list: rows.map(({ time, mark }) => [
          `${time}`,
          `${mark}`,
          `${mark + 1}`,
          `${mark - 1}`,
          `${mark}`,
          '1',
          '1',
        ]),
      }),
    openInterest: (rows) =>
      bybitReply({
        category: 'linear',
        symbol: S,
        list: rows.map(({ time, mark }) => ({
          openInterest: `${2 * mark}`,
          singleOpenInterest: `${mark}`,
          timestamp: `${time}`,
        })),
        nextPageCursor: '',
      }),
  },
  okx: {
    candles: (rows) =>
      okxReply(
        rows.map(({ time, mark }) => [
          `${time}`,
          `${mark}`,
          `${mark + 1}`,
          `${mark - 1}`,
          `${mark}`,
          '100',
          '1',
          '1',
          '1',
        ]),
      ),
    openInterest: (rows) =>
      okxReply(rows.map(({ time, mark }) => [`${time}`, `${mark * 100}`, `${mark}`, `${mark * 60_000}`])),
  },
};

function bybitReply(result: unknown): string {
  return JSON.stringify({ retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time: T + 10 * STEP });
}
function okxReply(data: unknown): string {
  return JSON.stringify({ code: '0', msg: '', data });
}

/** Four times out of order, two of them sent twice with other values: the later copy must win. */
const SHUFFLED: Sample[] = [
  { time: T + 2 * STEP, mark: 102 },
  { time: T, mark: 100 },
  { time: T + 3 * STEP, mark: 103 },
  { time: T + 2 * STEP, mark: 202 },
  { time: T + STEP, mark: 101 },
  { time: T, mark: 200 },
];
const EXPECTED: Sample[] = [
  { time: T, mark: 200 },
  { time: T + STEP, mark: 101 },
  { time: T + 2 * STEP, mark: 202 },
  { time: T + 3 * STEP, mark: 103 },
];

const JUNK = [
  '',
  '<html><title>502 Bad Gateway</title></html>',
  '{"truncated":',
  'null',
  '42',
  '{"unexpected":true}',
];

function value<T>(r: ExchangeResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

/** Every parser of the adapter that reads a body, with a symbol where it takes one. */
function parsersOf(adapter: ExchangeAdapter): Array<[string, (body: string) => ExchangeResult<unknown>]> {
  const withSymbol = (parse: ((symbol: string, body: string) => ExchangeResult<unknown>) | undefined) =>
    parse ? (body: string) => parse(S, body) : undefined;
  const parsers: Array<[string, ((body: string) => ExchangeResult<unknown>) | undefined]> = [
    ['candles', withSymbol(adapter.parseCandles)],
    ['open interest history', withSymbol(adapter.parseOpenInterestHistory)],
    ['taker flow', withSymbol(adapter.parseTakerFlow)],
    ['long/short ratio', withSymbol(adapter.parseLongShortRatio)],
    ['tick size', withSymbol(adapter.parseTickSize)],
    ['liquidations', withSymbol(adapter.parseLiquidations)],
    ['server time', adapter.parseServerTime],
  ];
  return parsers.filter((p): p is [string, (body: string) => ExchangeResult<unknown>] => p[1] !== undefined);
}

describe.each(EXCHANGE_IDS)('the adapter contract: %s', (id) => {
  const adapter = ADAPTERS[id];
  const wire = WIRE[id];

  it('candles: oldest first, one per open time, a repeated time keeping the later-listed row', () => {
    const candles = value(adapter.parseCandles(S, wire.candles(SHUFFLED)));
    expect(candles.map((c) => ({ time: c.openTime, mark: c.close }))).toEqual(EXPECTED);
    expect(candles.every((c) => c.exchange === id && c.symbol === S)).toBe(true);
  });

  it('open interest history: oldest first, one per time, a repeated time keeping the later-listed row', () => {
    const points = value(adapter.parseOpenInterestHistory(S, wire.openInterest(SHUFFLED)));
    expect(points.map((p) => ({ time: p.time, mark: p.openInterestBase }))).toEqual(EXPECTED);
    expect(points.every((p) => p.exchange === id && p.symbol === S)).toBe(true);
  });

  it('an empty page is an empty list', () => {
    expect(value(adapter.parseCandles(S, wire.candles([])))).toEqual([]);
    expect(value(adapter.parseOpenInterestHistory(S, wire.openInterest([])))).toEqual([]);
  });

  it('a bar whose high is below its close is a malformed error naming the high of that row', () => {
    const rows = wire.candles([{ time: T, mark: 100 }]).replace('"101"', '"99.5"');
    const r = adapter.parseCandles(S, rows);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({
      kind: 'malformed',
      exchange: id,
      message: 'high 99.5 is below open/close',
    });
    expect(r.error.field).toMatch(/\[0\]\[2\]$/);
  });

  it.each(JUNK)('junk %j is a typed error from every parser, never a throw', (junk) => {
    for (const [name, parse] of parsersOf(adapter)) {
      const r = parse(junk);
      expect(r.ok, name).toBe(false);
      if (r.ok) continue;
      expect(r.error.exchange, name).toBe(id);
      expect(['malformed', 'exchange'], name).toContain(r.error.kind);
      expect(r.error.endpoint, name).not.toBe('');
    }
  });
});
