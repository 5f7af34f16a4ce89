import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { ExchangeAdapter } from '../adapter';
import type { ExchangeResult } from '../errors';
import { DEFAULT_CONTRACT_SIZES } from './contracts';
import { createOkxAdapter, okx } from './index';
import { parseStreamMessage } from './stream';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const t0 = 1_781_863_200_000;

function value<T>(r: ExchangeResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('the okx adapter', () => {
  it('is the OKX adapter with every optional part OKX can fill', () => {
    expect(okx.id).toBe('okx');
    expect(okx.rateLimits.length).toBeGreaterThan(5);
    expect(okx.takerFlowRequests).toBeTypeOf('function');
    expect(okx.liquidationRequests).toBeTypeOf('function');
  });

  it('parses every documented fixture through the interface', () => {
    expect(value(okx.parseCandles('BTCUSDT', fixture('candles-btc-1h.json')))).toHaveLength(3);
    expect(
      value(okx.parseOpenInterestHistory('BTCUSDT', fixture('open-interest-history-btc-1h.json'))),
    ).toHaveLength(2);
    expect(value(okx.parseTakerFlow!('BTCUSDT', fixture('taker-volume-btc-1h.json')))).toHaveLength(2);
    expect(value(okx.parseLongShortRatio('BTCUSDT', fixture('long-short-ratio-btc-1h.json')))).toHaveLength(
      2,
    );
    expect(value(okx.parseLiquidations!('BTCUSDT', fixture('liquidation-orders-btc.json')))).toHaveLength(3);
  });

  it('takes a caller’s contract sizes when given', () => {
    const adapter = createOkxAdapter({ contractSizes: new Map([['BTCUSDT', 0.001]]) });
    const [liq] = value(adapter.parseLiquidations!('BTCUSDT', fixture('liquidation-orders-btc.json')));
    expect(liq?.quantityBase).toBeCloseTo(0.01, 12);
  });

  // This used to follow an injected (default: local) clock. Sync ranges end at OKX's own clock, and
  // the local one may be skewed or, against the replay exchange, months after the recording: with it,
  // every page of a replay sync went to /history-candles. The range's end now stands for OKX's now.
  it('decides history vs recent candle pages from the range’s end, never the local clock', () => {
    vi.useFakeTimers({ now: t0 + 400 * 86_400_000 });
    try {
      const recent = okx.candleRequests('BTCUSDT', '1m', { startTime: t0, endTime: t0 + 10 * 60_000 });
      expect(recent.map((s) => s.endpoint)).toEqual(['/api/v5/market/candles']);
      // Two days of 1m bars back from the range's end: only the newest ~1,400 stay on /market/candles.
      const long = okx.candleRequests('BTCUSDT', '1m', { startTime: t0 - 2 * 86_400_000, endTime: t0 });
      const endpoints = new Set(long.map((s) => s.endpoint));
      expect(endpoints).toEqual(new Set(['/api/v5/market/history-candles', '/api/v5/market/candles']));
      expect(long.at(-1)?.endpoint).toBe('/api/v5/market/candles');
    } finally {
      vi.useRealTimers();
    }
  });
});

/** Every number anywhere in a value is finite. */
function allFinite(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (v !== null && typeof v === 'object') return Object.values(v).every(allFinite);
  return true;
}

// Numbers as OKX might send them, and as they should never be sent.
const plausible = fc.double({ min: 0, max: 1e12, noNaN: true }).map(String);
const numberText = fc.oneof(
  { arbitrary: plausible, weight: 6 },
  { arbitrary: fc.constantFrom('1e308', '1.7976931348623157e308', '9e307'), weight: 2 },
  fc.double({ noNaN: false }).map(String),
  fc.integer().map(String),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-0',
    '1e308',
    '1e309',
    '-1',
    'NaN',
    'Infinity',
    '0x10',
    '1_000',
    '.5',
    '5.',
    '١',
  ),
  fc.string({ maxLength: 6 }),
);
const tsText = fc.oneof(fc.integer({ min: 0, max: 4_000_000_000_000 }).map(String), numberText);
const loose = fc.oneof({ arbitrary: numberText, weight: 6 }, fc.double(), fc.constant(null), fc.boolean());
const envelope = (data: fc.Arbitrary<unknown>) =>
  fc
    .record({ code: fc.constantFrom('0', '0', '0', '51001', '50011', ''), msg: fc.string(), data })
    .map((o) => JSON.stringify(o));
