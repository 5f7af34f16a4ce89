import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BookMessage } from '../../depth/types';
import type { ExchangeError, ExchangeResult } from '../errors';
import { depthSnapshotPath, depthStreamUrl, parseDepthFrame, parseDepthSnapshot } from './depth';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const SNAPSHOT = fixture('depth-btcusdt-snapshot.json');
const UPDATE = fixture('ws-depthUpdate-btcusdt-combined.json');

function value<T>(r: ExchangeResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}
function error<T>(r: ExchangeResult<T>): ExchangeError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
}

/** The combined update fixture with some of its event fields replaced. */
function updateWith(patch: Record<string, unknown>): string {
  const msg = JSON.parse(UPDATE) as { stream: string; data: Record<string, unknown> };
  return JSON.stringify({ ...msg, data: { ...msg.data, ...patch } });
}
const snapshotWith = (patch: Record<string, unknown>) =>
  JSON.stringify({ ...JSON.parse(SNAPSHOT), ...patch });

describe('Binance depth: where', () => {
  it('streams the 100 ms diff on the routed /public path as a combined stream', () => {
    expect(depthStreamUrl('BTCUSDT')).toBe(
      'wss://fstream.binance.com/public/stream?streams=btcusdt@depth@100ms',
    );
  });
  it('asks the REST snapshot for 1000 levels', () => {
    expect(depthSnapshotPath('ETHUSDT')).toBe('/fapi/v1/depth?symbol=ETHUSDT&limit=1000');
  });
});

describe('Binance depth: the diff stream', () => {
  it('reads a depthUpdate into a delta with U/u/pu as firstId/lastId/prevId', () => {
    const [m] = value(parseDepthFrame(UPDATE)) as [BookMessage];
    expect(m).toEqual({
      exchange: 'binance',
      symbol: 'BTCUSDT',
      kind: 'delta',
      source: 'stream',
      time: 1781866951232,
      firstId: 9287340511988,
      lastId: 9287340512340,
      prevId: 9287340511987,
      bids: [
        [66471.2, 3.412],
        [66470, 0],
      ],
      asks: [
        [66471.3, 0.915],
        [66473.1, 0.4],
      ],
    });
  });

  it('reads a raw (uncombined) payload the same way', () => {
    const raw = JSON.stringify((JSON.parse(UPDATE) as { data: unknown }).data);
    expect(value(parseDepthFrame(raw))).toEqual(value(parseDepthFrame(UPDATE)));
  });

  it('ignores subscribe replies and other events', () => {
    expect(value(parseDepthFrame('{"result":null,"id":1}'))).toEqual([]);
    expect(
      value(parseDepthFrame('{"stream":"btcusdt@markPrice@1s","data":{"e":"markPriceUpdate"}}')),
    ).toEqual([]);
  });

  it('reports an error frame from Binance as an exchange error', () => {
    const e = error(parseDepthFrame('{"code":-1121,"msg":"Invalid symbol."}'));
    expect(e.kind).toBe('exchange');
    expect(e.message).toContain('Invalid symbol');
    const ws = error(parseDepthFrame('{"error":{"code":2,"msg":"Invalid request: unknown variant"},"id":1}'));
    expect(ws.kind).toBe('exchange');
    expect(ws.message).toContain('Binance error 2');
  });

  it('names the field at fault in a broken event, never throws', () => {
    expect(error(parseDepthFrame(updateWith({ u: '12' }))).field).toBe('u');
    expect(error(parseDepthFrame(updateWith({ pu: undefined }))).field).toBe('pu');
    expect(error(parseDepthFrame(updateWith({ E: -5 }))).field).toBe('E');
    expect(error(parseDepthFrame(updateWith({ b: [['66471.20', 'NaN']] }))).field).toBe('b[0][1]');
    expect(error(parseDepthFrame(updateWith({ b: [['0x10', '1']] }))).field).toBe('b[0][0]');
    expect(error(parseDepthFrame(updateWith({ a: [['', '1']] }))).field).toBe('a[0][0]');
    expect(error(parseDepthFrame(updateWith({ a: [['66471.3', '-1']] }))).field).toBe('a[0][1]');
    expect(error(parseDepthFrame(updateWith({ a: [['66471.3']] }))).field).toBe('a[0]');
    expect(error(parseDepthFrame(updateWith({ a: 'none' }))).field).toBe('a');
    expect(error(parseDepthFrame(updateWith({ s: 'BTCUSD_PERP' }))).field).toBe('s');
    expect(error(parseDepthFrame(updateWith({ U: 9287340512341 }))).field).toBe('U');
  });

  it('refuses a hostile huge level array before reading it', () => {
    const huge = Array.from({ length: 200_000 }, () => ['1', '1']);
    const e = error(parseDepthFrame(updateWith({ b: huge })));
    expect(e.field).toBe('b');
    expect(e.message).toMatch(/200000 levels/);
  });

  it('reports truncated JSON and HTML as malformed', () => {
    expect(error(parseDepthFrame(UPDATE.slice(0, 40))).kind).toBe('malformed');
    expect(error(parseDepthFrame('<html><title>502</title></html>')).message).toMatch(/HTML/);
  });
});

describe('Binance depth: the REST snapshot', () => {
  it('reads the reply into a snapshot whose ids are lastUpdateId', () => {
    const m = value(parseDepthSnapshot('BTCUSDT', SNAPSHOT));
    expect(m.kind).toBe('snapshot');
    expect(m.source).toBe('rest');
    expect(m.firstId).toBe(9287340511990);
    expect(m.lastId).toBe(9287340511990);
    expect(m.time).toBe(1781866951102);
    expect(m.bids[0]).toEqual([66471.2, 2.907]);
    expect(m.asks).toHaveLength(5);
  });

  it('turns an error reply into an exchange error and bad fields into malformed ones', () => {
    expect(error(parseDepthSnapshot('BTCUSDT', '{"code":-1121,"msg":"Invalid symbol."}')).kind).toBe(
      'exchange',
    );
    expect(error(parseDepthSnapshot('BTCUSDT', snapshotWith({ lastUpdateId: 'x' }))).field).toBe(
      'lastUpdateId',
    );
    expect(
      error(
        parseDepthSnapshot(
          'BTCUSDT',
          snapshotWith({
            bids: [
              [1, 2, 3],
              ['a', '1'],
            ],
          }),
        ),
      ).field,
    ).toBe('bids[1][0]');
    expect(error(parseDepthSnapshot('BTCUSDT', snapshotWith({ asks: null }))).field).toBe('asks');
    expect(error(parseDepthSnapshot('BTCUSDT', '')).kind).toBe('malformed');
  });
});
