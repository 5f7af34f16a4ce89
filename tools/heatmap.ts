/**
 * npm run heatmap -- --csv FILE [--window 12h|24h|3d|7d|30d|90d|180d] [--at TIME] [--json] [--png OUT.png]
 *                    [--scale percentile|linear] [--csv-out DIR] [--exchange NAME] [--config FILE] [--history FILE]
 * The liquidation heatmap of a bar CSV at one moment: a table of zones, one JSON object, a PNG, CSVs.
 * The bars up to --at (the window plus the engine's warm-up) build the level book.
 * --window defaults to 12h (the headline window), --at to the last bar (an ISO time without zone is UTC).
 * --json: every zone (with when it formed, whether price swept it, its roles) and the liquidation map
 *   per side, `profile: {long: [{price, usd}], short: [...]}` (non-empty rows; price = row's lower bound).
 * --png: the picture in the side panel's colour scale (--scale, per-side percentile classes by default).
 * --csv-out DIR: writes DIR/heat-grid.csv (time ms, price, long_usd, short_usd) and DIR/zones.csv
 *   (core/render/csv.ts), creating DIR.
 * --history FILE: bars with real liquidations per side (liq_long_usd, liq_short_usd) to measure each
 *   zone's confidence on (core/model/zoneConfidence.ts); default the --csv file itself. A file
 *   without liquidations gives every zone n = 0 ("not enough history").
 * --tick SIZE: the symbol's price step (Binance PRICE_FILTER tickSize, Bybit priceFilter.tickSize, OKX
 *   tickSz; 0.1 for BTCUSDT): the level book's bin is never finer, and zone edges are given on it
 *   (low rounded down, high up) in the table and the JSON (`tickSize` then in the JSON). A CSV carries
 *   no tick, so without --tick prices are shown as before.
 * Bad arguments, an unusable file or an unwritable output: one line on stderr and exit code 2.
 */
import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tryComputeHeatmap } from '../core/model/index';
import type { WindowId } from '../core/model/types';
import { confidenceTable, liquidationHours } from '../core/model/zoneConfidence';
import { zonesByHour } from '../core/model/zoneHistory';
import { tradeZones } from '../core/model/zones';
import { heatGridCsv, zonesCsv } from '../core/render/csv';
import type { HeatScaleMode } from '../core/render/heatScale';
import {
  exitWithInternalError,
  exitWithUsageError,
  orExit,
  parseAtTime,
  parseExchange,
  parseTickSize,
  parseWindow,
  readCommandLine,
  stringOptions,
} from './cli/args';
import { describeSeries, loadBarFile, symbolFromFileName } from './cli/barFile';
import { formatUtc } from './cli/format';
import { firstNonFinite, heatmapJson, heatmapTable } from './cli/heatmapOutput';
import { loadEngineInputs } from './cli/inputs';
import { renderHeatmapPng } from './cli/png';

const PROGRAM = 'heatmap';
const USAGE =
  'usage: npm run heatmap -- --csv FILE [--window 12h|24h|3d|7d|30d|90d|180d (default 12h)] [--at ISO|ms (default: last bar)] [--json] [--png OUT.png] [--scale percentile|linear (default percentile)] [--csv-out DIR] [--exchange binance|bybit|okx] [--config FILE] [--history FILE (default: --csv)] [--tick SIZE]';
const DEFAULT_WINDOW: WindowId = '12h';
const SCALE_MODES: readonly HeatScaleMode[] = ['percentile', 'linear'];
/** File names written into --csv-out DIR. */
const GRID_CSV = 'heat-grid.csv';
const ZONES_CSV = 'zones.csv';

