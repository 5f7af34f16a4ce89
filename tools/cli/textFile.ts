import { readFile } from 'node:fs/promises';
import { err, ok, type Result } from '../../core/result';

/**
 * A text file the user named, or the one-line reason it cannot be read:
 * "cannot read config x.json: no such file" (`what` = "config").
 */
export async function readTextFile(path: string, what?: string): Promise<Result<string>> {
  try {
    return ok(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
    return err(`cannot read ${what ? `${what} ` : ''}${path}: ${reason}`);
  }
}
