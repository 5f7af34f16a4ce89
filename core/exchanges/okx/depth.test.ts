import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BookMessage } from '../../depth/types';
import type { ExchangeError, ExchangeResult } from '../errors';
import {
  depthSnapshotPath,
  depthStreamUrl,
  depthSubscribeMessages,
  NO_SEQ_ID,
  parseDepthFrame,
  parseDepthSnapshot,
} from './depth';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const SNAPSHOT = fixture('ws-books-snapshot.json');
const UPDATE = fixture('ws-books-update.json');
const KEEP_ALIVE = fixture('ws-books-keepalive.json');
const REST = fixture('books-btc-swap-400.json');
const CT_VAL = 0.01; // BTC-USDT-SWAP: 0.01 BTC per contract

function value<T>(r: ExchangeResult<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}
function error<T>(r: ExchangeResult<T>): ExchangeError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
}
function dataWith(base: string, patch: Record<string, unknown>, top: Record<string, unknown> = {}): string {
  const msg = JSON.parse(base) as { data: Record<string, unknown>[] };
  return JSON.stringify({ ...msg, ...top, data: [{ ...msg.data[0], ...patch }] });
}

describe('OKX depth: where', () => {
  it('subscribes books on the public socket and asks REST for 400 levels', () => {
    expect(depthStreamUrl()).toBe('wss://ws.okx.com:8443/ws/v5/public');
    expect(depthSubscribeMessages('BTCUSDT')).toEqual([
      '{"op":"subscribe","args":[{"channel":"books","instId":"BTC-USDT-SWAP"}]}',
    ]);
    expect(depthSnapshotPath('BTCUSDT')).toBe('/api/v5/market/books?instId=BTC-USDT-SWAP&sz=400');
  });
});

describe('OKX depth: the books channel', () => {
  it('reads a snapshot, contracts × ctVal into base units, seqId/prevSeqId as ids', () => {
    const [m] = value(parseDepthFrame(SNAPSHOT, CT_VAL)) as [BookMessage];
    expect(m).toMatchObject({
      exchange: 'okx',
      symbol: 'BTCUSDT',
      kind: 'snapshot',
      source: 'stream',
      time: 1781866951102,
      firstId: 18830117239,
      lastId: 18830117239,
      prevId: -1,
    });
    expect(m.bids[0]![1]).toBeCloseTo(2.9, 12); // 290 contracts × 0.01
    expect(m.asks[2]).toEqual([66475, 0.15]);
  });

  it('reads an update (0 removes) and an empty keep-alive with prevSeqId == seqId', () => {
    const [u] = value(parseDepthFrame(UPDATE, CT_VAL)) as [BookMessage];
    expect(u).toMatchObject({ kind: 'delta', prevId: 18830117239, lastId: 18830117245 });
    expect(u.asks[1]).toEqual([66475, 0]);
    const [k] = value(parseDepthFrame(KEEP_ALIVE, CT_VAL)) as [BookMessage];
    expect(k).toMatchObject({ kind: 'delta', prevId: 18830117245, lastId: 18830117245, bids: [], asks: [] });
  });

  it('ignores pong, acks, notices and other channels; an error event is an error with its code', () => {
    expect(value(parseDepthFrame('pong', CT_VAL))).toEqual([]);
    expect(
      value(
        parseDepthFrame(
          '{"event":"subscribe","arg":{"channel":"books","instId":"BTC-USDT-SWAP"},"connId":"a4d3ae55"}',
          CT_VAL,
        ),
      ),
    ).toEqual([]);
    expect(
      value(parseDepthFrame('{"event":"notice","code":"64008","msg":"reconnect soon"}', CT_VAL)),
    ).toEqual([]);
    expect(
      value(parseDepthFrame('{"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[]}', CT_VAL)),
    ).toEqual([]);
    const e = error(
      parseDepthFrame('{"event":"error","code":"60012","msg":"Invalid request","connId":"a"}', CT_VAL),
    );
    expect(e.kind).toBe('exchange');
    expect(e.message).toContain('60012');
    expect(error(parseDepthFrame('{"event":"error","code":"50011","msg":"Rate limit"}', CT_VAL)).kind).toBe(
      'rate-limited',
    );
  });

  it('names the field at fault, never throws', () => {
    expect(error(parseDepthFrame(dataWith(UPDATE, { seqId: '18830117245' }), CT_VAL)).field).toBe(
      'data[0].seqId',
    );
    expect(error(parseDepthFrame(dataWith(UPDATE, { prevSeqId: undefined }), CT_VAL)).field).toBe(
      'data[0].prevSeqId',
    );
    expect(error(parseDepthFrame(dataWith(UPDATE, { ts: 1781866951234 }), CT_VAL)).field).toBe('data[0].ts');
    expect(
      error(parseDepthFrame(dataWith(UPDATE, { bids: [['66471.2', 'NaN', '0', '1']] }), CT_VAL)).field,
    ).toBe('data[0].bids[0][1]');
    // OKX levels have four entries: a two-entry level is not OKX's shape.
    expect(error(parseDepthFrame(dataWith(UPDATE, { asks: [['66471.3', '92']] }), CT_VAL)).field).toBe(
      'data[0].asks[0]',
    );
    expect(error(parseDepthFrame(dataWith(UPDATE, {}, { action: 'partial' }), CT_VAL)).field).toBe('action');
    expect(
      error(
        parseDepthFrame(dataWith(UPDATE, {}, { arg: { channel: 'books', instId: 'BTC-USD-SWAP' } }), CT_VAL),
      ).field,
    ).toBe('arg.instId');
  });

  it('refuses a hostile huge level array and a bad contract size', () => {
    const huge = Array.from({ length: 100_000 }, () => ['1', '1', '0', '1']);
    expect(error(parseDepthFrame(dataWith(UPDATE, { asks: huge }), CT_VAL)).field).toBe('data[0].asks');
    expect(error(parseDepthFrame(UPDATE, 0)).field).toBe('ctVal');
    expect(error(parseDepthFrame(UPDATE, Number.NaN)).field).toBe('ctVal');
  });
});

describe('OKX depth: the REST snapshot', () => {
  it('reads data[0] into a snapshot without sequence ids (REST books carry none)', () => {
    const m = value(parseDepthSnapshot('BTCUSDT', REST, CT_VAL));
    expect(m).toMatchObject({ kind: 'snapshot', source: 'rest', time: 1781866951102, lastId: NO_SEQ_ID });
    expect(m.bids[0]![1]).toBeCloseTo(2.9, 12);
  });

  it('turns an OKX code into an error and a bad field into a malformed one', () => {
    const e = error(
      parseDepthSnapshot(
        'BTCUSDT',
        '{"code":"51001","msg":"Instrument ID does not exist","data":[]}',
        CT_VAL,
      ),
    );
    expect(e.kind).toBe('exchange');
    expect(e.message).toContain('51001');
    expect(error(parseDepthSnapshot('BTCUSDT', dataWith(REST, { ts: 'now' }), CT_VAL)).field).toBe(
      'data[0].ts',
    );
    expect(error(parseDepthSnapshot('BTCUSDT', '{"code":"0","msg":"","data":[]}', CT_VAL)).field).toBe(
      'data',
    );
  });
});
