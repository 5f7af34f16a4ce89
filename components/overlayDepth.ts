import type { PaneMapping } from '@/core/overlay/chartGeometry';
import { depthProfile, profileBarMaxPx, wallRects } from '@/core/overlay/depthProfile';
import type { OverlayDepth } from '@/core/overlay/overlayScene';
import { depthRgba } from '@/core/render/depthColors';
import { formatUsdShort } from '@/core/render/format';

/**
 * Paints the live order-book depth on the overlay's canvas (components/OverlayView.ts calls it after
 * the bands, so it sits over them), and says what it drew on the host:
 * - `data-depth-bins`: known depth bins in view; `data-depth-unknown`: bins in view no followed live
 *   book reaches (drawn hatched, never as empty); `data-depth-max-usd`: the full-length bar's USD;
 * - `data-walls`: walls outlined in view (`data-walls-ended`: of them, those traded or pulled).
 * Each attribute is removed while its part is off.
 *
 * The profile: at the pane's right edge, one bar per pixel row of depth bins, bids blue and asks
 * orange (core/render/depthColors.ts), summed over the followed exchanges' live books; a bar's
 * length is its USD over the largest row in view, the longest 15 % of the pane (at most 120 px),
 * with that USD printed under the profile. Rows some followed book does not reach are fainter.
 * Walls: a rectangle at the wall's price bin from when it began standing; solid while it stands,
 * dashed and faded with its fate ("pulled", "traded") once it ended.
 */
const HATCH_PX = 8;
const LABEL_FONT = '10px system-ui, sans-serif';

export function paintDepth(
  g: CanvasRenderingContext2D,
  host: HTMLElement,
  depth: OverlayDepth | undefined,
  mapping: PaneMapping,
  pixelRatio: number,
): void {
  const profileOn = depth?.profile !== undefined && !depth.stale;
  const wallsOn = depth?.walls !== undefined && !depth.stale;
  if (!profileOn) for (const name of PROFILE_ATTRIBUTES) host.removeAttribute(name);
  if (!wallsOn) for (const name of WALL_ATTRIBUTES) host.removeAttribute(name);
  if (!depth) return;
  if (depth.stale) {
    label(g, mapping, depth.stale);
    return;
  }
  if (depth.walls) paintWalls(g, host, depth, mapping, pixelRatio);
  if (depth.profile) paintProfile(g, host, depth, mapping, pixelRatio);
}

const PROFILE_ATTRIBUTES = ['data-depth-bins', 'data-depth-unknown', 'data-depth-max-usd'];
const WALL_ATTRIBUTES = ['data-walls', 'data-walls-ended'];

function paintProfile(
  g: CanvasRenderingContext2D,
  host: HTMLElement,
  depth: OverlayDepth,
  mapping: PaneMapping,
  pixelRatio: number,
): void {
  const summed = depth.profile!;
  const profile = depthProfile(summed, mapping, pixelRatio);
  const right = mapping.width;
  const maxPx = profileBarMaxPx(mapping.width);
  // See-through, so the newest candles under the profile stay readable; fainter where a book is missing.
  const fills = {
    bid: [depthRgba('bid', 0.42), depthRgba('bid', 0.2)],
    ask: [depthRgba('ask', 0.42), depthRgba('ask', 0.2)],
  };
  if (profile.maxUsd > 0) {
    for (const row of profile.rows) {
      const tone = row.partial ? 1 : 0;
      const bidPx = (row.bidUsd / profile.maxUsd) * maxPx;
      const askPx = (row.askUsd / profile.maxUsd) * maxPx;
      // The longer first, so both show where a row holds bids and asks (the row at the mid).
      const order: Array<['bid' | 'ask', number]> =
        bidPx >= askPx
          ? [
              ['bid', bidPx],
              ['ask', askPx],
            ]
          : [
              ['ask', askPx],
              ['bid', bidPx],
            ];
      for (const [side, px] of order) {
        if (!(px > 0)) continue;
        const width = Math.max(1 / pixelRatio, px);
        g.fillStyle = fills[side][tone]!;
        g.fillRect(right - width, row.y, width, row.height);
      }
    }
  }
  if (profile.unknown.length > 0) {
    g.fillStyle = hatch(g) ?? 'rgba(160, 160, 176, 0.25)';
    for (const run of profile.unknown) g.fillRect(right - HATCH_PX, run.y, HATCH_PX, run.height);
  }
  const left = summed.excluded.map((e) => `${e.exchange} ${e.reason}`);
  const scale =
    summed.counted.length === 0
      ? 'depth: no live book'
      : `depth ${profile.maxUsd > 0 ? formatUsdShort(profile.maxUsd) : '$0'} = ${Math.round(maxPx)} px`;
  label(g, mapping, left.length > 0 ? `${scale} · left out: ${left.join('; ')}` : scale);
  setIfChanged(host, 'data-depth-bins', String(profile.knownBins));
  setIfChanged(host, 'data-depth-unknown', String(profile.unknownBins));
  setIfChanged(host, 'data-depth-max-usd', String(profile.maxUsd));
}

