import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNEL, MAX_PANE_PX, parseBridgeMessage } from './bridgeProtocol';

const TOKEN = 'c0ffee00-1234-4abc-8def-0123456789ab';

function message(chart: unknown, extra: Record<string, unknown> = {}) {
  return { channel: BRIDGE_CHANNEL, version: 1, token: TOKEN, kind: 'chart', chart, ...extra };
}

const ready = {
  state: 'ready',
  symbol: 'BTCUSDT@PRICETYPE=LAST',
  resolution: '15',
  time: { from: 1_780_000_000, to: 1_780_090_000 },
  price: { from: 65_500, to: 71_300 },
  scaleMode: 0,
  inverted: false,
  pane: { left: 12, top: 67, width: 1188, height: 692 },
};

describe('bridge messages', () => {
  it('accepts a well-formed chart reading with our token', () => {
    expect(parseBridgeMessage(message(ready), TOKEN)).toEqual(ready);
    expect(parseBridgeMessage(message({ state: 'absent' }), TOKEN)).toEqual({ state: 'absent' });
    expect(parseBridgeMessage(message({ state: 'unreadable', reason: 'loading' }), TOKEN)).toMatchObject({
      state: 'unreadable',
    });
  });

  it('ignores another token, another channel or version, and anything not an object', () => {
    expect(parseBridgeMessage(message(ready, { token: 'someone-elses-token' }), TOKEN)).toBeUndefined();
    expect(parseBridgeMessage(message(ready, { channel: 'other' }), TOKEN)).toBeUndefined();
    expect(parseBridgeMessage(message(ready, { version: 2 }), TOKEN)).toBeUndefined();
    for (const junk of [null, undefined, 'chart', 42, [], {}])
      expect(parseBridgeMessage(junk, TOKEN)).toBeUndefined();
  });

  it('rejects non-finite or non-number coordinates and ranges', () => {
    const bad = [
      { ...ready, price: { from: Number.NaN, to: 71_300 } },
      { ...ready, time: { from: 1_780_000_000, to: Number.POSITIVE_INFINITY } },
      { ...ready, pane: { ...ready.pane, left: '12' } },
      { ...ready, pane: { ...ready.pane, width: -5 } },
      { ...ready, pane: { ...ready.pane, top: 1e9 } },
      { ...ready, scaleMode: 1.5 },
      { ...ready, scaleMode: 7 },
    ];
    for (const chart of bad) expect(parseBridgeMessage(message(chart), TOKEN)).toBeUndefined();
  });

  it('rejects empty or reversed ranges and a log scale with non-positive prices', () => {
    expect(
      parseBridgeMessage(message({ ...ready, price: { from: 70_000, to: 70_000 } }), TOKEN),
    ).toBeUndefined();
    expect(parseBridgeMessage(message({ ...ready, time: { from: 2e9, to: 1e9 } }), TOKEN)).toBeUndefined();
    expect(
      parseBridgeMessage(message({ ...ready, scaleMode: 1, price: { from: -5, to: 100 } }), TOKEN),
    ).toBeUndefined();
  });

  it('rejects extra fields, over-long strings, and unknown states', () => {
    expect(parseBridgeMessage(message({ ...ready, script: 'alert(1)' }), TOKEN)).toBeUndefined();
    expect(parseBridgeMessage(message(ready, { html: '<img>' }), TOKEN)).toBeUndefined();
    expect(parseBridgeMessage(message({ ...ready, symbol: 'X'.repeat(65) }), TOKEN)).toBeUndefined();
    expect(parseBridgeMessage(message({ state: 'drawing' }), TOKEN)).toBeUndefined();
  });

  it('clamps an absurd pane size instead of sizing a canvas to it', () => {
    const huge = { ...ready, pane: { ...ready.pane, width: 90_000, height: 50_000 } };
    const parsed = parseBridgeMessage(message(huge), TOKEN);
    expect(parsed?.state === 'ready' && parsed.pane).toMatchObject({
      width: MAX_PANE_PX,
      height: MAX_PANE_PX,
    });
  });
});
