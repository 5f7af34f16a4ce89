import { z } from 'zod';
import { storage } from '#imports';
import type { Offered } from '@/core/exchanges/client';
import { EXCHANGE_IDS, type ExchangeId } from '@/core/exchanges/types';

/**
 * Price steps (tick sizes) per exchange and symbol, read from each exchange's public instrument
 * specification (MarketDataClient.tickSize), kept in extension storage and refreshed once a day,
 * like the OKX contract values (okxInstruments.ts): ticks change rarely and are announced. A stale
 * stored value is still used when a refresh fails; with none stored the symbol simply has no tick
 * and prices are shown and binned as before (nothing is guessed).
 */
export const TICK_REFRESH_MS = 86_400_000;

const cachedTick = z.object({ tickSize: z.number().positive(), fetchedAt: z.number() });
const cache = z.record(z.string(), cachedTick);
export type TickSizeCache = z.output<typeof cache>;

export const tickSizesItem = storage.defineItem<TickSizeCache>('local:tickSizes', {
  fallback: {},
  version: 1,
});

const keyOf = (exchange: ExchangeId, symbol: string) => `${exchange}:${symbol}`;

async function readCache(): Promise<TickSizeCache> {
  const parsed = cache.safeParse(await tickSizesItem.getValue());
  return parsed.success ? parsed.data : {};
}

/**
 * Each exchange's tick for `symbol`, fetched where none is stored or the stored one is a day old.
 * Returns what happened per exchange, for logs and tests.
 */
export async function ensureTickSizes(
  symbol: string,
  exchanges: readonly ExchangeId[],
  fetchTick: (exchange: ExchangeId, symbol: string) => Promise<Offered<number>>,
  now: number,
): Promise<Partial<Record<ExchangeId, 'fresh' | 'fetched' | 'stale' | 'unknown'>>> {
  const outcome: Partial<Record<ExchangeId, 'fresh' | 'fetched' | 'stale' | 'unknown'>> = {};
  const fetched: TickSizeCache = {};
  const stored = await readCache();
  for (const exchange of exchanges) {
    const key = keyOf(exchange, symbol);
    const have = stored[key];
    if (have && now - have.fetchedAt < TICK_REFRESH_MS) {
      outcome[exchange] = 'fresh';
      continue;
    }
    const got = await fetchTick(exchange, symbol);
    if (!got.ok) {
      console.warn(`HeatBands: ${exchange} tick size of ${symbol}: ${got.error.message}`);
      outcome[exchange] = have ? 'stale' : 'unknown';
      continue;
    }
    fetched[key] = { tickSize: got.value, fetchedAt: now };
    outcome[exchange] = 'fetched';
  }
  // Re-read before writing: another exchange's entry may have been stored meanwhile.
  if (Object.keys(fetched).length > 0) await tickSizesItem.setValue({ ...(await readCache()), ...fetched });
  return outcome;
}

/**
 * The price step to show and bin `symbol` at: the coarsest stored tick among `exchanges` (a price
 * finer than one of them would claim a precision that exchange does not have); undefined when none
 * is known.
 */
export function tickSizeOf(
  stored: TickSizeCache,
  symbol: string,
  exchanges: readonly ExchangeId[] = EXCHANGE_IDS,
): number | undefined {
  let tick: number | undefined;
  for (const exchange of exchanges) {
    const t = stored[keyOf(exchange, symbol)]?.tickSize;
    if (t !== undefined && (tick === undefined || t > tick)) tick = t;
  }
  return tick;
}

/** The stored tick of `symbol` (see tickSizeOf). */
export async function loadTickSize(
  symbol: string,
  exchanges: readonly ExchangeId[] = EXCHANGE_IDS,
): Promise<number | undefined> {
  return tickSizeOf(await readCache(), symbol, exchanges);
}
