import { z } from 'zod';
import { type ExchangeResult, fail, ok } from '../errors';
import { impossible, timestampMs } from '../parse';
import { getRequest, type RequestSpec } from '../request';
import { OKX_PATHS } from './endpoints';
import { readReply } from './reply';

const ENDPOINT = OKX_PATHS.time;

/**
 * GET /api/v5/public/time — OKX's clock, so sync ranges follow the exchange and not the local clock.
 * 10 requests per 2 s per IP ("time" pool).
 * https://www.okx.com/docs-v5/en/#public-data-rest-api-get-system-time
 */
export const serverTimeRequest = (): RequestSpec => getRequest('okx', ENDPOINT, {}, 'time');

const systemTime = z.array(z.object({ ts: timestampMs }));

/*
 * Shape from OKX's "Get system time" page: one object whose `ts` is epoch ms as a string.
 * {"code":"0","msg":"","data":[{"ts":"1781481723418"}]}
 */
export function parseServerTime(body: string): ExchangeResult<number> {
  const data = readReply(ENDPOINT, systemTime, body);
  if (!data.ok) return data;
  const first = data.value[0];
  if (first === undefined) return fail(impossible('okx', ENDPOINT, 'data', 'no system time in the reply'));
  return ok(first.ts);
}
