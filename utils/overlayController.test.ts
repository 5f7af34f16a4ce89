import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { frameScheduler } from './overlayController';

/**
 * The overlay redraws through frameScheduler on every visible-range change of a pan or zoom, so
 * whatever one scheduled frame leaves behind piles up for as long as the trader keeps the page
 * open (issue 13: +2,167 listeners over 2,161 pan/zoom steps).
 */
describe('the overlay frame scheduler', () => {
  let frames: Map<number, FrameRequestCallback>;
  let nextId: number;
  let ctx: ContentScriptContext;
  let abortListeners: number;

  const runFrame = () => {
    const due = [...frames.values()];
    frames.clear();
    for (const callback of due) callback(performance.now());
  };

  beforeEach(() => {
    fakeBrowser.reset();
    frames = new Map();
    nextId = 1;
    // Just what ContentScriptContext touches in a page, without a DOM.
    vi.stubGlobal('document', new EventTarget());
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
      frames.set(nextId, callback);
      return nextId++;
    });
    vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
    ctx = new ContentScriptContext('overlay-test', { noScriptStartedPostMessage: true });
    abortListeners = 0;
    const add = ctx.signal.addEventListener.bind(ctx.signal);
    vi.spyOn(ctx.signal, 'addEventListener').mockImplementation((type, listener, options) => {
      if (type === 'abort') abortListeners++;
      add(type, listener, options);
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('draws once per frame however often it is asked, and adds no listener per frame', () => {
    const draw = vi.fn();
    const redraw = frameScheduler(ctx, draw);
    const afterSetUp = abortListeners;
    for (let frame = 0; frame < 2_000; frame++) {
      // A pan step: the bridge's reading and a scroll both ask for a redraw in the same frame.
      redraw();
      redraw();
      runFrame();
    }
    expect(draw).toHaveBeenCalledTimes(2_000);
    expect(afterSetUp).toBeLessThanOrEqual(1);
    expect(abortListeners).toBe(afterSetUp);
  });

  it('cancels the frame it asked for and draws no more once the extension is reloaded', () => {
    const draw = vi.fn();
    const redraw = frameScheduler(ctx, draw);
    redraw();
    expect(frames.size).toBe(1);
    ctx.notifyInvalidated();
    expect(frames.size).toBe(0);
    redraw();
    runFrame();
    expect(draw).not.toHaveBeenCalled();
  });
});
