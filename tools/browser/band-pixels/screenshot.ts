import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { Page } from 'playwright-core';
import type { Box } from '../standin/tradingview';

/** Screenshots decoded to RGBA, and the pixels that differ between two of them. */

export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** A screenshot of `box` (viewport CSS px; the page must be at device scale 1), decoded. */
export async function screenshotBox(
  page: Page,
  box: Box,
): Promise<{ image: Rgba; origin: { x: number; y: number } }> {
  const x = Math.floor(box.x);
  const y = Math.floor(box.y);
  const clip = { x, y, width: Math.ceil(box.x + box.width) - x, height: Math.ceil(box.y + box.height) - y };
  const png = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
  const decoded = await loadImage(png);
  const canvas = createCanvas(decoded.width, decoded.height);
  const g = canvas.getContext('2d');
  g.drawImage(decoded, 0, 0);
  const { data, width, height } = g.getImageData(0, 0, decoded.width, decoded.height);
  return { image: { width, height, data: new Uint8ClampedArray(data) }, origin: { x, y } };
}

export function sameImage(a: Rgba, b: Rgba): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/** Pixels whose colour differs between two screenshots (by more than rounding noise). */
export interface Mask {
  width: number;
  height: number;
  bits: Uint8Array;
  count: number;
}

export function diffMask(a: Rgba, b: Rgba, threshold = 2): Mask {
  if (a.width !== b.width || a.height !== b.height) throw new Error('diffMask: images of different sizes');
  const bits = new Uint8Array(a.width * a.height);
  let count = 0;
  for (let p = 0; p < bits.length; p++) {
    const i = p * 4;
    const d = Math.max(
      Math.abs(a.data[i]! - b.data[i]!),
      Math.abs(a.data[i + 1]! - b.data[i + 1]!),
      Math.abs(a.data[i + 2]! - b.data[i + 2]!),
    );
    if (d >= threshold) {
      bits[p] = 1;
      count++;
    }
  }
  return { width: a.width, height: a.height, bits, count };
}
