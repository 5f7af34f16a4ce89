import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDistancePct } from '../core/render/format';
import { DEFAULT_SETTINGS } from '../core/settings';
import {
  type LaunchedExtension,
  launchExtension,
  openPopup,
  openSidePanel,
  saveScreenshot,
} from '../tools/browser';
import {
  afterPaint,
  blend,
  catchDownloads,
  decodePng,
  type GridCsv,
  near,
  parseColor,
  parseGridCsv,
  parseSimpleCsv,
  pixel,
  pngSize,
  type Rgb,
  type Rgba,
  studyMapping,
  studyPane,
} from '../tools/browser/study-view';
import { DEMO_SYMBOL, loadDemoBars } from '../tools/demo/demo-bars';
import { type ReplayExchange, startReplayExchange } from '../tools/replay-exchange/index';

/**
 * The side panel as a trader's study chart (issue 9), in real Chromium against the worker's own
 * cache of the replay exchange: lightweight-charts with heat, candles and the profile; the
 * crosshair readout against the exported grid; zone clicks; the exports; the keyboard commands;
 * a heat cell's pixels against the chart's own price/time mapping; the backfill progress bar; and
 * no empty chart without a reason.
 */
const HOUR = 3_600_000;
const bars = loadDemoBars();
const START = bars[0]!.time + 2 * 24 * HOUR + 2 * 60_000;

// The chart's colours, as the issue and the panel name them (StudyChart, profilePrimitive).
const BACKGROUND = parseColor('#0b0b12');
const CANDLE_UP = parseColor('#2ebd85');
const CANDLE_DOWN = parseColor('#f6465d');
const SCALE_BORDER = parseColor('#2b3139');
const PROFILE_LONG = blend([46, 189, 133, 0.55], BACKGROUND);
const PROFILE_SHORT = blend([246, 70, 93, 0.55], BACKGROUND);
/** The profile's longest bar, as a share of the pane's width (profilePrimitive's widthShare). */
const PROFILE_SHARE = 0.22;

type Side = 'long' | 'short';

interface ShownZone {
  side: Side;
  priceLow: number;
  priceHigh: number;
  notionalUsd: number;
  distancePct: number;
  swept: boolean;
  roles: string[];
}

