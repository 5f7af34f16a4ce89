import { z } from 'zod';
import type { ExchangeResult } from '../errors';
import { timestampMs } from '../parse';
import { getRequest, type RequestSpec } from '../request';
import { IP_POOL } from './endpoints';
import { parseBybit } from './mapper';

const ENDPOINT = '/v5/market/time';

/** GET /v5/market/time — https://bybit-exchange.github.io/docs/v5/market/time */
export const serverTimeRequest = (): RequestSpec => getRequest('bybit', ENDPOINT, {}, IP_POOL);

const serverTimeResponse = z.object({
  retCode: z.literal(0),
  result: z.object({ timeSecond: z.string(), timeNano: z.string() }),
  time: timestampMs,
});

/*
 * Shape from Bybit's "Get Bybit Server Time" page; `time` is the envelope's epoch ms.
 * {"retCode":0,"retMsg":"OK","result":{"timeSecond":"1781481723","timeNano":"1781481723418312001"},
 *  "retExtInfo":{},"time":1781481723418}
 */
export function parseServerTime(body: string): ExchangeResult<number> {
  const parsed = parseBybit(ENDPOINT, serverTimeResponse, body);
  return parsed.ok ? { ok: true, value: parsed.value.time } : parsed;
}
