import { ensureChromiumOrExit } from '../tools/browser';

/**
 * Runs once before any e2e file: finds the browser or, on a fresh root Debian machine, installs
 * it with apt-get's progress in view, so no test's hook timeout runs during an install. Without a
 * browser it stops the run with one line saying what to run (exit code 2).
 */
export default function findBrowser(): void {
  const browser = ensureChromiumOrExit();
  console.log(`e2e: driving ${browser}`);
}