function paintWalls(
  g: CanvasRenderingContext2D,
  host: HTMLElement,
  depth: OverlayDepth,
  mapping: PaneMapping,
  pixelRatio: number,
): void {
  const rects = wallRects(depth.walls!, depth.binSize, mapping, pixelRatio);
  let ended = 0;
  g.save();
  g.lineWidth = 1.5;
  // Standing walls first, then ended ones: one line style each, not a state change per wall.
  for (const { wall, x, y, width, height } of rects) {
    if (wall.fate !== 'standing') continue;
    g.strokeStyle = depthRgba(wall.side, 0.95);
    g.strokeRect(x + 0.75, y + 0.75, Math.max(0.5, width - 1.5), Math.max(0.5, height - 1.5));
  }
  g.setLineDash([4, 3]);
  g.font = LABEL_FONT;
  g.textBaseline = 'middle';
  for (const { wall, x, y, width, height } of rects) {
    if (wall.fate === 'standing') continue;
    ended++;
    g.strokeStyle = depthRgba(wall.side, 0.45);
    g.strokeRect(x + 0.75, y + 0.75, Math.max(0.5, width - 1.5), Math.max(0.5, height - 1.5));
    // The fate beside where it ended, when there is room for the word.
    if (x + width + 40 < mapping.width) {
      g.fillStyle = depthRgba(wall.side, 0.7);
      g.fillText(wall.fate, x + width + 3, y + height / 2);
    }
  }
  g.restore();
  setIfChanged(host, 'data-walls', String(rects.length));
  setIfChanged(host, 'data-walls-ended', String(ended));
}

/** A small line of text at the pane's lower right, over the profile's foot. */
function label(g: CanvasRenderingContext2D, mapping: PaneMapping, text: string): void {
  g.save();
  g.font = LABEL_FONT;
  g.textAlign = 'right';
  g.textBaseline = 'bottom';
  g.fillStyle = 'rgba(24, 26, 32, 0.75)';
  const width = Math.min(mapping.width - 8, textWidth(g, text) + 8);
  g.fillRect(mapping.width - width - 2, mapping.height - 16, width, 14);
  g.fillStyle = '#b7bdc6';
  g.fillText(text, mapping.width - 6, mapping.height - 3);
  g.restore();
}

/** The label's width, measured once per text (it changes once a second at most, a pan never). */
let measured: { text: string; width: number } | undefined;
function textWidth(g: CanvasRenderingContext2D, text: string): number {
  if (measured?.text !== text) measured = { text, width: g.measureText(text).width };
  return measured.width;
}

/** Grey diagonal stripes for prices no book reaches: made once per canvas context. */
const hatches = new WeakMap<CanvasRenderingContext2D, CanvasPattern | null>();
function hatch(g: CanvasRenderingContext2D): CanvasPattern | null {
  if (hatches.has(g)) return hatches.get(g)!;
  const doc = g.canvas.ownerDocument;
  const tile = doc.createElement('canvas');
  tile.width = 6;
  tile.height = 6;
  const t = tile.getContext('2d');
  let pattern: CanvasPattern | null = null;
  if (t) {
    t.strokeStyle = 'rgba(170, 170, 190, 0.55)';
    t.lineWidth = 1;
    t.beginPath();
    t.moveTo(0, 6);
    t.lineTo(6, 0);
    t.stroke();
    pattern = g.createPattern(tile, 'repeat');
  }
  hatches.set(g, pattern);
  return pattern;
}

function setIfChanged(node: Element, name: string, value: string): void {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}
