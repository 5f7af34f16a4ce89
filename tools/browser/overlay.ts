import type { Locator, Page } from 'playwright-core';

/**
 * The on-chart overlay as the tests see it, through its contract and nothing else:
 * - its host element is `<heatbands-overlay>` with an OPEN shadow root, in the top page OR inside
 *   the chart frame's document (so both are searched);
 * - the host carries `data-bands` (bands drawn now), `data-state` (`drawing` | `hint` | `off`) and
 *   `data-reason` whenever a hint is shown;
 * - zones in its docked card are elements with `data-zone` (the zone as JSON); its controls carry
 *   `data-action` (`collapse`, `switch-to-tradingview`).
 */
export const OVERLAY_TAG = 'heatbands-overlay';

export type OverlayState = 'drawing' | 'hint' | 'off';

export interface OverlayHost {
  /** Which document holds it: the top page, or the TradingView frame (same-origin) with this id. */
  where: 'top' | 'frame';
  frameId: string | null;
  openShadow: boolean;
  bands: number | null;
  state: string | null;
  reason: string | null;
  /** A mark a test put on the element (data-test-mark), to tell an old host from a new one. */
  testMark: string | null;
  /** Canvases inside its shadow root. */
  canvases: number;
  /**
   * The order-book depth it draws (issue 16), null while the profile or the walls are off:
   * profile bins, unknown (beyond the books' reach) runs, the largest bin's USD, walls drawn and
   * of those the ended ones.
   */
  depth: {
    bins: number | null;
    unknown: number | null;
    maxUsd: number | null;
    walls: number | null;
    ended: number | null;
  };
}

// Source text, evaluated in the top page: no transpiler helper can leak into it. Walks the top
// document and every same-origin frame document (the chart frame is one).
const WALK_DOCUMENTS = `
  const documentsOf = () => {
    const found = [{ where: 'top', frameId: null, doc: document }];
    for (const frame of document.querySelectorAll('iframe')) {
      let doc = null;
      try { doc = frame.contentDocument; } catch { doc = null; }
      if (doc) found.push({ where: 'frame', frameId: frame.id || null, doc });
    }
    return found;
  };
  const hostsOf = () => documentsOf().flatMap(({ where, frameId, doc }) =>
    [...doc.querySelectorAll('${OVERLAY_TAG}')].map((host) => ({ where, frameId, host })));
`;

const READ_HOSTS = `(() => {
  ${WALK_DOCUMENTS}
  return hostsOf().map(({ where, frameId, host }) => {
    const number = host.getAttribute('data-bands');
    return {
      where,
      frameId,
      openShadow: Boolean(host.shadowRoot),
      bands: number === null ? null : Number(number),
      state: host.getAttribute('data-state'),
      reason: host.getAttribute('data-reason'),
      testMark: host.getAttribute('data-test-mark'),
      canvases: host.shadowRoot ? host.shadowRoot.querySelectorAll('canvas').length : 0,
      depth: Object.fromEntries(
        [['bins', 'data-depth-bins'], ['unknown', 'data-depth-unknown'], ['maxUsd', 'data-depth-max-usd'],
          ['walls', 'data-walls'], ['ended', 'data-walls-ended']].map(([key, name]) => {
          const v = host.getAttribute(name);
          return [key, v === null ? null : Number(v)];
        }),
      ),
    };
  });
})()`;

/** Every `<heatbands-overlay>` on the page, in the top document and in same-origin frames. */
export function overlayHosts(page: Page): Promise<OverlayHost[]> {
  return page.evaluate(READ_HOSTS);
}

/** The page's one overlay host, undefined when there is none; throws when there are several. */
export async function overlayHost(page: Page): Promise<OverlayHost | undefined> {
  const hosts = await overlayHosts(page);
  if (hosts.length > 1)
    throw new Error(`${hosts.length} <${OVERLAY_TAG}> elements: ${JSON.stringify(hosts)}`);
  return hosts[0];
}

/** Shows or hides every overlay host (display: none !important on the host); returns how many. */
export function setOverlayShown(page: Page, shown: boolean): Promise<number> {
  return page.evaluate(`(() => {
    ${WALK_DOCUMENTS}
    const hosts = hostsOf();
    for (const { host } of hosts) {
      if (${shown}) host.style.removeProperty('display');
      else host.style.setProperty('display', 'none', 'important');
    }
    return hosts.length;
  })()`);
}

/** Marks every overlay host now on the page (data-test-mark), to recognise it later. */
export function markOverlayHosts(page: Page, mark: string): Promise<number> {
  return page.evaluate(`(() => {
    ${WALK_DOCUMENTS}
    const hosts = hostsOf();
    for (const { host } of hosts) host.setAttribute('data-test-mark', ${JSON.stringify(mark)});
    return hosts.length;
  })()`);
}

