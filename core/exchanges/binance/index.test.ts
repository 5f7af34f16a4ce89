import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExchangeResult } from '../errors';
import { binance, exchangeInfoRequest, parseExchangeInfoRateLimits } from './index';
import { parseMessage as parseStreamMessage } from './stream';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const RANGE = { startTime: Date.UTC(2026, 5, 21), endTime: Date.UTC(2026, 5, 22) };

describe('the Binance adapter', () => {
  it('is the whole ExchangeAdapter for binance, with the parts Binance offers without a key', () => {
    expect(binance.id).toBe('binance');
    expect(binance.rateLimits.map((p) => p.pool)).toEqual(['request-weight', 'futures-data']);
    expect(binance.takerFlowRequests).toBeTypeOf('function');
    expect(binance.parseTakerFlow).toBeTypeOf('function');
    // Binance has no public REST liquidation history.
    expect(binance.liquidationRequests).toBeUndefined();
  });

  it('builds requests that every name a pool it publishes a limit for', () => {
    const pools = new Set(binance.rateLimits.map((p) => p.pool));
    const specs = [
      ...binance.candleRequests('BTCUSDT', '1h', RANGE),
      ...binance.openInterestHistoryRequests('BTCUSDT', '1h', {
        startTime: Date.now() - 86_400_000,
        endTime: Date.now(),
      }),
      ...(binance.takerFlowRequests?.('BTCUSDT', '1h', {
        startTime: Date.now() - 86_400_000,
        endTime: Date.now(),
      }) ?? []),
      ...binance.longShortRatioRequests('BTCUSDT', '1h', {
        startTime: Date.now() - 86_400_000,
        endTime: Date.now(),
      }),
      exchangeInfoRequest(),
    ];
    expect(specs.length).toBeGreaterThan(4);
    for (const spec of specs) {
      expect(pools.has(spec.pool)).toBe(true);
      expect(spec.weight).toBeGreaterThan(0);
      expect(spec.exchange).toBe('binance');
    }
  });

  it('parses each documented response through the adapter', () => {
    expect(binance.parseCandles('BTCUSDT', fixture('klines-btcusdt-5m.json')).ok).toBe(true);
    expect(binance.parseOpenInterestHistory('BTCUSDT', fixture('openInterestHist-btcusdt-5m.json')).ok).toBe(
      true,
    );
    expect(binance.parseTakerFlow?.('BTCUSDT', fixture('takerlongshortRatio-btcusdt-5m.json')).ok).toBe(true);
    expect(
      binance.parseLongShortRatio('BTCUSDT', fixture('globalLongShortAccountRatio-btcusdt-5m.json')).ok,
    ).toBe(true);
    expect(parseExchangeInfoRateLimits(fixture('exchangeInfo-trimmed.json')).ok).toBe(true);
  });
});

// ---- property-based: no input makes a parser throw, and an ok result holds only finite numbers ----

type Parser = (body: string) => ExchangeResult<unknown>;

const PARSERS: [string, Parser, string][] = [
  ['parseCandles', (b) => binance.parseCandles('BTCUSDT', b), 'klines-btcusdt-5m.json'],
  [
    'parseOpenInterestHistory',
    (b) => binance.parseOpenInterestHistory('BTCUSDT', b),
    'openInterestHist-btcusdt-5m.json',
  ],
  ['parseTakerFlow', (b) => binance.parseTakerFlow!('BTCUSDT', b), 'takerlongshortRatio-btcusdt-5m.json'],
  [
    'parseLongShortRatio',
    (b) => binance.parseLongShortRatio('BTCUSDT', b),
    'globalLongShortAccountRatio-btcusdt-5m.json',
  ],
  ['parseExchangeInfoRateLimits', parseExchangeInfoRateLimits, 'exchangeInfo-trimmed.json'],
  ['stream parseMessage (kline)', parseStreamMessage, 'ws-kline-btcusdt-combined.json'],
  ['stream parseMessage (markPrice)', parseStreamMessage, 'ws-markPrice-btcusdt-raw.json'],
  ['stream parseMessage (forceOrder)', parseStreamMessage, 'ws-forceOrder-btcusdt-raw.json'],
];

/** Every number anywhere in a value. */
function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) numbersIn(v, out);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) numbersIn(v, out);
  return out;
}

/** A parser's answer must be an ExchangeResult; an ok one must hold finite numbers only, an error must name binance. */
function checkAnswer(parse: Parser, body: string): void {
  const result = parse(body);
  if (result.ok) {
    for (const n of numbersIn(result.value)) expect(Number.isFinite(n)).toBe(true);
  } else {
    expect(result.error.exchange).toBe('binance');
    expect(result.error.endpoint.length).toBeGreaterThan(0);
    expect(['malformed', 'exchange']).toContain(result.error.kind);
  }
}

/** Replaces the n-th leaf (or whole sub-tree at that position) of a JSON value. */
function replaceAt(value: unknown, n: { left: number }, replacement: unknown): unknown {
  if (n.left-- === 0) return replacement;
  if (Array.isArray(value)) return value.map((v) => replaceAt(v, n, replacement));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceAt(v, n, replacement)]));
  }
  return value;
}

/** Drops the n-th object key found walking the value. */
function dropKeyAt(value: unknown, n: { left: number }): unknown {
  if (Array.isArray(value)) return value.map((v) => dropKeyAt(v, n));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(() => n.left-- !== 0);
    return Object.fromEntries(entries.map(([k, v]) => [k, dropKeyAt(v, n)]));
  }
  return value;
}

/** Values a hostile or buggy upstream might put where a number string belongs. */
const awkwardValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom('', ' ', 'NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', '1e20', '9007199254740993'),
  fc.constantFrom(2 ** 53, 1e308, -1, 0, 1.5, -0),
  fc.string(),
);

describe.each(PARSERS)('%s never throws', (_name, parse, sample) => {
  const valid = fixture(sample);
  const validJson = JSON.parse(valid) as unknown;

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => checkAnswer(parse, s)));
  });

  it('on arbitrary JSON', () => {
    fc.assert(fc.property(fc.json(), (s) => checkAnswer(parse, s)));
  });

  it('on arbitrary values serialised as JSON', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const text = JSON.stringify(v);
        checkAnswer(parse, text === undefined ? String(v) : text);
      }),
    );
  });

  it('on the documented sample with one value replaced', () => {
    fc.assert(
      fc.property(fc.nat({ max: 200 }), awkwardValue, (n, replacement) =>
        checkAnswer(parse, JSON.stringify(replaceAt(validJson, { left: n }, replacement))),
      ),
    );
  });

  it('on the documented sample with one key dropped', () => {
    fc.assert(
      fc.property(fc.nat({ max: 60 }), (n) =>
        checkAnswer(parse, JSON.stringify(dropKeyAt(validJson, { left: n }))),
      ),
    );
  });

  it('on the documented sample cut short anywhere', () => {
    fc.assert(fc.property(fc.nat({ max: valid.length }), (n) => checkAnswer(parse, valid.slice(0, n))));
  });

  it('and still reads the untouched sample', () => {
    expect(parse(valid).ok).toBe(true);
  });
});
