import { describe, expect, it } from 'vitest';
import type { HeatmapReply } from '../messaging';
import type { ChartReading } from './bridgeProtocol';
import { INITIAL_OVERLAY, type OverlayEvent, type OverlayModel, replyForPage, step } from './overlayMachine';

const reply = (symbol: string): HeatmapReply => ({
  ok: true,
  symbol,
  window: '12h',
  asOf: 1,
  price: 66_000,
  bands: [],
  zones: [],
});
const published = (symbol: string, asOf = 1) => ({
  symbol,
  publishedAt: 5,
  reply: { ...reply(symbol), asOf },
});
const reading: ChartReading = { state: 'absent' };
const probe = { frames: [], globals: {}, checks: {}, api: {} };

/** Runs events in order; returns the final model and every effect, in order. */
function run(events: OverlayEvent[], from: OverlayModel = INITIAL_OVERLAY) {
  let model = from;
  const effects = [];
  for (const event of events) {
    const next = step(model, event);
    model = next.model;
    effects.push(...next.effects);
  }
  return { model, effects };
}

const started: OverlayEvent = { type: 'started', overlayOn: true, pageSymbol: 'BTCUSDT' };

describe('the overlay state machine', () => {
  it('starts the bridge and asks the worker once for the page market', () => {
    const { effects, model } = run([started]);
    expect(effects).toEqual([
      { type: 'start-bridge' },
      { type: 'ask-worker', symbol: 'BTCUSDT', generation: 0 },
      { type: 'redraw' },
    ]);
    expect(model.asking).toEqual({ generation: 0, again: false });
  });

  it('does nothing on a page that is not a trading page, and nothing with the overlay off', () => {
    expect(run([{ type: 'started', overlayOn: true, pageSymbol: undefined }]).effects).not.toContainEqual(
      expect.objectContaining({ type: 'ask-worker' }),
    );
    const off = run([{ type: 'started', overlayOn: false, pageSymbol: 'BTCUSDT' }]);
    expect(off.effects).toEqual([{ type: 'redraw' }]);
  });

  it('asks one question at a time; an estimate for another market meanwhile is asked about once more', () => {
    const { effects, model } = run([
      started,
      { type: 'published', estimate: published('ETHUSDT') },
      { type: 'published', estimate: published('ETHUSDT') },
      { type: 'answered', generation: 0, reply: reply('BTCUSDT') },
    ]);
    expect(effects.filter((e) => e.type === 'ask-worker')).toHaveLength(2);
    expect(model.reply).toEqual(reply('BTCUSDT'));
    expect(model.asking).toEqual({ generation: 0, again: false });
  });

  it("draws the published estimate of the page's market at once, without asking the worker", () => {
    const asked = run([started, { type: 'answered', generation: 0, reply: reply('BTCUSDT') }]);
    const { effects, model } = run([{ type: 'published', estimate: published('BTCUSDT', 2) }], asked.model);
    expect(effects).toEqual([{ type: 'redraw' }]);
    expect(replyForPage(model)).toEqual({ ...reply('BTCUSDT'), asOf: 2 });
    // For another market, the worker's answer (why not) stands.
    const other = run([{ type: 'published', estimate: published('ETHUSDT') }], asked.model).model;
    expect(replyForPage(other)).toEqual(reply('BTCUSDT'));
  });

  it('throws away an answer to a question no longer current (in-page navigation) and asks anew', () => {
    const { effects, model } = run([
      started,
      { type: 'location-changed', pageSymbol: 'ETHUSDT' },
      { type: 'answered', generation: 0, reply: reply('BTCUSDT') },
    ]);
    expect(model.reply).toBeUndefined();
    expect(effects.filter((e) => e.type === 'ask-worker')).toEqual([
      { type: 'ask-worker', symbol: 'BTCUSDT', generation: 0 },
      { type: 'ask-worker', symbol: 'ETHUSDT', generation: 1 },
    ]);
    const answered = step(model, { type: 'answered', generation: 1, reply: reply('ETHUSDT') });
    expect(answered.model.reply).toEqual(reply('ETHUSDT'));
  });

  it('ignores a navigation that keeps the market', () => {
    const { model } = run([started]);
    expect(step(model, { type: 'location-changed', pageSymbol: 'BTCUSDT' }).effects).toEqual([]);
  });

  it('accepts chart readings only while its bridge runs', () => {
    expect(step(INITIAL_OVERLAY, { type: 'chart-read', reading, probe }).model.reading).toBeUndefined();
    const { model } = run([started, { type: 'bridge-started', token: 't0123456789' }]);
    const read = step(model, { type: 'chart-read', reading, probe });
    expect(read.model.reading).toEqual(reading);
    expect(read.effects).toEqual([{ type: 'redraw' }]);
  });

  it('turning the overlay off stops the bridge with its token and forgets the bands', () => {
    const { model, effects } = run([
      started,
      { type: 'bridge-started', token: 't0123456789' },
      { type: 'chart-read', reading, probe },
      { type: 'answered', generation: 0, reply: reply('BTCUSDT') },
      { type: 'settings-changed', overlayOn: false },
    ]);
    expect(effects).toContainEqual({ type: 'stop-bridge', token: 't0123456789' });
    expect(model).toMatchObject({ bridgeToken: undefined, reading: undefined, reply: undefined });
    // An answer that lands after the switch is not drawn.
    const late = step(model, { type: 'answered', generation: 0, reply: reply('BTCUSDT') });
    expect(late.model.reply).toBeUndefined();
  });

  it('a settings change asks anew and does not start a second bridge', () => {
    const { model } = run([
      started,
      { type: 'bridge-started', token: 't0123456789' },
      { type: 'answered', generation: 0, reply: reply('BTCUSDT') },
    ]);
    const changed = step(model, { type: 'settings-changed', overlayOn: true });
    expect(changed.effects).not.toContainEqual({ type: 'start-bridge' });
    expect(changed.effects).toContainEqual({ type: 'ask-worker', symbol: 'BTCUSDT', generation: 1 });
    expect(changed.model.reply).toBeUndefined();
  });

  it('remembers a folded card and redraws', () => {
    const folded = step(INITIAL_OVERLAY, { type: 'card-collapsed', collapsed: true });
    expect(folded.model.cardCollapsed).toBe(true);
    expect(folded.effects).toEqual([{ type: 'redraw' }]);
  });

  it('an invalidated script (extension reloaded) stops its bridge and drops everything', () => {
    const { model } = run([started, { type: 'bridge-started', token: 't0123456789' }]);
    const gone = step(model, { type: 'invalidated' });
    expect(gone.effects).toEqual([{ type: 'stop-bridge', token: 't0123456789' }]);
    expect(gone.model).toMatchObject({ overlayOn: false, bridgeToken: undefined, asking: undefined });
  });
});
