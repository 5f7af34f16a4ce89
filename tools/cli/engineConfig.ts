import { readFile } from 'node:fs/promises';
import { type EngineConfig, parseEngineConfig } from '../../core/model/index';
import type { Parsed } from './args';

/** Reads an engine config JSON file and validates it with the engine's own parser. */
export async function loadEngineConfig(path: string): Promise<Parsed<EngineConfig>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      error: `cannot read config ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: `config ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const parsed = parseEngineConfig(json);
  return parsed.ok ? parsed : { ok: false, error: `config ${path}: ${parsed.error}` };
}