interface Readout {
  time: number;
  price: number;
  column: number;
  row: number;
  longUsd: number;
  shortUsd: number;
  text: string;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const shownZones = (panel: Page): Promise<ShownZone[]> =>
  panel.$$eval('[data-zone]', (els) => els.map((e) => JSON.parse(e.getAttribute('data-zone')!)));

const lastPrice = async (panel: Page) => Number(await panel.getAttribute('.price', 'data-price'));

async function readReadout(panel: Page): Promise<Readout | undefined> {
  return panel.$eval('.readout', (el) => {
    const d = (el as HTMLElement).dataset;
    if (d.time === undefined) return undefined;
    return {
      time: Number(d.time),
      price: Number(d.price),
      column: Number(d.column),
      row: Number(d.row),
      longUsd: Number(d.longUsd),
      shortUsd: Number(d.shortUsd),
      text: el.textContent ?? '',
    };
  });
}

/** The legend's classes: per side, each level's lower bound in USD; per level, its colour. */
interface Legend {
  colors: Map<number, Rgb>;
  lower: Record<Side, Array<{ level: number; lowerUsd: number }>>;
}

async function readLegend(panel: Page): Promise<Legend> {
  const entries = await panel.$$eval('.legend [data-legend-side] .legend-entry', (els) =>
    els.map((e) => ({
      side: (e.closest('[data-legend-side]') as HTMLElement).dataset.legendSide as 'long' | 'short',
      level: Number((e as HTMLElement).dataset.level),
      lowerUsd: Number((e as HTMLElement).dataset.lowerUsd),
      color: getComputedStyle(e.querySelector('i')!).backgroundColor,
    })),
  );
  const legend: Legend = { colors: new Map(), lower: { long: [], short: [] } };
  for (const e of entries) {
    legend.colors.set(e.level, parseColor(e.color));
    legend.lower[e.side].push({ level: e.level, lowerUsd: e.lowerUsd });
  }
  return legend;
}

/**
 * A cell's colour level as the legend states the classes: the brightest class whose lower bound the
 * cell reaches, the brighter of the two sides. -1 when the CSV's rounding to the cent leaves the
 * class in doubt.
 */
function levelOf(legend: Legend, longUsd: number, shortUsd: number): number {
  let level = 0;
  for (const [side, usd] of [
    ['long', longUsd],
    ['short', shortUsd],
  ] as const) {
    for (const { level: l, lowerUsd } of legend.lower[side]) {
      if (Math.abs(usd - lowerUsd) <= 0.01) return -1;
      if (usd >= lowerUsd) level = Math.max(level, l);
    }
  }
  return level;
}

/** Clicks the CSV export and parses both files it downloads. */
async function exportCsvs(panel: Page) {
  const [gridFile, zonesFile] = await catchDownloads(panel, () => panel.click('button[name="export-csv"]'), [
    '-grid.csv',
    '-zones.csv',
  ]);
  return {
    gridName: gridFile!.name,
    zonesName: zonesFile!.name,
    grid: parseGridCsv(gridFile!.bytes.toString('utf8')),
    zones: parseSimpleCsv(zonesFile!.bytes.toString('utf8')),
  };
}

/** The chart's pixel geometry for every column and row of the grid CSV, from its own mapping. */
async function geometry(panel: Page, grid: GridCsv) {
  const maxRow = Math.max(...grid.cells.map((c) => c.row));
  const prices = Array.from({ length: maxRow + 2 }, (_, r) => grid.priceOf(r));
  const mapping = await studyMapping(panel, prices, grid.times);
  const column = new Map(grid.times.map((t, i) => [t, i]));
  return {
    barSpacing: mapping.barSpacing,
    maxRow,
    /** Centre x of the column at `time` (its candle), pane px. */
    x: (time: number) => mapping.times[column.get(time)!] ?? Number.NaN,
    /** y of a row boundary: `row`'s lower edge (price of `row`). */
    y: (row: number) => mapping.prices[row] ?? Number.NaN,
  };
}

/** Back to the price scale's autoscale (whole visible data in view): a double click on the axis. */
async function resetPriceScale(panel: Page, pane: Box): Promise<void> {
  await panel.mouse.dblclick(pane.x + pane.width + 25, pane.y + pane.height / 2);
  await panel.mouse.move(1, 1);
  await afterPaint(panel);
}

/**
 * From the autoscaled view, zooms the price scale in by an upward drag along its axis, as a trader
 * would; `drag` is the share of the pane's height dragged (the whole height: about five times).
 */
async function zoomPriceScale(panel: Page, pane: Box, drag = 1): Promise<void> {
  const axisX = pane.x + pane.width + 25;
  const from = pane.y + pane.height - 10;
  await resetPriceScale(panel, pane);
  await panel.mouse.move(axisX, from);
  await panel.mouse.down();
  await panel.mouse.move(axisX, from - drag * (pane.height - 20), { steps: 20 });
  await panel.mouse.up();
  // Off the chart: no crosshair in the screenshots.
  await panel.mouse.move(1, 1);
  await afterPaint(panel);
}

async function clickZone(panel: Page, zones: readonly ShownZone[], zone: ShownZone): Promise<void> {
  await panel.locator('[data-zone]').nth(zones.indexOf(zone)).click();
  // The chart's position is read before the click: keep the page where it was.
  await panel.evaluate(() => window.scrollTo(0, 0));
  await panel.mouse.move(1, 1);
  await afterPaint(panel);
}

/**
 * A screenshot of the chart with the pane's top-left found on screen: lightweight-charts places its
 * canvases at the container's (possibly fractional) position, so the origin comes from the scales'
 * own border lines, which run along the pane's right and bottom edges.
 */
async function paneShot(panel: Page, pane: Box): Promise<{ image: Rgba; at: (x: number, y: number) => Rgb }> {
  const clip = {
    x: Math.floor(pane.x),
    y: Math.floor(pane.y),
    width: Math.ceil(pane.width) + 4,
    height: Math.ceil(pane.height) + 4,
  };
  const image = await decodePng(await panel.screenshot({ clip, animations: 'disabled', caret: 'hide' }));
  const isBorder = (x: number, y: number) => near(pixel(image, x, y), SCALE_BORDER, 2);
  const share = (hits: number[]) => hits.filter(Boolean).length / hits.length;
  const xs = Array.from({ length: 20 }, (_, i) => Math.floor(((i + 0.5) * pane.width * 0.7) / 20));
  const ys = Array.from({ length: 20 }, (_, i) => Math.floor(((i + 0.5) * pane.height) / 20));
  const bottom = [0, 1, 2, 3]
    .map((d) => Math.round(pane.height) - 1 + d)
    .find((y) => share(xs.map((x) => Number(isBorder(x, y)))) > 0.6);
  const right = [0, 1, 2, 3]
    .map((d) => Math.round(pane.width) - 1 + d)
    .find((x) => share(ys.map((y) => Number(isBorder(x, y)))) > 0.6);
  if (bottom === undefined || right === undefined) {
    throw new Error('the scales border lines were not found around the pane');
  }
  const top = bottom - Math.round(pane.height);
  const left = right - Math.round(pane.width);
  return { image, at: (x, y) => pixel(image, left + x, top + y) };
}

describe('the side panel study chart', () => {
  let replay: ReplayExchange;
  let ext: LaunchedExtension;
  let panel: Page;

  beforeAll(async () => {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start: START, speed: 0 });
    ext = await launchExtension({ replay });
    panel = await openSidePanel(ext);
    // Wide enough for pixel checks, tall enough to show the chart and the zone list without scrolling.
    await panel.setViewportSize({ width: 1280, height: 900 });
    await panel.locator('[data-zone]').first().waitFor({ timeout: 60_000 });
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
  });

