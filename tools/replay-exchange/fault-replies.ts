import http from 'node:http';
import { binanceError } from './binance-rest';
import type { FaultRule } from './faults';
import { okxError } from './okx-rest';
import type { Reply } from './reply';

/**
 * What the 'status', 'html' and 'malformed' faults send: each exchange's own error shape for a
 * status, a CDN's HTML page, or the same JSON with the wrong types.
 */

export type RestExchange = 'binance' | 'bybit' | 'okx';

export function htmlPage(status: number, title: string, text: string): Reply {
  return {
    status,
    body: `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title></head>\n<body><h1>${title}</h1><p>${text}</p></body></html>\n`,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  };
}

/**
 * Bybit answers an IP over its limit with HTTP 403 and an HTML page from its CDN (not JSON), and
 * keeps the IP blocked for about 10 minutes. The wording here is ours; the point is the shape:
 * status 403, text/html, a <title>.
 */
function bybitBanPage(): Reply {
  return {
    status: 403,
    body:
      '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">\n' +
      '<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">\n' +
      '<TITLE>ERROR: The request could not be satisfied</TITLE>\n</HEAD><BODY>\n<H1>403 ERROR</H1>\n' +
      '<H2>The request could not be satisfied.</H2>\n<HR noshade size="1px">\n' +
      'Request blocked: access too frequent from this IP. Try again later.\n<BR clear="all">\n</BODY></HTML>\n',
    headers: { 'Content-Type': 'text/html' },
  };
}

/** The error an exchange sends for a status fault, shaped like that exchange's own. */
export function statusFaultReply(exchange: RestExchange | undefined, rule: FaultRule): Reply {
  const status = rule.status ?? 429;
  const retryAfter = rule.retryAfterSec ?? (status === 429 ? 1 : status === 418 ? 60 : undefined);
  let reply: Reply;
  if (exchange === 'binance' && status === 429) {
    reply = binanceError(
      429,
      -1003,
      'Too many requests; current limit of IP(127.0.0.1) request weight is 2400 per minute. Please use WebSocket Streams for live updates to avoid polling the API.',
    );
  } else if (exchange === 'binance' && status === 418) {
    const until = Date.now() + (retryAfter ?? 60) * 1000;
    reply = binanceError(
      418,
      -1003,
      `Way too many requests; IP(127.0.0.1) banned until ${until}. Please use WebSocket Streams for live updates to avoid bans.`,
    );
  } else if (exchange === 'binance' && status === 500) {
    reply = binanceError(500, -1001, 'Internal error; unable to process your request. Please try again.');
  } else if (exchange === 'binance' && status === 503) {
    reply = binanceError(
      503,
      -1008,
      'Server is currently overloaded with other requests. Please try again in a few minutes.',
    );
  } else if (exchange === 'okx' && status === 429) {
    reply = okxError(429, '50011', 'Too Many Requests');
  } else if (exchange === 'okx' && status === 500) {
    reply = okxError(500, '50026', 'System error. Try again later');
  } else if (exchange === 'okx' && status === 503) {
    reply = okxError(503, '50001', 'Service temporarily unavailable. Please try again later.');
  } else if (exchange === 'bybit' && status === 403) {
    reply = bybitBanPage();
  } else if (exchange === 'bybit' && status === 429) {
    reply = {
      status: 429,
      body: JSON.stringify({
        retCode: 10006,
        retMsg: 'Too many visits!',
        result: {},
        retExtInfo: {},
        time: Date.now(),
      }),
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    };
  } else {
    reply = htmlPage(
      status,
      `${status} ${http.STATUS_CODES[status] ?? 'Error'}`,
      'The server could not answer.',
    );
  }
  if (retryAfter !== undefined) reply.headers['Retry-After'] = String(retryAfter);
  return reply;
}

/** Same JSON, wrong types: numeric strings become booleans and numbers become non-numeric strings. */
export function withWrongTypes(body: string): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return body;
  }
  const flip = (v: unknown): unknown => {
    if (typeof v === 'number') return `${v}?`;
    if (typeof v === 'string') return /^-?\d+(\.\d+)?$/.test(v) ? true : v;
    if (Array.isArray(v)) return v.map(flip);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, flip(x)]));
    return v;
  };
  return JSON.stringify(flip(json));
}
