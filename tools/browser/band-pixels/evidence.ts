import { createCanvas } from '@napi-rs/canvas';
import type { PaneCapture } from './capture';
import type { EdgeCheck } from './edge-checks';

/** Accounts of edge checks for a failing assertion: a line of text, and a picture. */

/** A one-line account of edge checks, for assertion messages. */
export function describeChecks(checks: readonly EdgeCheck[]): string {
  const bad = checks.filter((c) => !c.ok);
  const head = (['top', 'bottom', 'right'] as const)
    .map((e) => {
      const of = checks.filter((c) => c.edge === e);
      return `${e} ${of.filter((c) => c.ok).length}/${of.length}`;
    })
    .join(', ');
  const worst = bad
    .slice(0, 6)
    .map(
      (c) =>
        `${c.edge} edge at ${c.edge === 'right' ? 'row' : 'column'} ${c.at}: expected ${c.expected.toFixed(1)}, found ${c.found ?? 'nothing painted'}`,
    );
  return `${head}${worst.length ? `; e.g. ${worst.join('; ')}` : ''}`;
}

/**
 * A picture of what the overlay painted (grey) with each checked edge's measured spot (green when
 * within tolerance, red when not), as PNG bytes: evidence for a failing alignment check.
 */
export function maskPicture(capture: PaneCapture, checks: readonly EdgeCheck[]): Uint8Array {
  const { mask, offset } = capture;
  const canvas = createCanvas(mask.width, mask.height);
  const g = canvas.getContext('2d');
  const image = g.createImageData(mask.width, mask.height);
  for (let p = 0; p < mask.bits.length; p++) {
    const v = mask.bits[p] ? 110 : 0;
    image.data[p * 4] = v;
    image.data[p * 4 + 1] = v;
    image.data[p * 4 + 2] = v;
    image.data[p * 4 + 3] = 255;
  }
  g.putImageData(image, 0, 0);
  for (const c of checks) {
    g.fillStyle = c.ok ? '#00e070' : '#ff2040';
    const along = c.expected;
    const x = c.edge === 'right' ? along : c.at;
    const y = c.edge === 'right' ? c.at : along;
    g.fillRect(Math.floor(x + offset.x) - 1, Math.floor(y + offset.y) - 1, 3, 3);
  }
  return canvas.toBuffer('image/png');
}
