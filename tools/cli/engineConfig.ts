import { type EngineConfig, parseEngineConfig } from '../../core/model/index';
import { err, type Result } from '../../core/result';
import { readTextFile } from './textFile';

/** Reads an engine config JSON file and validates it with the engine's own parser. */
export async function loadEngineConfig(path: string): Promise<Result<EngineConfig>> {
  const text = await readTextFile(path, 'config');
  if (!text.ok) return text;
  let json: unknown;
  try {
    json = JSON.parse(text.value);
  } catch (error) {
    return err(`config ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseEngineConfig(json);
  return parsed.ok ? parsed : err(`config ${path}: ${parsed.error}`);
}
