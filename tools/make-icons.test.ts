import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { drawIcon, ICON_SIZES } from './make-icons';

async function pixels(png: Buffer, size: number) {
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(await loadImage(png), 0, 0);
  const { data } = ctx.getImageData(0, 0, size, size);
  return (x: number, y: number) => Array.from(data.subarray((y * size + x) * 4, (y * size + x) * 4 + 4));
}

describe('drawIcon', () => {
  it.each(ICON_SIZES)('draws a %i px PNG: rounded corners, opaque inside', async (size) => {
    const png = drawIcon(size);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(size);
    expect(png.readUInt32BE(20)).toBe(size);
    const at = await pixels(png, size);
    // Rounded: the corner pixel is at most a sliver of antialiased edge, where a square would be opaque.
    expect(at(0, 0)[3]).toBeLessThan(64);
    expect(at(size - 1, size - 1)[3]).toBeLessThan(64);
    expect(at(size >> 1, size >> 1)[3]).toBe(255);
  });

  it('shows a hot (yellow) band and the white price line at 128 px', async () => {
    const at = await pixels(drawIcon(128), 128);
    const row = (y: number) => Array.from({ length: 128 }, (_, x) => at(x, y));
    const isYellow = ([r, g, b]: number[]) => r! > 200 && g! > 170 && b! < 140;
    const isWhite = ([r, g, b]: number[]) => r! > 235 && g! > 235 && b! > 235;
    expect(row(Math.round(0.44 * 128)).some(isYellow)).toBe(true);
    // The line's last point (the dot) sits at (0.92, 0.2).
    expect(isWhite(at(Math.round(0.92 * 128), Math.round(0.2 * 128)))).toBe(true);
  });
});