/** Writes a file the user asked for, or exits 2 with one line naming it and the reason. */
async function writeOrExit(path: string, content: string | Buffer): Promise<void> {
  try {
    await writeFile(path, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
    exitWithUsageError(PROGRAM, `cannot write ${path}: ${code}`);
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const args = readCommandLine(PROGRAM, USAGE, argv, {
    ...stringOptions('window', 'at', 'png', 'exchange', 'config', 'scale', 'csv-out', 'history', 'tick'),
    json: { type: 'boolean' },
  });
  if (!args) return;

  const window = orExit(PROGRAM, parseWindow(args.window ?? DEFAULT_WINDOW));
  const at = args.at === undefined ? undefined : orExit(PROGRAM, parseAtTime(args.at));
  const exchange = args.exchange === undefined ? undefined : orExit(PROGRAM, parseExchange(args.exchange));
  const tickSize = args.tick === undefined ? undefined : orExit(PROGRAM, parseTickSize(args.tick));
  if (args.png !== undefined && !args.png.toLowerCase().endsWith('.png')) {
    exitWithUsageError(PROGRAM, `--png wants a file name ending in .png (got ${JSON.stringify(args.png)})`);
  }
  const scaleMode = args.scale ?? 'percentile';
  if (!(SCALE_MODES as readonly string[]).includes(scaleMode)) {
    exitWithUsageError(
      PROGRAM,
      `--scale must be one of ${SCALE_MODES.join(', ')} (got ${JSON.stringify(scaleMode)})`,
    );
  }
  // The output folder first, so an unwritable one is refused before any work (and any note).
  const csvOut = args['csv-out'];
  if (csvOut !== undefined) {
    try {
      await mkdir(csvOut, { recursive: true });
      await access(csvOut, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
      exitWithUsageError(PROGRAM, `cannot write ${csvOut}: ${code}`);
    }
  }
  const { config, series } = await loadEngineInputs(PROGRAM, args);
  const { bars, intervalMs } = series;
  const first = bars[0]!.time;
  const last = bars[bars.length - 1]!.time;
  if (at !== undefined && (at < first || at > last + intervalMs)) {
    exitWithUsageError(
      PROGRAM,
      `--at ${formatUtc(at)} is outside the file (${formatUtc(first)} → ${formatUtc(last)})`,
    );
  }
  process.stderr.write(`${describeSeries(args.csv, series)}\n`);

  const computed = tryComputeHeatmap(bars, { window, at, config, exchange, intervalMs, tickSize });
  if (!computed.ok) exitWithUsageError(PROGRAM, `${args.csv}: ${computed.error}`);
  const result = computed.value;
  const history = args.history === undefined ? series : orExit(PROGRAM, await loadBarFile(args.history));
  const byHour = zonesByHour(history.bars, { window, config, exchange, intervalMs: history.intervalMs });
  const confidence = confidenceTable(liquidationHours(history.bars), (hour) => byHour.get(hour));
  const document = heatmapJson(result, confidence, tickSize);
  const bad = firstNonFinite(document);
  if (bad) exitWithInternalError(PROGRAM, `the engine produced a non-finite number at ${bad}`);

  if (args.png !== undefined) {
    const png = renderHeatmapPng({
      grid: result.grid,
      price: result.price,
      at: result.at,
      window: result.window,
      symbol: symbolFromFileName(args.csv),
      exchange,
      zones: result.zones,
      scaleMode: scaleMode as HeatScaleMode,
    });
    await writeOrExit(args.png, png);
    process.stderr.write(`note: wrote ${args.png} (${Math.round(png.length / 1024)} KB)\n`);
  }
  if (csvOut !== undefined) {
    await writeOrExit(join(csvOut, GRID_CSV), heatGridCsv(result.grid));
    await writeOrExit(join(csvOut, ZONES_CSV), zonesCsv(tradeZones(result.grid, result.zones)));
    process.stderr.write(`note: wrote ${join(csvOut, GRID_CSV)} and ${join(csvOut, ZONES_CSV)}\n`);
  }
  if (args.json) process.stdout.write(`${JSON.stringify(document)}\n`);
  else
    process.stdout.write(
      `${heatmapTable(result, { symbol: symbolFromFileName(args.csv), exchange, tickSize }, confidence)}\n`,
    );
}

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