  it('renders the lightweight-charts chart with heat, candles and the profile at the right', async () => {
    expect(await panel.evaluate(() => devicePixelRatio)).toBe(1);
    expect(await panel.locator('.study-chart .tv-lightweight-charts canvas').count()).toBeGreaterThanOrEqual(
      4,
    );
    const legend = await readLegend(panel);
    expect(legend.colors.size).toBeGreaterThan(1);

    // The side panel's usual width, then a wide one (the pixel checks below run wide). Each is a
    // first show, which puts the whole window in view.
    for (const width of [420, 1280]) {
      await panel.setViewportSize({ width, height: 900 });
      await panel.reload();
      await panel.locator('[data-zone]').first().waitFor();
      await panel.mouse.move(1, 1);
      const container = (await panel.locator('.study-chart').boundingBox())!;
      // autoSize: the chart fills its container, less the price scale.
      await expect.poll(async () => (await studyPane(panel)).width).toBeGreaterThan(container.width - 120);
      await afterPaint(panel);
      const pane = await studyPane(panel);
      const shot = await paneShot(panel, pane);
      const w = Math.round(pane.width);
      const h = Math.round(pane.height);
      const profileFrom = Math.floor(w * (1 - PROFILE_SHARE)) - 1;
      let heat = 0;
      let firstCandleX = w;
      let up = 0;
      let down = 0;
      let profileRight = 0;
      let profileLeft = 0;
      const heatLevels = new Set<number>();
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const c = shot.at(x, y);
          if (near(c, CANDLE_UP, 2)) up++;
          if (near(c, CANDLE_DOWN, 2)) down++;
          if (near(c, CANDLE_UP, 2) || near(c, CANDLE_DOWN, 2)) firstCandleX = Math.min(firstCandleX, x);
          if (near(c, PROFILE_LONG, 2) || near(c, PROFILE_SHORT, 2)) {
            if (x >= profileFrom) profileRight++;
            else profileLeft++;
          }
          if (x < profileFrom) {
            for (const [level, rgb] of legend.colors) {
              if (near(c, rgb, 2)) {
                heat++;
                heatLevels.add(level);
              }
            }
          }
        }
      }
      await saveScreenshot(panel, `chart-${width}`);
      const summary = {
        width,
        heat,
        levels: [...heatLevels],
        up,
        down,
        firstCandleX,
        profileRight,
        profileLeft,
      };
      expect(heat, JSON.stringify(summary)).toBeGreaterThan(200);
      // The brightest class is on screen, not only the dim ones.
      expect(heatLevels.has(Math.max(...legend.colors.keys())), JSON.stringify(summary)).toBe(true);
      expect(up, JSON.stringify(summary)).toBeGreaterThan(100);
      expect(down, JSON.stringify(summary)).toBeGreaterThan(100);
      // The window's first candle is at the pane's left edge: the whole window is in view.
      expect(firstCandleX, JSON.stringify(summary)).toBeLessThan(w * 0.05);
      expect(profileRight, JSON.stringify(summary)).toBeGreaterThan(500);
      // The profile's colours appear only in its band at the right edge.
      expect(profileLeft, JSON.stringify(summary)).toBe(0);
    }
  });

  it('the crosshair readout shows the USD of the grid cell under the mouse, as the CSV export has it', async () => {
    const { grid } = await exportCsvs(panel);
    const pane = await studyPane(panel);
    await zoomPriceScale(panel, pane);
    const zones = await shownZones(panel);
    const price = await lastPrice(panel);
    const rowOffsets: number[] = [];
    for (const side of ['long', 'short'] as const) {
      const strongest = zones
        .filter((z) => z.side === side)
        .sort((a, b) => b.notionalUsd - a.notionalUsd)[0]!;
      await clickZone(panel, zones, strongest);
      const geo = await geometry(panel, grid);
      // The hottest cell of this side whose centre is well inside the pane, left of the profile.
      const target = grid.cells
        .filter((c) => {
          const x = geo.x(c.time);
          const y = (geo.y(c.row) + geo.y(c.row + 1)) / 2;
          return x > 10 && x < pane.width * (1 - PROFILE_SHARE) - 10 && y > 10 && y < pane.height - 10;
        })
        .sort((a, b) => (side === 'long' ? b.longUsd - a.longUsd : b.shortUsd - a.shortUsd))[0];
      expect(target, `a ${side} cell in view`).toBeDefined();
      const cellHeight = geo.y(target!.row) - geo.y(target!.row + 1);
      expect(cellHeight, 'rows are tall enough to aim at after the zoom').toBeGreaterThan(3);
      await panel.mouse.move(
        pane.x + geo.x(target!.time),
        pane.y + (geo.y(target!.row) + geo.y(target!.row + 1)) / 2,
      );
      await expect.poll(async () => (await readReadout(panel))?.time).toBe(target!.time);
      const readout = (await readReadout(panel))!;
      // The readout's price lies in the row the CSV names, and its USD are that row's.
      const row = grid.cell(readout.time, grid.rowOf(readout.price));
      expect(row, `a CSV row at ${readout.time} holding ${readout.price}`).toBeDefined();
      expect(row).toBe(target);
      expect(readout.price).toBeGreaterThanOrEqual(row!.price);
      expect(readout.price).toBeLessThan(row!.price + grid.binSize);
      expect(Math.abs(readout.longUsd - row!.longUsd)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(readout.shortUsd - row!.shortUsd)).toBeLessThanOrEqual(0.01);
      expect(side === 'long' ? readout.longUsd : readout.shortUsd).toBeGreaterThan(0);
      expect(readout.text).toContain(formatDistancePct(((readout.price - price) / price) * 100));
      rowOffsets.push(readout.row - row!.row);
    }
    // The readout's row index and the CSV's row prices agree on where row 0 is.
    expect(new Set(rowOffsets).size).toBe(1);
    await panel.mouse.move(1, 1);
    await expect.poll(() => readReadout(panel)).toBeUndefined();
  });

  it('every listed zone says its confidence: a hit rate with its cases (and against a like move when measured), or not enough history', async () => {
    const texts = await panel.locator('[data-zone] .zone-confidence').allTextContents();
    expect(texts.length).toBe((await shownZones(panel)).length);
    for (const text of texts)
      expect(text).toMatch(
        /^(hit \d+ %, n = \d+(; \d+\.\d× the rate after a like move without such a zone \(\d+ %, n = \d+\))?|not enough history( \(n = \d+\))?)$/,
      );
  });

  it('a zone click centres the chart on the zone', async () => {
    const pane = await studyPane(panel);
    await zoomPriceScale(panel, pane);
    const zones = await shownZones(panel);
    const centre = pane.height / 2;
    const midY = async (z: ShownZone) =>
      (await studyMapping(panel, [(z.priceLow + z.priceHigh) / 2], [])).prices[0] ?? Number.NaN;
    let moved = 0;
    for (const zone of zones) {
      const before = await midY(zone);
      await clickZone(panel, zones, zone);
      const after = await midY(zone);
      expect(
        Math.abs(after - centre),
        `${zone.side} ${zone.priceLow}: ${before} → ${after}`,
      ).toBeLessThanOrEqual(1.5);
      const { prices } = await studyMapping(panel, [zone.priceLow, zone.priceHigh], []);
      for (const y of prices) expect(y! > 0 && y! < pane.height).toBe(true);
      if (Math.abs(before - centre) > 20) moved++;
    }
    // The clicks moved the chart: most zones started well off the centre.
    expect(moved).toBeGreaterThanOrEqual(Math.min(3, zones.length - 1));
  });

  it('exports a grid CSV and a zones CSV that match the panel, and a PNG with title and legend', async () => {
    const { grid, zones, gridName, zonesName } = await exportCsvs(panel);
    expect(gridName).toMatch(new RegExp(`^heatbands-${DEMO_SYMBOL}-12h-\\d{8}-\\d{4}Z-grid\\.csv$`));
    expect(zonesName).toBe(gridName.replace('-grid.csv', '-zones.csv'));

    // The grid: one column per 5-minute bar of the 12-hour window, rows binSize apart, cents.
    expect(grid.header).toBe('time,price,long_usd,short_usd');
    expect(grid.times.length).toBe(144);
    for (let i = 1; i < grid.times.length; i++) expect(grid.times[i]! - grid.times[i - 1]!).toBe(300_000);
    const priceText = (await panel.textContent('.price')) ?? '';
    const lastColumn = new Date(grid.times.at(-1)!).toISOString().slice(0, 16).replace('T', ' ');
    expect(priceText).toContain(lastColumn);
    expect(grid.binSize).toBeGreaterThan(0);
    for (const c of grid.cells) {
      expect(Math.abs((c.price - grid.priceBase) / grid.binSize - c.row)).toBeLessThan(1e-6);
      expect(c.longUsd >= 0.005 || c.shortUsd >= 0.005).toBe(true);
      expect(Math.round(c.longUsd * 100)).toBeCloseTo(c.longUsd * 100, 6);
      expect(Math.round(c.shortUsd * 100)).toBeCloseTo(c.shortUsd * 100, 6);
    }

    // The zones CSV is the list the panel shows, field for field.
    const shown = await shownZones(panel);
    expect(zones.header).toEqual([
      'side',
      'price_low',
      'price_high',
      'notional_usd',
      'distance_pct',
      'swept',
      'role',
    ]);
    expect(zones.records.length).toBe(shown.length);
    const price = await lastPrice(panel);
    const lastTime = grid.times.at(-1)!;
    for (const z of shown) {
      const row = zones.records.find((r) => r.side === z.side && Number(r.price_low) === z.priceLow);
      expect(row, `${z.side} zone at ${z.priceLow} in the CSV`).toBeDefined();
      expect(Number(row!.price_high)).toBe(z.priceHigh);
      expect(Number(row!.notional_usd)).toBe(Math.round(z.notionalUsd * 100) / 100);
      expect(Number(row!.distance_pct)).toBe(Number(z.distancePct.toFixed(4)));
      expect(row!.swept).toBe(String(z.swept));
      expect(row!.role).toBe(z.roles.join('+'));
      // The zone's notional is its side's USD in the grid's last column over the zone's rows,
      // and its distance is its nearer edge's from the price the panel shows.
      let sum = 0;
      let rows = 0;
      for (let r = grid.rowOf(z.priceLow); grid.priceOf(r) < z.priceHigh - 1e-9; r++, rows++) {
        const cell = grid.cell(lastTime, r);
        sum += cell ? (z.side === 'long' ? cell.longUsd : cell.shortUsd) : 0;
      }
      expect(Math.abs(sum - z.notionalUsd)).toBeLessThanOrEqual(0.01 * rows + 0.01);
      const nearer = z.side === 'long' ? Math.min(z.priceHigh, price) : Math.max(z.priceLow, price);
      expect(z.distancePct).toBeCloseTo(((nearer - price) / price) * 100, 6);
    }

    // The PNG: the chart as drawn, with the title above and the legend below.
    await resetPriceScale(panel, await studyPane(panel));
    const [png] = await catchDownloads(panel, () => panel.click('button[name="export-png"]'), ['.png']);
    expect(png!.name).toBe(gridName.replace('-grid.csv', '.png'));
    const size = pngSize(png!.bytes);
    expect(size, 'PNG signature and IHDR').toBeDefined();
    const chart = (await panel.locator('.study-chart').boundingBox())!;
    expect(size!.width).toBeGreaterThanOrEqual(Math.floor(chart.width));
    expect(size!.height).toBeGreaterThan(Math.ceil(chart.height));
    const image = await decodePng(png!.bytes);
    const legend = await readLegend(panel);
    let heat = 0;
    let candles = 0;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const c = pixel(image, x, y);
        if ([...legend.colors.values()].some((rgb) => near(c, rgb, 2))) heat++;
        if (near(c, CANDLE_UP, 2) || near(c, CANDLE_DOWN, 2)) candles++;
      }
    }
    expect(heat).toBeGreaterThan(200);
    expect(candles).toBeGreaterThan(200);
  });

  it('a heat cell on screen sits where the chart maps its price and time, within 1 px', async () => {
    expect(await panel.evaluate(() => devicePixelRatio)).toBe(1);
    const { grid } = await exportCsvs(panel);
    const legend = await readLegend(panel);
    const pane = await studyPane(panel);
    const levels = [...legend.colors.keys()].sort((a, b) => a - b);
    const bright = new Set(levels.slice(-3));
    // Every recorded bar's range, by column, to keep candles off the scan lines.
    const candle = new Map(bars.map((b) => [b.time, b]));
    const clearOfCandle = (time: number, low: number, high: number) => {
      const bar = candle.get(time);
      return !bar || bar.high < low || bar.low > high;
    };
    const level = new Map<string, number>();
    for (const c of grid.cells) level.set(`${c.time}|${c.row}`, levelOf(legend, c.longUsd, c.shortUsd));
    const levelAt = (ci: number, row: number) => level.get(`${grid.times[ci]}|${row}`) ?? 0;

    const checked: unknown[] = [];
    // Views at two zoom levels, centred on each zone in turn: the cells' edges fall at many
    // different fractions of a pixel.
    const views: Array<{ drag: number; zone: ShownZone }> = [];
    const zones = await shownZones(panel);
    for (const drag of [1, 0.8]) for (const zone of zones) views.push({ drag, zone });
    let zoomed: number | undefined;
    for (const { drag, zone } of views) {
      if (zoomed !== drag) await zoomPriceScale(panel, pane, drag);
      zoomed = drag;
      await clickZone(panel, zones, zone);
      let inView = 0;
      const geo = await geometry(panel, grid);
      const shot = await paneShot(panel, pane);
      const priceY = (await studyMapping(panel, [await lastPrice(panel)], [])).prices[0]!;
      const seen = new Set<string>();
      for (const cell of grid.cells) {
        if (inView >= 8) break;
        const ci = grid.times.indexOf(cell.time);
        const L = levelAt(ci, cell.row);
        if (!bright.has(L)) continue;
        // The run of same-coloured cells through this one, up/down in its column and along its row.
        let r0 = cell.row;
        let r1 = cell.row;
        while (levelAt(ci, r0 - 1) === L) r0--;
        while (levelAt(ci, r1 + 1) === L) r1++;
        let c0 = ci;
        let c1 = ci;
        while (c0 > 0 && levelAt(c0 - 1, cell.row) === L) c0--;
        while (c1 < grid.times.length - 1 && levelAt(c1 + 1, cell.row) === L) c1++;
        const key = `${cell.row}:${c0}-${c1}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // Edges against cells of doubtful class would prove nothing.
        if (
          [
            levelAt(ci, r0 - 1),
            levelAt(ci, r1 + 1),
            levelAt(c0 - 1, cell.row),
            levelAt(c1 + 1, cell.row),
          ].includes(-1)
        )
          continue;
        const expected = {
          left: geo.x(grid.times[c0]!) - geo.barSpacing / 2,
          right: geo.x(grid.times[c1]!) + geo.barSpacing / 2,
          top: geo.y(r1 + 1),
          bottom: geo.y(r0),
        };
        const cx = geo.x(cell.time);
        const cy = (geo.y(cell.row) + geo.y(cell.row + 1)) / 2;
        const inside =
          expected.left > 3 &&
          expected.right < pane.width * (1 - PROFILE_SHARE) - 3 &&
          expected.top > 3 &&
          expected.bottom < pane.height - 3 &&
          expected.bottom - expected.top >= 4 &&
          expected.right - expected.left >= 4 &&
          // Not under the lightweight-charts logo (bottom left) or the last-price line.
          !(expected.left < 70 && expected.bottom > pane.height - 50) &&
          !(priceY > expected.top - 3 && priceY < expected.bottom + 3);
        if (!inside) continue;
        const lowPrice = grid.priceOf(r0 - 1);
        const highPrice = grid.priceOf(r1 + 2);
        const rowLow = grid.priceOf(cell.row - 1);
        const rowHigh = grid.priceOf(cell.row + 2);
        if (!clearOfCandle(cell.time, lowPrice, highPrice)) continue;
        let clear = true;
        for (let c = c0; c <= c1 && clear; c++) clear = clearOfCandle(grid.times[c]!, rowLow, rowHigh);
        if (!clear) continue;

        const colour = legend.colors.get(L)!;
        const is = (x: number, y: number) => near(shot.at(x, y), colour, 16);
        const x = Math.floor(cx);
        const y = Math.floor(cy);
        const evidence = { time: cell.time, row: cell.row, level: L, runs: { r0, r1, c0, c1 }, expected };
        expect(is(x, y), `the cell's colour at its mapped centre: ${JSON.stringify(evidence)}`).toBe(true);
        let top = y;
        let bottom = y;
        let left = x;
        let right = x;
        while (top > 0 && is(x, top - 1)) top--;
        while (bottom < pane.height - 1 && is(x, bottom + 1)) bottom++;
        while (left > 0 && is(left - 1, y)) left--;
        while (right < pane.width - 1 && is(right + 1, y)) right++;
        const measured = { left, right: right + 1, top, bottom: bottom + 1 };
        const report = JSON.stringify({ ...evidence, measured });
        expect(Math.abs(measured.left - expected.left), report).toBeLessThanOrEqual(1);
        expect(Math.abs(measured.right - expected.right), report).toBeLessThanOrEqual(1);
        expect(Math.abs(measured.top - expected.top), report).toBeLessThanOrEqual(1);
        expect(Math.abs(measured.bottom - expected.bottom), report).toBeLessThanOrEqual(1);
        checked.push({ ...evidence, measured });
        inView++;
      }
    }
    await saveScreenshot(panel, 'pixel-check');
    expect(checked.length, 'heat runs whose four edges could be measured').toBeGreaterThanOrEqual(3);
  });

  it('the keyboard commands are declared, and the toggle command flips the overlay setting both ways', async () => {
    const commands: Array<{ name?: string; shortcut?: string }> =
      await panel.evaluate('chrome.commands.getAll()');
    const byName = new Map(commands.map((c) => [c.name, c.shortcut]));
    expect(byName.get('toggle-overlay')).toBe('Alt+Shift+H');
    expect(byName.get('open-side-panel')).toBe('Alt+Shift+J');

    const overlay = async () => {
      const settings = (await panel.evaluate(
        `chrome.storage.local.get('settings').then((r) => r.settings)`,
      )) as { overlay?: boolean } | undefined;
      return settings?.overlay ?? DEFAULT_SETTINGS.overlay;
    };
    const before = await overlay();
    // Headless Chromium does not route a key press to extension commands (browser-level
    // accelerators never reach a page: page.keyboard.press('Alt+Shift+H') does nothing), so the
    // test fires the same onCommand event the browser would, inside the worker, through the
    // listener the worker registered.
    const worker = ext.currentServiceWorker() ?? ext.serviceWorker;
    await worker.evaluate("chrome.commands.onCommand.dispatch('toggle-overlay', undefined)");
    await expect.poll(overlay).toBe(!before);
    await worker.evaluate("chrome.commands.onCommand.dispatch('toggle-overlay', undefined)");
    await expect.poll(overlay).toBe(before);
  });

  it('while the worker backfills a wider window the panel shows a progress bar per exchange, then the chart', async () => {
    const popup = await openPopup(ext);
    // Slow replies keep the backfill of the 7-day window on screen long enough to watch.
    replay.faults.add({ match: '/fapi/v1/klines', kind: 'slow', delayMs: 1000 });
    replay.faults.add({ match: '/v5/market/kline', kind: 'slow', delayMs: 1000 });
    const progress = () =>
      panel.$$eval('[data-progress-exchange]', (els) =>
        els.map((e) => ({
          exchange: (e as HTMLElement).dataset.progressExchange!,
          fraction: Number((e as HTMLElement).dataset.fraction),
          text: e.textContent ?? '',
        })),
      );
    const chartOrReason = async () =>
      (await panel.locator('.study-chart').count()) > 0 || (await panel.locator('.problem').count()) > 0;
    try {
      await popup.click('input[name="window"][value="7d"]');
      await expect.poll(async () => (await progress()).length, { timeout: 30_000 }).toBeGreaterThan(0);
      const first = (await progress())[0]!;
      expect(first.fraction).toBeGreaterThan(0);
      expect(first.fraction).toBeLessThan(1);
      expect(first.text).toMatch(/Loading (Binance|Bybit) history for 7d: \d+ %/);
      expect(await chartOrReason()).toBe(true);
      await saveScreenshot(panel, 'backfill-progress');
      // The bar moves as pages arrive.
      await expect
        .poll(async () => (await progress()).find((p) => p.exchange === first.exchange)?.fraction ?? 1, {
          timeout: 30_000,
        })
        .toBeGreaterThan(first.fraction);
      expect(await chartOrReason()).toBe(true);
      replay.faults.clear();
      await expect.poll(async () => (await progress()).length, { timeout: 60_000 }).toBe(0);
      await expect.poll(() => panel.textContent('header .title')).toContain('7d');
      await expect.poll(() => panel.locator('.study-chart canvas').count()).toBeGreaterThan(0);
    } finally {
      replay.faults.clear();
      await popup.close();
    }
  });
});

