import { describe, expect, it } from 'vitest';
import { BRIDGE_CHANNEL, BRIDGE_VERSION, MAX_PANE_PX, parseBridgeMessage } from './bridgeProtocol';

const TOKEN = 'c0ffee00-1234-4abc-8def-0123456789ab';
const probe = { frames: [], globals: {}, checks: {}, api: {} };

function message(chart: unknown, extra: Record<string, unknown> = {}) {
  return {
    channel: BRIDGE_CHANNEL,
    version: BRIDGE_VERSION,
    token: TOKEN,
    kind: 'chart',
    chart,
    probe,
    ...extra,
  };
}

const mapping = {
  time: { anchorX: 104.5, anchorTime: 1_780_000_200, spacing: 8.25, intervalS: 900 },
  price: { mode: 0, top: 71_300, bottom: 65_500, bottomRow: 691 },
  width: 1188,
  height: 692,
};
const ready = {
  state: 'ready',
  symbol: 'BTCUSDT@PRICETYPE=LAST',
  resolution: '15',
  tier: 'documented',
  mapping,
  pane: { tier: 'class', index: 0, epoch: 3 },
  frameId: 'tradingview_1a2b3',
};

describe('bridge messages', () => {
  it('accepts a well-formed chart reading with our token, and its probe', () => {
    expect(parseBridgeMessage(message(ready), TOKEN)).toEqual({ chart: ready, probe });
    expect(parseBridgeMessage(message({ state: 'absent' }), TOKEN)?.chart).toEqual({ state: 'absent' });
    const crossOrigin = { state: 'absent', crossOrigin: 'https://charts.example.net' };
    expect(parseBridgeMessage(message(crossOrigin), TOKEN)?.chart).toEqual(crossOrigin);
    const diagnosed = {
      ...probe,
      paneTier: 'gui-wrapper',
      charts: 2,
      frameVersion: 'CL v30.2.0 (internal id 1)',
    };
    expect(parseBridgeMessage(message(ready, { probe: diagnosed }), TOKEN)?.probe).toEqual(diagnosed);
    expect(
      parseBridgeMessage(message({ state: 'unreadable', reason: 'loading', loading: true }), TOKEN)?.chart,
    ).toMatchObject({ state: 'unreadable' });
  });

  it('keeps the last frame list and globals when a message leaves them out (they are sent only on change)', () => {
    const frames = [
      { id: 'tradingview_1a2b3', name: '', src: 'blob:', sameOrigin: true, tradingViewApi: true },
    ];
    const previous = { ...probe, frames, globals: { tvWidget: 'undefined' } };
    const { frames: _f, globals: _g, ...rest } = previous;
    const parsed = parseBridgeMessage(
      message(ready, { probe: { ...rest, checks: { paneWidth: 'ok' } } }),
      TOKEN,
      previous,
    );
    expect(parsed?.probe).toEqual({ ...previous, checks: { paneWidth: 'ok' } });
    expect(parseBridgeMessage(message(ready, { probe: rest }), TOKEN)?.probe.frames).toEqual([]);
  });

  it('accepts an inverted scale, where the top row shows the lower price', () => {
    const inverted = {
      ...ready,
      mapping: { ...mapping, price: { ...mapping.price, top: 65_500, bottom: 71_300 } },
    };
    expect(parseBridgeMessage(message(inverted), TOKEN)).toBeDefined();
  });

  it('ignores another token, another channel or version, and anything not an object', () => {
    expect(parseBridgeMessage(message(ready, { token: 'someone-elses-token' }), TOKEN)).toBeUndefined();
    expect(parseBridgeMessage(message(ready, { channel: 'other' }), TOKEN)).toBeUndefined();
    expect(parseBridgeMessage(message(ready, { version: 1 }), TOKEN)).toBeUndefined();
    for (const junk of [null, undefined, 'chart', 42, [], {}])
      expect(parseBridgeMessage(junk, TOKEN)).toBeUndefined();
  });

  it('rejects non-finite or non-number values, and absurd sizes', () => {
    const bad = [
      { ...mapping, price: { ...mapping.price, top: Number.NaN } },
      { ...mapping, time: { ...mapping.time, spacing: Number.POSITIVE_INFINITY } },
      { ...mapping, time: { ...mapping.time, anchorX: '12' } },
      { ...mapping, time: { ...mapping.time, spacing: 0 } },
      { ...mapping, width: -5 },
      { ...mapping, width: MAX_PANE_PX + 1 },
      { ...mapping, price: { ...mapping.price, mode: 2 } },
    ];
    for (const m of bad) expect(parseBridgeMessage(message({ ...ready, mapping: m }), TOKEN)).toBeUndefined();
    for (const pane of [
      { tier: 'table', index: 0, epoch: 1 },
      { tier: 'class', index: -1, epoch: 1 },
      { tier: 'class', index: 0.5, epoch: 1 },
      { tier: 'class', index: 0, epoch: Number.NaN },
    ]) {
      expect(parseBridgeMessage(message({ ...ready, pane }), TOKEN)).toBeUndefined();
    }
  });

  it('rejects an empty price range and a log scale with non-positive prices', () => {
    const flat = { ...mapping, price: { ...mapping.price, top: 70_000, bottom: 70_000 } };
    expect(parseBridgeMessage(message({ ...ready, mapping: flat }), TOKEN)).toBeUndefined();
    const log = { ...mapping, price: { mode: 1, top: 100, bottom: -5, bottomRow: 691 } };
    expect(parseBridgeMessage(message({ ...ready, mapping: log }), TOKEN)).toBeUndefined();
  });

  it('rejects extra fields, over-long strings, and unknown states', () => {
    expect(parseBridgeMessage(message({ ...ready, script: 'alert(1)' }), TOKEN)).toBeUndefined();
    expect(parseBridgeMessage(message(ready, { html: '<img>' }), TOKEN)).toBeUndefined();
    expect(parseBridgeMessage(message({ ...ready, symbol: 'X'.repeat(65) }), TOKEN)).toBeUndefined();
    expect(parseBridgeMessage(message({ state: 'drawing' }), TOKEN)).toBeUndefined();
    expect(parseBridgeMessage(message(ready, { probe: { ...probe, cookies: 'x' } }), TOKEN)).toBeUndefined();
  });
});
