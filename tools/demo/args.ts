import { err, ok, type Result } from '../../core/result';

export interface DemoArgs {
  /** Real exchanges, no replay, headed: for users with internet. */
  live: boolean;
  headless: boolean;
  /** Replay seconds per wall-clock second once the page is open. */
  speed: number;
  /** Headless: give up waiting for bands and zones after this many seconds. */
  seconds: number;
  build: boolean;
}

export const DEFAULT_SPEED = 600;

export const USAGE = `npm run demo -- [--headless] [--speed N] [--seconds N] [--no-build] [--live]
  (default)   replay the embedded slice of real BTCUSDT data through a local replay exchange;
              headed when a DISPLAY is set (stays open until Ctrl-C), otherwise headless and writes
              demo-output/{page,popup,sidepanel}.png and demo-output/summary.json
  --headless  headless even when a DISPLAY is set
  --speed N   replay seconds per real second, default ${DEFAULT_SPEED} (10 minutes a second); the
              demo asks the worker to sync every 2 s, its one-minute alarm compressed alike
  --seconds N headless: how long to let replay time run before the screenshots; default 30
  --no-build  use the existing .output/chrome-mv3 instead of running wxt build
  --live      the real exchanges and the real Binance page (needs internet and a display)`;

function positive(name: string, text: string | undefined): Result<number> {
  const n = Number(text);
  return text !== undefined && Number.isFinite(n) && n > 0 ? ok(n) : err(`${name} needs a positive number`);
}

export function parseDemoArgs(argv: readonly string[], display: string | undefined): Result<DemoArgs> {
  let live = false;
  let forceHeadless = false;
  let speed: number | undefined;
  let seconds = 30;
  let build = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--live') live = true;
    else if (arg === '--headless') forceHeadless = true;
    else if (arg === '--no-build') build = false;
    else if (arg === '--speed' || arg === '--seconds') {
      const n = positive(arg, argv[++i]);
      if (!n.ok) return n;
      if (arg === '--speed') speed = n.value;
      else seconds = n.value;
    } else return err(`unknown argument ${arg}`);
  }
  const headless = forceHeadless || !display;
  if (live && headless) {
    return err('--live opens the real sites for you to look at: it needs a DISPLAY and no --headless');
  }
  return ok({ live, headless, speed: speed ?? DEFAULT_SPEED, seconds, build });
}