describe('the side panel without data', () => {
  let replay: ReplayExchange;
  let ext: LaunchedExtension;

  beforeAll(async () => {
    replay = await startReplayExchange({ bars, symbol: DEMO_SYMBOL, start: START, speed: 0 });
    // Every exchange call fails, from the first sync on.
    replay.faults.add({ match: '*', kind: 'status', status: 503 });
    ext = await launchExtension({ replay });
  });
  afterAll(async () => {
    await ext?.close();
    await replay?.close();
  });

  it('says why there is no chart instead of showing an empty one', async () => {
    const panel = await openSidePanel(ext);
    await panel.setViewportSize({ width: 420, height: 900 });
    await expect
      .poll(() => panel.locator('.problem').first().textContent(), { timeout: 30_000 })
      .toMatch(/^No (cached )?data for BTCUSDT/);
    expect(await panel.locator('.study-chart').count()).toBe(0);
    expect(await panel.locator('canvas').count()).toBe(0);
    // Once the sync has failed, the reason names the failure.
    await expect
      .poll(() => panel.locator('.problem').first().textContent(), { timeout: 60_000 })
      .toMatch(/^No data for BTCUSDT: .+/);
    expect(await panel.locator('.study-chart').count()).toBe(0);
    await saveScreenshot(panel, 'no-data');
  });
});
