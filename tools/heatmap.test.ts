import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type CliRun, runCli } from './cli/runCli';

const FIXTURE = 'tools/fixtures/btcusdt-5m-2026-06-08_2026-06-09.csv';
const AT_ISO = '2026-06-09T12:00Z';
const AT_MS = String(Date.UTC(2026, 5, 9, 12, 0));

const finite = z.number().finite();
const heatmapJson = z.strictObject({
  at: finite,
  window: z.enum(['12h', '24h', '3d', '7d', '30d', '90d', '180d']),
  price: finite.positive(),
  tickSize: finite.positive().optional(),
  zones: z.array(
    z.strictObject({
      side: z.enum(['long', 'short']),
      priceLow: finite.positive(),
      priceHigh: finite.positive(),
      notionalUsd: finite.nonnegative(),
      distancePct: finite,
      intensity: finite.min(0).max(1),
      formedAt: finite,
      swept: z.boolean(),
      roles: z.array(z.enum(['nearest', 'strongest'])).max(2),
      confidence: z.strictObject({
        hit_rate: finite.min(0).max(1).nullable(),
        n: z.number().int().nonnegative(),
        base_rate: finite.min(0).max(1).nullable(),
        n_base: z.number().int().nonnegative(),
        lift_vs_move: finite.nonnegative().nullable(),
      }),
    }),
  ),
  profile: z.strictObject({
    long: z.array(z.strictObject({ price: finite.positive(), usd: finite.positive() })),
    short: z.array(z.strictObject({ price: finite.positive(), usd: finite.positive() })),
  }),
  grid: z.strictObject({
    columns: z.number().int().positive(),
    rows: z.number().int().positive(),
    priceMin: finite,
    priceMax: finite,
    timeStart: finite,
    timeEnd: finite,
  }),
  oiGaps: z.array(
    z.strictObject({ exchange: z.enum(['binance', 'bybit', 'okx']), from: finite, to: finite }),
  ),
});

const expectOneLineRefusal = (run: CliRun, mentions: RegExp) => {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).toMatch(mentions);
};

