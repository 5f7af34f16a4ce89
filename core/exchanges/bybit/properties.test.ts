import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExchangeResult } from '../errors';
import { fixture } from './fixtures/read';
import { parseCandles, parseLongShortRatio, parseOpenInterestHistory } from './mapper';
import { parseStreamMessage } from './stream';

/**
 * Whatever arrives, every parser returns an ExchangeResult (it never throws), and an ok value holds only
 * finite numbers: NaN and Infinity never get past the edge.
 */

type Parser = (body: string) => ExchangeResult<unknown>;

const PARSERS: [string, Parser, string[]][] = [
  ['parseCandles', (b) => parseCandles('BTCUSDT', b), ['kline-btcusdt-5m.json']],
  [
    'parseOpenInterestHistory',
    (b) => parseOpenInterestHistory('BTCUSDT', b),
    ['open-interest-btcusdt-5min.json'],
  ],
  ['parseLongShortRatio', (b) => parseLongShortRatio('BTCUSDT', b), ['account-ratio-btcusdt-5min.json']],
  [
    'stream parseMessage',
    parseStreamMessage,
    [
      'ws-kline-1-btcusdt.json',
      'ws-tickers-snapshot-btcusdt.json',
      'ws-tickers-delta-btcusdt.json',
      'ws-all-liquidation-btcusdt.json',
      'ws-pong.json',
    ],
  ],
];

function nonFiniteNumberIn(value: unknown, path = '(root)'): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = nonFiniteNumberIn(value[i], `${path}[${i}]`);
      if (bad) return bad;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const bad = nonFiniteNumberIn(v, `${path}.${k}`);
      if (bad) return bad;
    }
  }
  return undefined;
}

function checkResult(result: ExchangeResult<unknown>) {
  expect(typeof result.ok).toBe('boolean');
  if (result.ok) expect(nonFiniteNumberIn(result.value)).toBeUndefined();
  else expect(result.error.exchange).toBe('bybit');
}

/** Paths to every leaf and container in a JSON value, so a mutation can hit any of them. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) out.push(...pathsOf(value[i], [...prefix, i]));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  }
  return out;
}

const DELETE = Symbol('delete');

/** Sets (or deletes) the value at `path` in a deep copy of `json`. */
function mutate(json: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(json) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (replacement === DELETE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = replacement;
  return copy;
}

/** Values exchanges really send by mistake, plus anything at all. */
const replacement = fc.oneof(
  fc.constantFrom('', 'NaN', 'Infinity', '-1', '0', '1e400', '-0', '0x1F', ' 12 ', '1,5', null, true, DELETE),
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.jsonValue(),
);

describe.each(PARSERS)(
  '%s never throws and never lets a non-finite number through',
  (_name, parse, samples) => {
    it('on arbitrary strings', () => {
      fc.assert(
        fc.property(fc.string(), (text) => checkResult(parse(text))),
        { numRuns: 300 },
      );
    });

    it('on arbitrary JSON', () => {
      fc.assert(
        fc.property(fc.json(), (text) => checkResult(parse(text))),
        { numRuns: 300 },
      );
    });

    it('on the valid sample with one value changed or removed', () => {
      for (const sample of samples) {
        const json = JSON.parse(fixture(sample)) as unknown;
        checkResult(parse(JSON.stringify(json)));
        const paths = pathsOf(json);
        fc.assert(
          fc.property(fc.nat({ max: paths.length - 1 }), replacement, (i, value) => {
            checkResult(parse(JSON.stringify(mutate(json, paths[i]!, value))));
          }),
          { numRuns: 400 },
        );
      }
    });

    it('on the valid sample cut off anywhere', () => {
      for (const sample of samples) {
        const text = fixture(sample).trimEnd();
        fc.assert(
          fc.property(fc.nat({ max: text.length - 1 }), (n) => {
            const result = parse(text.slice(0, n));
            checkResult(result);
            expect(result.ok).toBe(false);
          }),
          { numRuns: 100 },
        );
      }
    });
  },
);
