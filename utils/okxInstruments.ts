import { z } from 'zod';
import { storage } from '#imports';
import type { ExchangeResult } from '@/core/exchanges/errors';
import type { OkxInstrument } from '@/core/exchanges/okx/instruments';

/**
 * OKX contract values per symbol, read from GET /api/v5/public/instruments (ctVal × ctMult), kept
 * in extension storage and refreshed once a day: OKX counts liquidation and tier sizes in
 * contracts, and each swap's contract is its own number of coins (BTC 0.01, ETH 0.1, others 1,
 * 10, 1000…). There is no built-in fallback in the worker: a guessed value would silently scale
 * every OKX liquidation of the symbol by its error, while an unknown one makes the stream report
 * those liquidations as ignored ("contract size unknown"). A stale stored value is still used when
 * a refresh fails: contract values change rarely and OKX announces each change.
 */
export const REFRESH_MS = 86_400_000;

const cachedInstrument = z.object({
  contractSize: z.number().positive(),
  tickSize: z.number().positive(),
  fetchedAt: z.number(),
});
const cache = z.record(z.string(), cachedInstrument);
export type OkxInstrumentCache = z.output<typeof cache>;

export const okxInstrumentsItem = storage.defineItem<OkxInstrumentCache>('local:okxInstruments', {
  fallback: {},
  version: 1,
});

/**
 * Base units per contract by neutral symbol, for the OKX adapter and stream parser, which look a
 * symbol up at parse time: one live map, filled from storage, so a worker that restarts reads the
 * stored values back before anything is parsed.
 */
export const okxContractSizes = new Map<string, number>();

async function readCache(): Promise<OkxInstrumentCache> {
  const parsed = cache.safeParse(await okxInstrumentsItem.getValue());
  return parsed.success ? parsed.data : {};
}

/** Puts the stored contract size of `symbol`, if any, into the live map; what was stored, or undefined. */
export async function loadOkxInstrument(symbol: string): Promise<OkxInstrumentCache[string] | undefined> {
  const stored = (await readCache())[symbol];
  if (stored) okxContractSizes.set(symbol, stored.contractSize);
  return stored;
}

/**
 * The contract size of `symbol`, fetched when none is stored or the stored one is a day old.
 * Returns where it came from, for logs and tests.
 */
export async function ensureOkxInstrument(
  symbol: string,
  fetchInstrument: (symbol: string) => Promise<ExchangeResult<OkxInstrument>>,
  now: number,
): Promise<'fresh' | 'fetched' | 'stale' | 'unknown'> {
  const stored = await loadOkxInstrument(symbol);
  if (stored && now - stored.fetchedAt < REFRESH_MS) return 'fresh';
  const got = await fetchInstrument(symbol);
  if (!got.ok) {
    console.warn(`HeatBands: OKX instrument ${symbol}: ${got.error.message}`);
    return stored ? 'stale' : 'unknown';
  }
  const { contractSize, tickSize } = got.value;
  const all = await readCache();
  await okxInstrumentsItem.setValue({ ...all, [symbol]: { contractSize, tickSize, fetchedAt: now } });
  okxContractSizes.set(symbol, contractSize);
  return 'fetched';
}
