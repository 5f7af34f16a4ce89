import type { BarSeries } from '../../core/data/bars';
import type { EngineConfig } from '../../core/model/index';
import { orExit } from './args';
import { loadBarFile } from './barFile';
import { loadEngineConfig } from './engineConfig';

/**
 * What the engine's command-line programs read before computing: the optional --config file, then
 * the --csv bars. Either unusable: its one-line reason on stderr and exit code 2.
 */
export async function loadEngineInputs(
  program: string,
  args: { csv: string; config?: string },
): Promise<{ config: EngineConfig | undefined; series: BarSeries }> {
  const config = args.config === undefined ? undefined : orExit(program, await loadEngineConfig(args.config));
  const series = orExit(program, await loadBarFile(args.csv));
  return { config, series };
}