describe('npm run heatmap', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heatbands-cli-'));
  const png = join(dir, 'h.png');
  const csvOut = join(dir, 'exports', 'nested');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let iso: CliRun;
  let ms: CliRun;
  let table: CliRun;
  let csv: CliRun;
  beforeAll(async () => {
    [iso, ms, table, csv] = await Promise.all([
      runCli('tools/heatmap.ts', [
        '--csv',
        FIXTURE,
        '--window',
        '12h',
        '--at',
        AT_ISO,
        '--json',
        '--png',
        png,
      ]),
      runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--window', '12h', '--at', AT_MS, '--json']),
      runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--window', '24h', '--exchange', 'binance']),
      runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--at', AT_ISO, '--json', '--csv-out', csvOut]),
    ]);
  }, 60_000);

  it('prints exactly one JSON object of the documented shape, with a short note on stderr', () => {
    expect(iso.code).toBe(0);
    const doc = heatmapJson.parse(JSON.parse(iso.stdout));
    expect(iso.stdout.trim().split('\n')).toHaveLength(1);
    expect(doc.window).toBe('12h');
    expect(doc.at).toBe(Number(AT_MS));
    expect(doc.grid.priceMax).toBeGreaterThan(doc.grid.priceMin);
    expect(doc.grid.timeEnd).toBeGreaterThan(doc.grid.timeStart);
    expect(iso.stderr).toMatch(/576 bars of 5m, 0 issue\(s\), no gaps/);
  });

  it('finds long zones below the price and short zones above it', () => {
    const doc = heatmapJson.parse(JSON.parse(iso.stdout));
    expect(doc.zones.length).toBeGreaterThan(0);
    for (const zone of doc.zones) {
      expect(zone.priceHigh).toBeGreaterThanOrEqual(zone.priceLow);
      if (zone.side === 'long') {
        expect(zone.priceHigh).toBeLessThanOrEqual(doc.price);
        expect(zone.distancePct).toBeLessThanOrEqual(0);
      } else {
        expect(zone.priceLow).toBeGreaterThanOrEqual(doc.price);
        expect(zone.distancePct).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('lists every zone with its sweep and roles: one nearest significant and one strongest per side', () => {
    const doc = heatmapJson.parse(JSON.parse(iso.stdout));
    for (const side of ['long', 'short'] as const) {
      const own = doc.zones.filter((z) => z.side === side);
      if (own.length === 0) continue;
      const strongest = own.filter((z) => z.roles.includes('strongest'));
      expect(strongest).toHaveLength(1);
      expect(strongest[0]!.notionalUsd).toBe(Math.max(...own.map((z) => z.notionalUsd)));
      const nearest = own.filter((z) => z.roles.includes('nearest'));
      expect(nearest).toHaveLength(1);
      expect(nearest[0]!.notionalUsd).toBeGreaterThanOrEqual(0.25 * strongest[0]!.notionalUsd);
      for (const z of own) expect(z.formedAt).toBeLessThanOrEqual(doc.at);
    }
  });

  it('adds the liquidation map per side: non-empty rows, longs at or under the price, shorts at or over it', () => {
    const doc = heatmapJson.parse(JSON.parse(iso.stdout));
    expect(doc.profile.long.length).toBeGreaterThan(0);
    expect(doc.profile.short.length).toBeGreaterThan(0);
    const binSize = (doc.grid.priceMax - doc.grid.priceMin) / doc.grid.rows;
    for (const side of ['long', 'short'] as const) {
      const rows = doc.profile[side];
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.price).toBeGreaterThan(rows[i - 1]!.price);
      for (const row of rows) {
        expect(row.price).toBeGreaterThanOrEqual(doc.grid.priceMin);
        expect(row.price).toBeLessThan(doc.grid.priceMax);
        if (side === 'long') expect(row.price).toBeLessThanOrEqual(doc.price);
        else expect(row.price + binSize).toBeGreaterThan(doc.price);
      }
    }
    // The zones are runs of the map's rows: each zone's notional is the sum of its rows.
    for (const zone of doc.zones) {
      const inside = doc.profile[zone.side].filter(
        (r) => r.price >= zone.priceLow - 1e-6 && r.price < zone.priceHigh - 1e-6,
      );
      const sum = inside.reduce((a, r) => a + r.usd, 0);
      expect(sum).toBeCloseTo(zone.notionalUsd, 0);
    }
  });

  it('writes the heat grid and the zones as CSV with --csv-out, creating the folder', () => {
    expect(csv.code).toBe(0);
    const doc = heatmapJson.parse(JSON.parse(csv.stdout));
    const grid = readFileSync(join(csvOut, 'heat-grid.csv'), 'utf8').split('\n');
    expect(grid[0]).toBe('time,price,long_usd,short_usd');
    expect(grid.at(-1)).toBe('');
    const cells = grid.slice(1, -1).map((line) => line.split(',').map(Number));
    expect(cells.length).toBeGreaterThan(100);
    for (const [time, price, longUsd, shortUsd] of cells as [number, number, number, number][]) {
      expect(time).toBeGreaterThanOrEqual(doc.grid.timeStart);
      expect(time).toBeLessThan(doc.grid.timeEnd);
      expect(price).toBeGreaterThanOrEqual(doc.grid.priceMin);
      expect(price).toBeLessThan(doc.grid.priceMax);
      expect(longUsd + shortUsd).toBeGreaterThan(0);
    }
    // The newest column of the grid is the liquidation map.
    const newest = Math.max(...cells.map((c) => c[0]!));
    const lastLong = cells.filter((c) => c[0] === newest && c[2]! > 0).map((c) => [c[1], c[2]]);
    expect(lastLong.length).toBe(doc.profile.long.length);
    lastLong.forEach(([price, usd], i) => {
      expect(price).toBe(doc.profile.long[i]!.price);
      expect(Math.abs(usd! - doc.profile.long[i]!.usd)).toBeLessThanOrEqual(0.0051);
    });
    const zones = readFileSync(join(csvOut, 'zones.csv'), 'utf8').split('\n');
    expect(zones[0]).toBe('side,price_low,price_high,notional_usd,distance_pct,swept,role');
    expect(zones.slice(1, -1).map((line) => line.split(','))).toEqual(
      doc.zones.map((z) => [
        z.side,
        String(z.priceLow),
        String(z.priceHigh),
        String(Math.round(z.notionalUsd * 100) / 100),
        String(Number(z.distancePct.toFixed(4))),
        String(z.swept),
        z.roles.join('+'),
      ]),
    );
    expect(csv.stderr).toMatch(/wrote .*heat-grid\.csv and .*zones\.csv/);
  });

  it('gives the same answer for --at as ISO time and as epoch ms', () => {
    expect(ms.code).toBe(0);
    expect(JSON.parse(ms.stdout)).toEqual(JSON.parse(iso.stdout));
  });

  it('writes a PNG of the default size that is not one flat colour', async () => {
    const bytes = readFileSync(png);
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const image = await loadImage(bytes);
    expect([image.width, image.height]).toEqual([1200, 675]);
    const ctx = createCanvas(image.width, image.height).getContext('2d');
    ctx.drawImage(image, 0, 0);
    const pixels = ctx.getImageData(0, 0, image.width, image.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < pixels.length; i += 4 * 97)
      colours.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
    expect(colours.size).toBeGreaterThan(50);
    // The heat itself, not only text and candles: much of the plot (x 12..1036, y 54..645) is lit.
    const plot = ctx.getImageData(12, 54, 1024, 591).data;
    let lit = 0;
    for (let i = 0; i < plot.length; i += 4) if (plot[i]! + plot[i + 1]! + plot[i + 2]! > 90) lit++;
    expect(lit / (plot.length / 4)).toBeGreaterThan(0.2);
  });

  it('prints a readable table with the symbol, window and time in its header', () => {
    expect(table.code).toBe(0);
    const [header, columns] = table.stdout.split('\n');
    expect(header).toMatch(/^BTCUSDT · binance · window 24h · 2026-06-09 23:55 UTC · price [\d,]+\.\d/);
    expect(columns).toMatch(/side\s+price range \(USDT\)\s+notional \$M\s+distance %\s+intensity/);
    expect(table.stdout).toMatch(/^price\s+[\d,]+/m);
  });

  it('--tick: bins no finer than the tick and gives zone edges on it, in the JSON and the table', async () => {
    // A coarse 25-dollar step (BTC's bins are 10 dollars at 12h) makes the tick visible everywhere.
    const [json, table, bad] = await Promise.all([
      runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--tick', '25', '--json']),
      runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--tick', '25']),
      runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--tick', '0']),
    ]);
    expect(json!.code).toBe(0);
    const doc = heatmapJson.parse(JSON.parse(json!.stdout));
    expect(doc.tickSize).toBe(25);
    expect(doc.zones.length).toBeGreaterThan(0);
    for (const zone of doc.zones) {
      expect(zone.priceLow % 25).toBe(0);
      expect(zone.priceHigh % 25).toBe(0);
      expect(zone.priceHigh).toBeGreaterThan(zone.priceLow);
    }
    const rows = table!.stdout.split('\n').filter((l) => /^(long|short) /.test(l));
    expect(rows.length).toBe(doc.zones.length);
    for (const row of rows) expect(row).toMatch(/^(long|short) +\d{2},\d{3} – \d{2},\d{3} /);
    expectOneLineRefusal(bad!, /--tick must be a positive price step/);
  }, 60_000);

  it('refuses bad arguments and unusable files with one line and exit code 2', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const runs = await Promise.all([
      runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--colour', 'red']),
      runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--window', '14d']),
      runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--at', 'last tuesday']),
      runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--at', '2020-01-01T00:00Z']),
      runCli('tools/heatmap.ts', ['--window', '12h']),
      runCli('tools/heatmap.ts', ['--csv', 'tools/fixtures/no-such-file.csv']),
      runCli('tools/heatmap.ts', ['--csv', 'tools/fixtures/README.md']),
      runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--scale', 'log']),
      runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--csv-out', join(blocker, 'sub')]),
    ]);
    const [unknownFlag, badWindow, badAt, outsideAt, noCsv, noFile, notCsv, badScale, unwritable] = runs as [
      CliRun,
      ...CliRun[],
    ];
    expectOneLineRefusal(unknownFlag, /Unknown option '--colour'/);
    expectOneLineRefusal(badWindow!, /--window must be one of 12h, 24h, 3d, 7d, 30d, 90d, 180d/);
    expectOneLineRefusal(badAt!, /--at must be an ISO time/);
    expectOneLineRefusal(outsideAt!, /outside the file/);
    expectOneLineRefusal(noCsv!, /--csv FILE is required/);
    expectOneLineRefusal(noFile!, /cannot read .*no-such-file\.csv: no such file/);
    expectOneLineRefusal(notCsv!, /lacks required column/);
    expectOneLineRefusal(badScale!, /--scale must be one of percentile, linear/);
    expectOneLineRefusal(unwritable!, /cannot write .*a-file\/sub: ENOTDIR/);
  }, 60_000);

  const SHARED_1H = '../shared/data/btcusdt-1h-2025-12-04_2026-03-31.csv';
  it.skipIf(!existsSync(SHARED_1H))(
    'draws a 90-day window from a file long enough for it, in at most 1,000 columns',
    async () => {
      const run = await runCli('tools/heatmap.ts', ['--csv', SHARED_1H, '--window', '90d', '--json']);
      expect(run.code).toBe(0);
      const { window, grid, zones } = heatmapJson.parse(JSON.parse(run.stdout));
      expect(window).toBe('90d');
      // 2,160 hourly bars, three to a column.
      expect(grid.columns).toBe(720);
      expect(grid.timeEnd - grid.timeStart).toBe(90 * 86_400_000);
      expect(grid.rows).toBeLessThanOrEqual(500);
      expect(zones.length).toBeGreaterThan(0);
    },
    60_000,
  );

  it.skipIf(!existsSync(SHARED_1H))(
    'gives every zone a width of at most 0.5 % of price and its confidence measured on the --history file',
    async () => {
      const [measured, own] = await Promise.all([
        runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--at', AT_ISO, '--json', '--history', SHARED_1H]),
        runCli('tools/heatmap.ts', ['--csv', FIXTURE, '--at', AT_ISO, '--json']),
      ]);
      const doc = heatmapJson.parse(JSON.parse(measured.stdout));
      expect(doc.zones.length).toBeGreaterThan(0);
      for (const zone of doc.zones) {
        expect(zone.priceHigh - zone.priceLow).toBeLessThanOrEqual(0.005 * doc.price + 1e-9);
        expect(zone.confidence.hit_rate === null).toBe(zone.confidence.n < 30);
      }
      // The strongest zone of each side is in the class with the most cases on the shared file, and
      // has the move-matched comparison: hours that moved as far without entering such a zone.
      for (const zone of doc.zones.filter((z) => z.roles.includes('strongest'))) {
        const c = zone.confidence;
        expect(c.n).toBeGreaterThanOrEqual(30);
        expect(c.n_base).toBeGreaterThanOrEqual(30);
        expect(c.base_rate!).toBeGreaterThan(0);
        expect(c.base_rate!).toBeLessThan(c.hit_rate!);
        // The lift counts only cases with a like move; close to, not exactly, hit_rate / base_rate.
        expect(c.lift_vs_move!).toBeGreaterThan(1);
        expect(Math.abs(c.lift_vs_move! - c.hit_rate! / c.base_rate!)).toBeLessThan(0.1);
      }
      // The fixture itself holds no liquidations: no cases, no rate.
      for (const zone of heatmapJson.parse(JSON.parse(own.stdout)).zones) {
        expect(zone.confidence).toEqual({
          hit_rate: null,
          n: 0,
          base_rate: null,
          n_base: 0,
          lift_vs_move: null,
        });
      }
    },
    60_000,
  );

  const SHARED_5M = '../shared/data/btcusdt-5m-2026-05-25_2026-06-22.csv';
  it.skipIf(!existsSync(SHARED_5M))(
    'reports the frozen open interest of the shared 5m file as a data gap, in JSON and in the table',
    async () => {
      const args = ['--csv', SHARED_5M, '--window', '7d', '--at', '2026-06-21'];
      const [json, text] = await Promise.all([
        runCli('tools/heatmap.ts', [...args, '--json']),
        runCli('tools/heatmap.ts', args),
      ]);
      expect(heatmapJson.parse(JSON.parse(json.stdout)).oiGaps).toEqual([
        { exchange: 'binance', from: Date.UTC(2026, 5, 14, 15), to: Date.UTC(2026, 5, 20, 10, 55) },
      ]);
      expect(text.stdout).toContain(
        'Data gap: Binance open interest did not change from 2026-06-14 15:00 to 2026-06-20 10:55 UTC',
      );
    },
    60_000,
  );
});
