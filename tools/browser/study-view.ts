import { readFile } from 'node:fs/promises';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { Download, Page } from 'playwright-core';

/**
 * What the e2e tests of the side panel's study view read back: the exports it downloads (the heat
 * grid and zones CSVs, the PNG), screenshots as RGBA pixels, and the chart's own price/time → pixel
 * mapping through the read-only `window.heatbandsStudy` handle the panel exposes.
 */

export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export type Rgb = readonly [number, number, number];

/** PNG bytes → RGBA pixels. */
export async function decodePng(png: Uint8Array): Promise<Rgba> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const g = canvas.getContext('2d');
  g.drawImage(image, 0, 0);
  const { data, width, height } = g.getImageData(0, 0, image.width, image.height);
  return { width, height, data: new Uint8ClampedArray(data) };
}

/** The size a PNG declares in its IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const magic = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || magic.some((b, i) => bytes[i] !== b)) return undefined;
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export function pixel(image: Rgba, x: number, y: number): Rgb {
  const i = (y * image.width + x) * 4;
  return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
}

/** Whether two colours are within `tolerance` on every channel. */
export function near(a: Rgb, b: Rgb, tolerance: number): boolean {
  return (
    Math.abs(a[0] - b[0]) <= tolerance &&
    Math.abs(a[1] - b[1]) <= tolerance &&
    Math.abs(a[2] - b[2]) <= tolerance
  );
}

/** "#2ebd85" or "rgb(43, 110, 143)" → [r, g, b]. */
export function parseColor(css: string): Rgb {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css.trim());
  if (hex) return [Number.parseInt(hex[1]!, 16), Number.parseInt(hex[2]!, 16), Number.parseInt(hex[3]!, 16)];
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/i.exec(css.trim());
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`not a colour: ${css}`);
}

/** `rgba` painted over the opaque `background`, as a canvas composites it (rounded to bytes). */
export function blend(rgba: readonly [number, number, number, number], background: Rgb): Rgb {
  const a = rgba[3];
  return [0, 1, 2].map((i) => Math.round(a * rgba[i]! + (1 - a) * background[i]!)) as unknown as Rgb;
}

/** Clicks `click` and resolves with the downloads it starts, one per name suffix given, as bytes. */
export async function catchDownloads(
  page: Page,
  click: () => Promise<void>,
  suffixes: readonly string[],
): Promise<Array<{ name: string; bytes: Buffer }>> {
  const waits = suffixes.map((suffix) =>
    page.waitForEvent('download', {
      predicate: (d: Download) => d.suggestedFilename().endsWith(suffix),
      timeout: 15_000,
    }),
  );
  await click();
  const downloads = await Promise.all(waits);
  return Promise.all(
    downloads.map(async (d) => {
      const failure = await d.failure();
      if (failure) throw new Error(`download ${d.suggestedFilename()} failed: ${failure}`);
      return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
    }),
  );
}

/** One cell of the heat grid CSV (core/render/csv.ts heatGridCsv). */
export interface GridCell {
  time: number;
  /** Lower bound of the row, as written. */
  price: number;
  /** Row index counted from the lowest price in the file. */
  row: number;
  longUsd: number;
  shortUsd: number;
}

export interface GridCsv {
  header: string;
  cells: GridCell[];
  /** Every column time in the file, ascending. */
  times: number[];
  /** Lowest row price in the file, and the row height (smallest gap between row prices). */
  priceBase: number;
  binSize: number;
  cell(time: number, row: number): GridCell | undefined;
  /** Row index of a price (the row whose [price, price + binSize) holds it). */
  rowOf(price: number): number;
  priceOf(row: number): number;
}

/** Parses `time,price,long_usd,short_usd`; throws on a malformed line. */
export function parseGridCsv(text: string): GridCsv {
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new Error('the grid CSV does not end with a newline');
  const header = lines[0]!;
  const raw = lines.slice(1, -1).map((line, i) => {
    const fields = line.split(',');
    const numbers = fields.map(Number);
    if (fields.length !== 4 || numbers.some((n) => !Number.isFinite(n))) {
      throw new Error(`grid CSV line ${i + 2} is malformed: ${line}`);
    }
    return numbers as [number, number, number, number];
  });
  const prices = [...new Set(raw.map((r) => r[1]))].sort((a, b) => a - b);
  let binSize = Number.POSITIVE_INFINITY;
  for (let i = 1; i < prices.length; i++) binSize = Math.min(binSize, prices[i]! - prices[i - 1]!);
  const priceBase = prices[0] ?? 0;
  const rowOf = (price: number) => Math.floor((price - priceBase) / binSize + 1e-9);
  const cells = raw.map(([time, price, longUsd, shortUsd]) => ({
    time,
    price,
    row: Math.round((price - priceBase) / binSize),
    longUsd,
    shortUsd,
  }));
  const byKey = new Map(cells.map((c) => [`${c.time}|${c.row}`, c]));
  return {
    header,
    cells,
    times: [...new Set(cells.map((c) => c.time))].sort((a, b) => a - b),
    priceBase,
    binSize,
    cell: (time, row) => byKey.get(`${time}|${row}`),
    rowOf,
    priceOf: (row) => priceBase + row * binSize,
  };
}

/** Parses a simple CSV (no quoted fields: the zones CSV has none) into records keyed by the header. */
export function parseSimpleCsv(text: string): { header: string[]; records: Array<Record<string, string>> } {
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new Error('the CSV does not end with a newline');
  const header = lines[0]!.split(',');
  const records = lines.slice(1, -1).map((line) => {
    const fields = line.split(',');
    if (fields.length !== header.length) throw new Error(`CSV line has ${fields.length} fields: ${line}`);
    return Object.fromEntries(header.map((h, i) => [h, fields[i]!]));
  });
  return { header, records };
}

/** The study chart's own mapping, as the panel's read-only `window.heatbandsStudy` handle gives it. */
export interface StudyMapping {
  prices: Array<number | null>;
  times: Array<number | null>;
  barSpacing: number;
}

export function studyMapping(page: Page, prices: number[], timesMs: number[]): Promise<StudyMapping> {
  return page.evaluate(
    ([p, t]) => {
      const study = (
        globalThis as unknown as {
          heatbandsStudy: {
            priceToCoordinate(price: number): number | null;
            timeToCoordinate(timeMs: number): number | null;
            barSpacing(): number;
          };
        }
      ).heatbandsStudy;
      return {
        prices: p.map((x) => study.priceToCoordinate(x)),
        times: t.map((x) => study.timeToCoordinate(x)),
        barSpacing: study.barSpacing(),
      };
    },
    [prices, timesMs] as const,
  );
}

/** The chart's pane (the largest of lightweight-charts' canvases), in viewport CSS px. */
export function studyPane(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  return page.$$eval('.study-chart canvas', (canvases) => {
    const rects = canvases.map((c) => c.getBoundingClientRect());
    const pane = rects.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return { x: pane.x, y: pane.y, width: pane.width, height: pane.height };
  });
}

/** Resolves after the page has painted twice (lightweight-charts draws on animation frames). */
export function afterPaint(page: Page): Promise<void> {
  return page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}
