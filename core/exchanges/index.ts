import type { ExchangeAdapter } from './adapter';
import { binance } from './binance';
import { bybit } from './bybit';
import { okx } from './okx';
import type { ExchangeId } from './types';

/** Every exchange adapter, by id: the one place the rest of HeatBands finds them. */
export const ADAPTERS: Record<ExchangeId, ExchangeAdapter> = { binance, bybit, okx };
