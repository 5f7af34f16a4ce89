import type { Bar } from '../../core/data/bars';

/**
 * SYNTHETIC liquidation events for the demo, made by a rule from the recorded bars (the shared
 * recording has no per-event liquidations): for each 5-minute bar whose open interest fell while
 * price moved, one event at the bar's extreme on the side the move hurt (a long at the low of a
 * falling bar, a short at the high of a rising one), sized at 5 % of the open-interest drop,
 * alternating Binance and Bybit. The file says so on its first line, and the replay exchange and the
 * demo's summary carry the mark; nothing here is a real liquidation.
 */
export const DEMO_EVENTS_RULE =
  'demo events: one per 5m bar whose open interest fell, at the bar extreme on the side the move hurt, 5 % of the OI drop';

export function demoEventsCsv(bars: readonly Bar[], from: number, to: number): string {
  const rows: string[] = [];
  let i = 0;
  for (let k = 1; k < bars.length; k++) {
    const bar = bars[k]!;
    const before = bars[k - 1]!.oiUsd;
    if (bar.time < from || bar.time >= to || before === undefined || bar.oiUsd === undefined) continue;
    const drop = before - bar.oiUsd;
    if (!(drop > 0) || bar.close === bar.open) continue;
    const long = bar.close < bar.open;
    const exchange = i++ % 2 === 0 ? 'binance' : 'bybit';
    const time = bar.time + 150_000;
    rows.push(
      `${time},${exchange},${long ? 'long' : 'short'},${long ? bar.low : bar.high},${(drop * 0.05).toFixed(2)}`,
    );
  }
  return `# synthetic: ${DEMO_EVENTS_RULE}\ntime,exchange,side,price,notional_usd\n${rows.join('\n')}\n`;
}
