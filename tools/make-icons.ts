/**
 * Draws the HeatBands icon and writes public/icon/<size>.png (WXT picks these up for the
 * manifest). The motif is the product in miniature: a dark chart with horizontal liquidation heat
 * bands, coloured like the heatmap's scale (purple → teal → yellow), and a thin white price line
 * running through them. Drawn from scratch at each size rather than scaled down, so the small
 * sizes keep crisp, fewer features.
 *
 * Run: npx tsx tools/make-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

interface Band {
  /** Centre, as a share of the icon's height from the top. */
  y: number;
  /** Half thickness of the glow, as a share of the height. */
  halfHeight: number;
  /** Where the band starts (the bar its positions were opened in), as a share of the width. */
  startX: number;
  /** Intensity at the band's core, 0..1, read on the heatmap's colour scale. */
  heat: number;
}

/** The heatmap's scale in brief: near black, purple, teal, yellow (rgb plus opacity). */
const HEAT_SCALE: ReadonlyArray<readonly [number, readonly [number, number, number, number]]> = [
  [0, [40, 16, 70, 0]],
  [0.3, [118, 48, 200, 0.75]],
  [0.62, [28, 196, 178, 0.95]],
  [1, [255, 222, 80, 1]],
];

function heatColor(t: number): string {
  const x = Math.min(1, Math.max(0, t));
  for (let i = 1; i < HEAT_SCALE.length; i++) {
    const [t1, c1] = HEAT_SCALE[i]!;
    if (x <= t1) {
      const [t0, c0] = HEAT_SCALE[i - 1]!;
      const f = (x - t0) / (t1 - t0);
      const mix = (k: number) => c0[k]! + (c1[k]! - c0[k]!) * f;
      return `rgba(${Math.round(mix(0))},${Math.round(mix(1))},${Math.round(mix(2))},${mix(3).toFixed(3)})`;
    }
  }
  return 'rgba(255,222,80,1)';
}

const BANDS: readonly Band[] = [
  { y: 0.24, halfHeight: 0.085, startX: 0.2, heat: 0.72 },
  { y: 0.44, halfHeight: 0.11, startX: 0.04, heat: 1 },
  { y: 0.63, halfHeight: 0.08, startX: 0.32, heat: 0.62 },
  { y: 0.8, halfHeight: 0.085, startX: 0.1, heat: 0.36 },
];
/** At 16 and 32 px four bands blur together: keep the three that read best. */
const SMALL_BANDS: readonly Band[] = [
  { y: 0.27, halfHeight: 0.1, startX: 0.15, heat: 0.7 },
  { y: 0.5, halfHeight: 0.12, startX: 0.05, heat: 1 },
  { y: 0.76, halfHeight: 0.1, startX: 0.1, heat: 0.36 },
];

/** The price path, in shares of width and height: it trades through the bands, as price does. */
const PRICE: ReadonlyArray<readonly [number, number]> = [
  [0.08, 0.7],
  [0.26, 0.55],
  [0.4, 0.66],
  [0.58, 0.36],
  [0.72, 0.47],
  [0.92, 0.2],
];
const SMALL_PRICE: ReadonlyArray<readonly [number, number]> = [
  [0.1, 0.72],
  [0.4, 0.5],
  [0.6, 0.6],
  [0.9, 0.22],
];

function roundedSquare(ctx: SKRSContext2D, size: number, radius: number): void {
  ctx.beginPath();
  ctx.moveTo(radius, 0);
  ctx.arcTo(size, 0, size, size, radius);
  ctx.arcTo(size, size, 0, size, radius);
  ctx.arcTo(0, size, 0, 0, radius);
  ctx.arcTo(0, 0, size, 0, radius);
  ctx.closePath();
}

function drawBand(ctx: SKRSContext2D, size: number, band: Band): void {
  const cy = band.y * size;
  const half = Math.max(1.5, band.halfHeight * size);
  const x0 = band.startX * size;

  // Vertical falloff through the heat scale: a dense level glows yellow at its core, teal and
  // purple towards its edges, as the heatmap draws it.
  const glow = ctx.createLinearGradient(0, cy - half, 0, cy + half);
  const steps = 12;
  for (let i = 0; i <= steps; i++) {
    const d = Math.abs(i / steps - 0.5) * 2; // 0 at the core, 1 at the edges
    glow.addColorStop(i / steps, heatColor(band.heat * (1 - d * d)));
  }
  ctx.fillStyle = glow;
  ctx.fillRect(x0, cy - half, size - x0, half * 2);

  // The band builds up from where it started: fade its left end in.
  const fadeWidth = Math.max(2, size * 0.14);
  const fade = ctx.createLinearGradient(x0, 0, x0 + fadeWidth, 0);
  fade.addColorStop(0, 'rgba(0,0,0,1)');
  fade.addColorStop(1, 'rgba(0,0,0,0)');
  ctx.save();
  ctx.globalCompositeOperation = 'destination-out';
  ctx.fillStyle = fade;
  ctx.fillRect(x0 - 1, cy - half - 1, fadeWidth + 1, half * 2 + 2);
  ctx.restore();
}

export function drawIcon(size: number): Buffer {
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  const small = size <= 32;
  const radius = size * (small ? 0.18 : 0.22);

  roundedSquare(ctx, size, radius);
  ctx.save();
  ctx.clip();

  const background = ctx.createLinearGradient(0, 0, size, size);
  background.addColorStop(0, '#17142b');
  background.addColorStop(1, '#07080f');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, size, size);

  // Bands are drawn on their own layer so the fade-in only cuts into bands, not the background.
  const layer = createCanvas(size, size);
  const lctx = layer.getContext('2d');
  lctx.globalCompositeOperation = 'lighter';
  for (const band of small ? SMALL_BANDS : BANDS) drawBand(lctx, size, band);
  ctx.drawImage(layer, 0, 0);

  // Price line: a soft dark halo first so it stays legible across the brightest band.
  const path = small ? SMALL_PRICE : PRICE;
  const line = Math.max(1.2, small ? size / 18 : size / 42);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  ctx.beginPath();
  for (const [i, [x, y]] of path.entries()) {
    if (i === 0) ctx.moveTo(x * size, y * size);
    else ctx.lineTo(x * size, y * size);
  }
  if (!small) {
    ctx.strokeStyle = 'rgba(7,8,15,0.55)';
    ctx.lineWidth = line * 2.6;
    ctx.stroke();
  }
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = line;
  ctx.stroke();

  // The last price, as a small dot where the line ends.
  if (!small) {
    const [lx, ly] = path[path.length - 1]!;
    ctx.fillStyle = '#ffffff';
    ctx.beginPath();
    ctx.arc(lx * size, ly * size, line * 1.7, 0, Math.PI * 2);
    ctx.fill();
  }
  // A faint rim so the icon holds its shape on a dark toolbar; stroked inside the clip so
  // nothing spills past the rounded corners.
  roundedSquare(ctx, size, radius);
  ctx.strokeStyle = 'rgba(255,255,255,0.10)';
  ctx.lineWidth = 2 * Math.max(1, size / 64);
  ctx.stroke();
  ctx.restore();

  return canvas.toBuffer('image/png');
}

function main(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const out = join(root, 'public', 'icon');
  mkdirSync(out, { recursive: true });
  for (const size of ICON_SIZES) {
    const file = join(out, `${size}.png`);
    writeFileSync(file, drawIcon(size));
    console.log(`wrote ${file}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
