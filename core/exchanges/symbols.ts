import * as z from 'zod/mini';
import type { ExchangeId } from './types';

/**
 * One neutral symbol for a USDT-margined perpetual: "BTCUSDT". Binance and Bybit use it as is;
 * OKX spells the same market "BTC-USDT-SWAP". The one pattern every context checks symbols with.
 */
export const NEUTRAL_SYMBOL = /^([A-Z0-9]{1,20})USDT$/;
/** A neutral symbol at a validation edge (settings, messages). */
export const neutralSymbolSchema = z.string().check(z.regex(NEUTRAL_SYMBOL));
const OKX_SWAP = /^([A-Z0-9]{1,20})-USDT-SWAP$/;

export function isNeutralSymbol(symbol: string): boolean {
  return NEUTRAL_SYMBOL.test(symbol);
}

/** The base asset of a neutral symbol: "BTCUSDT" → "BTC". */
export function baseAsset(symbol: string): string {
  const m = NEUTRAL_SYMBOL.exec(symbol);
  if (!m) throw new Error(`not a USDT perpetual symbol: ${symbol}`);
  return m[1]!;
}

/** Neutral symbol → the exchange's own instrument name. */
export function toExchangeSymbol(exchange: ExchangeId, symbol: string): string {
  const base = baseAsset(symbol);
  return exchange === 'okx' ? `${base}-USDT-SWAP` : `${base}USDT`;
}

/** The exchange's instrument name → neutral symbol, or undefined when it is not a USDT perpetual. */
export function fromExchangeSymbol(exchange: ExchangeId, name: string): string | undefined {
  const upper = name.toUpperCase();
  if (exchange === 'okx') {
    const m = OKX_SWAP.exec(upper);
    return m ? `${m[1]}USDT` : undefined;
  }
  return NEUTRAL_SYMBOL.test(upper) ? upper : undefined;
}