/** The zones the overlay's docked card lists (`data-zone` JSON), with whether each is visible. */
export function overlayZones(
  page: Page,
): Promise<Array<{ json: string | null; visible: boolean; text: string | null }>> {
  return page.evaluate(`(() => {
    ${WALK_DOCUMENTS}
    return hostsOf().flatMap(({ host }) => host.shadowRoot
      ? [...host.shadowRoot.querySelectorAll('[data-zone]')].map((el) => ({
          json: el.getAttribute('data-zone'),
          text: el.textContent,
          visible: el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden',
        }))
      : []);
  })()`);
}

/**
 * A control inside the overlay's shadow root (Playwright's CSS engine pierces open shadow roots),
 * in whichever document the overlay lives in now.
 */
export async function overlayControl(page: Page, selector: string): Promise<Locator> {
  const host = await overlayHost(page);
  if (!host) throw new Error(`no <${OVERLAY_TAG}> on the page`);
  const inner = `${OVERLAY_TAG} ${selector}`;
  if (host.where === 'top' || !host.frameId) return page.locator(inner);
  return page.frameLocator(`iframe#${host.frameId}`).locator(inner);
}

/** The overlay drawing bands, or showing a hint with a reason and no bands: the two settled answers. */
export function isDrawing(host: OverlayHost | undefined): boolean {
  return host?.state === 'drawing' && (host.bands ?? 0) > 0;
}

/**
 * Bands on the chart: `data-bands` > 0 and not a hint or off. Looser than isDrawing (no `data-state`
 * needed), so the pixel checks also run against an overlay that draws without the full contract.
 */
export function hasBands(host: OverlayHost | undefined): boolean {
  return (host?.bands ?? 0) > 0 && host?.state !== 'hint' && host?.state !== 'off';
}

export function isExplainedHint(host: OverlayHost | undefined): boolean {
  return host?.state === 'hint' && Boolean(host.reason) && host.bands === 0;
}

/**
 * Polls the page's one overlay host until `accept` holds and has held, unchanged, for `settleMs`
 * (so a passing "loading…" hint is not taken for the answer). Throws with the last reading.
 */
export async function waitForOverlay(
  page: Page,
  accept: (host: OverlayHost | undefined) => boolean,
  { timeoutMs = 25_000, settleMs = 1200, what = 'the expected overlay state' } = {},
): Promise<OverlayHost> {
  const deadline = Date.now() + timeoutMs;
  let since = 0;
  let lastKey = '';
  let last: OverlayHost[] = [];
  for (;;) {
    last = await overlayHosts(page).catch(() => []);
    const host = last.length === 1 ? last[0] : undefined;
    const key = JSON.stringify(host && [host.where, host.state, host.reason, (host.bands ?? 0) > 0]);
    if (last.length <= 1 && accept(host)) {
      if (key !== lastKey || since === 0) since = Date.now();
      if (Date.now() - since >= settleMs) return host!;
    } else {
      since = 0;
    }
    lastKey = key;
    if (Date.now() > deadline) {
      throw new Error(`no ${what} within ${timeoutMs} ms; the page's overlay hosts: ${JSON.stringify(last)}`);
    }
    await page.waitForTimeout(150);
  }
}

/** A zone as the host's `data-zones-banded` / `data-zones-outlined` lists it. */
export interface MarkedZoneAttr {
  side: 'long' | 'short';
  priceLow: number;
  priceHigh: number;
}

/**
 * How the page's one overlay shows the listed zones in view, from its host's attributes:
 * `data-zones-banded` (shown as a band), `data-zones-outlined` (under the threshold, outlined), and
 * the legend's state `data-legend` (`folded` | `open`). Null when the host is absent or does not say.
 */
export async function overlayZoneMarks(
  page: Page,
): Promise<{ banded: MarkedZoneAttr[] | null; outlined: MarkedZoneAttr[] | null; legend: string | null }> {
  const raw = await page.evaluate<Array<Record<string, string | null>>>(`(() => {
    ${WALK_DOCUMENTS}
    return hostsOf().map(({ host }) => ({
      banded: host.getAttribute('data-zones-banded'),
      outlined: host.getAttribute('data-zones-outlined'),
      legend: host.getAttribute('data-legend'),
    }));
  })()`);
  if (raw.length !== 1) return { banded: null, outlined: null, legend: null };
  const parse = (text: string | null | undefined) => (text ? (JSON.parse(text) as MarkedZoneAttr[]) : null);
  return { banded: parse(raw[0]!.banded), outlined: parse(raw[0]!.outlined), legend: raw[0]!.legend ?? null };
}

/** The legend rows the overlay shows per side (`[data-legend-side] [data-level]`), in its shadow root. */
export function overlayLegendRows(page: Page): Promise<Array<{ side: string; level: number; text: string }>> {
  return page.evaluate(`(() => {
    ${WALK_DOCUMENTS}
    return hostsOf().flatMap(({ host }) => host.shadowRoot
      ? [...host.shadowRoot.querySelectorAll('[data-legend-side] [data-level]')].map((row) => ({
          side: row.closest('[data-legend-side]').getAttribute('data-legend-side'),
          level: Number(row.getAttribute('data-level')),
          text: row.textContent,
        }))
      : []);
  })()`);
}
