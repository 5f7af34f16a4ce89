import { z } from 'zod';
import type { ExchangeResult } from '../errors';
import { timestampMs } from '../parse';
import { getRequest, type RequestSpec } from '../request';
import { POOLS } from './endpoints';
import { readBody } from './mapper';

const ENDPOINT = '/fapi/v1/time';

/** https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Check-Server-Time — weight 1. */
export const serverTimeRequest = (): RequestSpec => getRequest('binance', ENDPOINT, {}, POOLS.requestWeight);

const serverTimeResponse = z.object({ serverTime: timestampMs });

/*
 * GET /fapi/v1/time — shape from Binance's "Check Server Time" page.
 * {"serverTime":1781481723418}
 */
export function parseServerTime(body: string): ExchangeResult<number> {
  const parsed = readBody(ENDPOINT, serverTimeResponse, body);
  return parsed.ok ? { ok: true, value: parsed.value.serverTime } : parsed;
}
