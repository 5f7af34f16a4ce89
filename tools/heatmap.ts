/**
 * npm run heatmap -- --csv FILE [--window 12h|24h|3d|7d|30d] [--at TIME] [--json] [--png OUT.png]
 *                    [--exchange NAME] [--config FILE]
 * The liquidation heatmap of a bar CSV at one moment: a table of zones, one JSON object, or a PNG.
 * The bars up to --at (the window plus the engine's warm-up) build the level book.
 * --window defaults to 12h (the headline window), --at to the last bar (an ISO time without zone is UTC).
 * Bad arguments or an unusable file: one line on stderr and exit code 2.
 */
import { writeFile } from 'node:fs/promises';
import { tryComputeHeatmap } from '../core/model/index';
import type { WindowId } from '../core/model/types';
import {
  exitWithInternalError,
  exitWithUsageError,
  orExit,
  parseAtTime,
  parseExchange,
  parseWindow,
  readCommandLine,
  stringOptions,
} from './cli/args';
import { describeSeries, symbolFromFileName } from './cli/barFile';
import { formatUtc } from './cli/format';
import { firstNonFinite, heatmapJson, heatmapTable } from './cli/heatmapOutput';
import { loadEngineInputs } from './cli/inputs';
import { renderHeatmapPng } from './cli/png';

const PROGRAM = 'heatmap';
const USAGE =
  'usage: npm run heatmap -- --csv FILE [--window 12h|24h|3d|7d|30d (default 12h)] [--at ISO|ms (default: last bar)] [--json] [--png OUT.png] [--exchange binance|bybit|okx] [--config FILE]';
const DEFAULT_WINDOW: WindowId = '12h';

async function main(argv: readonly string[]): Promise<void> {
  const args = readCommandLine(PROGRAM, USAGE, argv, {
    ...stringOptions('window', 'at', 'png', 'exchange', 'config'),
    json: { type: 'boolean' },
  });
  if (!args) return;

  const window = orExit(PROGRAM, parseWindow(args.window ?? DEFAULT_WINDOW));
  const at = args.at === undefined ? undefined : orExit(PROGRAM, parseAtTime(args.at));
  const exchange = args.exchange === undefined ? undefined : orExit(PROGRAM, parseExchange(args.exchange));
  if (args.png !== undefined && !args.png.toLowerCase().endsWith('.png')) {
    exitWithUsageError(PROGRAM, `--png wants a file name ending in .png (got ${JSON.stringify(args.png)})`);
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

  const computed = tryComputeHeatmap(bars, { window, at, config, exchange, intervalMs });
  if (!computed.ok) exitWithUsageError(PROGRAM, `${args.csv}: ${computed.error}`);
  const result = computed.value;
  const document = heatmapJson(result);
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
    });
    try {
      await writeFile(args.png, png);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
      exitWithUsageError(PROGRAM, `cannot write ${args.png}: ${code}`);
    }
    process.stderr.write(`note: wrote ${args.png} (${Math.round(png.length / 1024)} KB)\n`);
  }
  if (args.json) process.stdout.write(`${JSON.stringify(document)}\n`);
  else process.stdout.write(`${heatmapTable(result, { symbol: symbolFromFileName(args.csv), exchange })}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => exitWithInternalError(PROGRAM, error));
