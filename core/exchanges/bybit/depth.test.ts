import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BookMessage } from '../../depth/types';
import type { ExchangeError, ExchangeResult } from '../errors';
import {
  depthSnapshotPath,
  depthStreamUrl,
  depthSubscribeMessages,
  parseDepthFrame,
  parseDepthSnapshot,
} from './depth';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const SNAPSHOT = fixture('ws-orderbook-200-snapshot-btcusdt.json');
const DELTA = fixture('ws-orderbook-200-delta-btcusdt.json');
const REST = fixture('orderbook-btcusdt-200.json');

function value<T>(r: ExchangeResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}
function error<T>(r: ExchangeResult<T>): ExchangeError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
}
function pushWith(base: string, data: Record<string, unknown>, top: Record<string, unknown> = {}): string {
  const msg = JSON.parse(base) as { data: Record<string, unknown> };
  return JSON.stringify({ ...msg, ...top, data: { ...msg.data, ...data } });
}

describe('Bybit depth: where', () => {
  it('subscribes orderbook.200 on the public linear socket', () => {
    expect(depthStreamUrl()).toBe('wss://stream.bybit.com/v5/public/linear');
    expect(depthSubscribeMessages('BTCUSDT')).toEqual([
      '{"op":"subscribe","args":["orderbook.200.BTCUSDT"]}',
    ]);
    expect(depthSnapshotPath('BTCUSDT')).toBe(
      '/v5/market/orderbook?category=linear&symbol=BTCUSDT&limit=200',
    );
  });
});

describe('Bybit depth: the orderbook.200 topic', () => {
  it('reads a snapshot with u as both ids and seq kept', () => {
    const [m] = value(parseDepthFrame(SNAPSHOT)) as [BookMessage];
    expect(m).toMatchObject({
      exchange: 'bybit',
      symbol: 'BTCUSDT',
      kind: 'snapshot',
      source: 'stream',
      time: 1781866951102,
      firstId: 48120773,
      lastId: 48120773,
      seq: 389120557790,
    });
    expect(m.bids).toEqual([
      [66471.2, 2.907],
      [66471.1, 0.012],
      [66470, 1.5],
    ]);
  });

  it('reads a delta, a size of 0 kept as a removal', () => {
    const [m] = value(parseDepthFrame(DELTA)) as [BookMessage];
    expect(m.kind).toBe('delta');
    expect(m.lastId).toBe(48120774);
    expect(m.bids).toEqual([
      [66471.2, 3.412],
      [66470, 0],
    ]);
  });

  it('treats u = 1 as a whole book, even when sent as a delta (Bybit restarted)', () => {
    const [m] = value(parseDepthFrame(pushWith(DELTA, { u: 1 }))) as [BookMessage];
    expect(m.kind).toBe('snapshot');
  });

  it('ignores acks, pongs and other topics; a refused subscription is an exchange error', () => {
    expect(
      value(parseDepthFrame('{"success":true,"ret_msg":"","conn_id":"c1","req_id":"","op":"subscribe"}')),
    ).toEqual([]);
    expect(
      value(parseDepthFrame('{"success":true,"ret_msg":"pong","conn_id":"c1","req_id":"","op":"ping"}')),
    ).toEqual([]);
    expect(value(parseDepthFrame('{"topic":"tickers.BTCUSDT","type":"delta","data":{}}'))).toEqual([]);
    const e = error(
      parseDepthFrame(
        '{"success":false,"ret_msg":"error:handler not found,topic:orderbook.7.BTCUSDT","op":"subscribe"}',
      ),
    );
    expect(e.kind).toBe('exchange');
    expect(e.message).toContain('handler not found');
  });

  it('names the field at fault, never throws', () => {
    expect(error(parseDepthFrame(pushWith(DELTA, { u: '48120774' }))).field).toBe('data.u');
    expect(error(parseDepthFrame(pushWith(DELTA, { u: 0 }))).field).toBe('data.u');
    expect(error(parseDepthFrame(pushWith(DELTA, { seq: 1.5 }))).field).toBe('data.seq');
    expect(error(parseDepthFrame(pushWith(DELTA, { b: [['66471.2', 'NaN']] }))).field).toBe('data.b[0][1]');
    expect(error(parseDepthFrame(pushWith(DELTA, { a: [[null, '1']] }))).field).toBe('data.a[0][0]');
    expect(error(parseDepthFrame(pushWith(DELTA, {}, { type: 'partial' }))).field).toBe('type');
    expect(error(parseDepthFrame(pushWith(DELTA, {}, { ts: 'soon' }))).field).toBe('ts');
    expect(error(parseDepthFrame(pushWith(DELTA, { s: 'BTCUSD' }))).field).toBe('data.s');
    expect(error(parseDepthFrame('[1,2]')).field).toBe('(root)');
  });

  it('refuses a hostile huge level array', () => {
    const huge = Array.from({ length: 50_000 }, () => ['1', '1']);
    expect(error(parseDepthFrame(pushWith(DELTA, { a: huge }))).field).toBe('data.a');
  });
});

describe('Bybit depth: the REST snapshot', () => {
  it('reads the result into a snapshot', () => {
    const m = value(parseDepthSnapshot(REST));
    expect(m).toMatchObject({ kind: 'snapshot', source: 'rest', firstId: 48120770, seq: 389120557790 });
    expect(m.asks).toEqual([
      [66471.3, 0.915],
      [66471.5, 1.204],
    ]);
  });

  it('turns a retCode into an exchange error and a bad field into a malformed one', () => {
    const refused = error(
      parseDepthSnapshot('{"retCode":10001,"retMsg":"params error","result":{},"time":1}'),
    );
    expect(refused.kind).toBe('exchange');
    expect(refused.message).toContain('10001');
    const rest = JSON.parse(REST) as { result: Record<string, unknown> };
    const broken = JSON.stringify({ ...rest, result: { ...rest.result, b: [['66471.2', '']] } });
    expect(error(parseDepthSnapshot(broken)).field).toBe('result.b[0][1]');
    expect(error(parseDepthSnapshot('{"retMsg":"OK"}')).field).toBe('retCode');
  });
});