const rows = (width: number) =>
  fc.array(fc.tuple(tsText, ...Array.from({ length: width - 1 }, () => numberText)), { maxLength: 5 });
const price = fc.double({ min: 0.0001, max: 1e7, noNaN: true });
const orderedCandle = fc
  .tuple(tsText, fc.tuple(price, price, price, price), plausible)
  .map(([ts, quad, vol]) => {
    const [low, open, close, high] = [...quad].sort((x, y) => x - y) as [number, number, number, number];
    return [ts, String(open), String(high), String(low), String(close), vol, vol, vol, '1'];
  });
const anyCandle = fc.tuple(
  tsText,
  ...Array.from({ length: 7 }, () => numberText),
  fc.constantFrom('0', '1', '2'),
);
const candleRows = fc.array(fc.oneof({ arbitrary: orderedCandle, weight: 3 }, anyCandle), { maxLength: 5 });
const objects = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.array(fc.record(fields), { maxLength: 4 });
const instId = fc.oneof(
  { arbitrary: fc.constant('BTC-USDT-SWAP'), weight: 4 },
  fc.constantFrom('ETH-USDT-SWAP', 'BTC-USD-SWAP', 'XYZ-USDT-SWAP', ''),
);
const detail = fc.record({
  side: fc.constantFrom('buy', 'sell', 'sell', 'buy', 'hold'),
  posSide: fc.constantFrom('net', 'net', 'long', 'short'),
  bkPx: fc.oneof({ arbitrary: plausible, weight: 4 }, loose),
  sz: fc.oneof({ arbitrary: plausible, weight: 4 }, loose),
  ts: tsText,
});

const adapter: ExchangeAdapter = createOkxAdapter();
const parsers: Array<[string, fc.Arbitrary<string>, (body: string) => ExchangeResult<unknown>]> = [
  ['candles', envelope(candleRows), (b) => adapter.parseCandles('BTCUSDT', b)],
  ['open interest history', envelope(rows(4)), (b) => adapter.parseOpenInterestHistory('BTCUSDT', b)],
  ['taker volume', envelope(rows(3)), (b) => adapter.parseTakerFlow!('BTCUSDT', b)],
  ['long/short ratio', envelope(rows(2)), (b) => adapter.parseLongShortRatio('BTCUSDT', b)],
  [
    'liquidation orders',
    envelope(objects({ instId, details: fc.array(detail, { maxLength: 3 }) })),
    (b) => adapter.parseLiquidations!('BTCUSDT', b),
  ],
  [
    'stream',
    fc
      .oneof(
        fc.record({ arg: fc.constant({ channel: 'candle1m', instId: 'BTC-USDT-SWAP' }), data: candleRows }),
        fc.record({
          arg: fc.constant({ channel: 'mark-price', instId: 'BTC-USDT-SWAP' }),
          data: objects({ instType: fc.constant('SWAP'), instId, markPx: loose, ts: tsText }),
        }),
        fc.record({
          arg: fc.constant({ channel: 'liquidation-orders', instType: 'SWAP' }),
          data: objects({ instId, details: fc.array(detail, { maxLength: 3 }) }),
        }),
      )
      .map((o) => JSON.stringify(o)),
    (b) => parseStreamMessage(b, DEFAULT_CONTRACT_SIZES.sizes),
  ],
];

describe.each(parsers)('property: the %s parser', (_name, bodies, parse) => {
  it('never throws on any text, and every number in an ok result is finite', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), bodies), (body) => {
        const r = parse(body);
        if (r.ok) expect(allFinite(r.value)).toBe(true);
        else expect(r.error.exchange).toBe('okx');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on OKX-shaped bodies with hostile numbers, and ok results are finite', () => {
    let oks = 0;
    fc.assert(
      fc.property(bodies, (body) => {
        const r = parse(body);
        if (r.ok) {
          if (!Array.isArray(r.value) || r.value.length > 0) oks++;
          expect(allFinite(r.value)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
    // The generator must reach a non-empty ok result sometimes, or the finiteness check proves nothing.
    expect(oks).toBeGreaterThan(0);
  });
});
