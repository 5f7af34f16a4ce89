import type { RequestBudget } from './budget';
import { type ExchangeError, type ExchangeResult, fail, ok } from './errors';
import type { RequestSpec } from './request';
import type { ExchangeId } from './types';

/**
 * The one place HeatBands talks HTTP to an exchange. It spends the request budget before
 * sending, turns every failure into a typed ExchangeError, retries only what is worth retrying
 * (5xx, timeouts, dropped connections) with exponential back-off and full jitter, and obeys the
 * exchanges' "go away" answers by blocking that exchange in the budget:
 * - 429 (Binance, OKX): Retry-After seconds or HTTP-date; without one, `defaultRetryAfterMs`.
 * - 418 (Binance IP ban, 2 minutes to 3 days) and 403 (Bybit "access too frequent", Binance WAF):
 *   Retry-After when sent, else `defaultBanMs` (Bybit asks for at least 10 minutes).
 * Sources: developers.binance.com/docs/derivatives/usds-margined-futures/general-info (LIMITS),
 * bybit-exchange.github.io/docs/v5/rate-limit (IP limit), www.okx.com/docs-v5/en/#error-code.
 *
 * 429, 418 and 403 are not retried here: the exchange is blocked in the budget, so the next
 * request to it waits (or, for a long block, is refused without being sent; see `maxWaitMs`).
 *
 * `get` never throws and never rejects.
 */

/** The part of a fetch Response the transport reads; the global `fetch` satisfies it. */
export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type Fetch = (url: string, init: { signal: AbortSignal }) => Promise<HttpResponse>;

/** Resolves after `ms`, or early when `signal` aborts (it may then reject: both are handled). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface TransportOptions {
  fetch: Fetch;
  budget: RequestBudget;
  now: () => number;
  sleep: Sleep;
  /** Uniform in [0, 1): Math.random in production, a fixed sequence in tests. */
  random: () => number;
  /** Per attempt, from sending until the whole body has arrived. */
  timeoutMs?: number;
  /** The signal that ends an attempt after `ms`: `AbortSignal.timeout`, or a test's own clock. */
  deadline?: (ms: number) => AbortSignal;
  /** Extra attempts after the first, for 5xx, timeouts and network failures only. */
  maxRetries?: number;
  /** Back-off before retry n (0-based) is random() × min(maxBackoffMs, baseBackoffMs × 2ⁿ). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * The longest a request queues for the budget before it is refused unsent, as 'rate-limited'
   * with retryAfterMs. An MV3 worker can be stopped during a long sleep, and a 10-minute ban is
   * better shown to the user than waited out silently; the caller schedules the retry.
   */
  maxWaitMs?: number;
  /** 429 without a usable Retry-After: how long to leave the exchange alone. */
  defaultRetryAfterMs?: Partial<Record<ExchangeId, number>>;
  /** 418/403 without a usable Retry-After. */
  defaultBanMs?: Partial<Record<ExchangeId, number>>;
}

export interface Transport {
  get(spec: RequestSpec): Promise<ExchangeResult<string>>;
}

/**
 * Binance's weight windows are one minute long, so a 429 there needs up to a minute to clear;
 * OKX and Bybit count per second or two, where a few seconds suffice.
 */
const DEFAULT_RETRY_AFTER_MS: Record<ExchangeId, number> = {
  binance: 60_000,
  bybit: 5_000,
  okx: 5_000,
};

/** Binance's shortest IP ban is 2 minutes; Bybit says to wait at least 10 minutes after a 403. */
const DEFAULT_BAN_MS: Record<ExchangeId, number> = {
  binance: 120_000,
  bybit: 600_000,
  okx: 600_000,
};

/** Even a Retry-After of "0" gets this much quiet: an immediate retry is exactly the hammering 429 forbids. */
const MIN_RETRY_AFTER_MS = 1_000;

/**
 * The longest wait any Retry-After is taken at: Binance's longest escalated IP ban is 3 days. A
 * bogus header ("99999999") must not lock an exchange out for years, or be stored as such.
 */
export const MAX_RETRY_AFTER_MS = 3 * 86_400_000;

const BODY_SNIPPET_CHARS = 200;

/**
 * Retry-After as ms from `now`: delay-seconds ("7", "1.5") or an HTTP-date, at most
 * MAX_RETRY_AFTER_MS. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  const ms = readRetryAfter(value, now);
  return ms === undefined ? undefined : Math.min(ms, MAX_RETRY_AFTER_MS);
}

function readRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Date.parse also accepts bare numbers and odd fragments; an HTTP-date names a weekday or month.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, at - now);
}

/** The exchange's own error message from a JSON error body, e.g. `Invalid symbol. (code -1121)`. */
export function exchangeMessage(body: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  // Binance and OKX: {code, msg}; Bybit: {retCode, retMsg}.
  const msg = typeof o.msg === 'string' ? o.msg : typeof o.retMsg === 'string' ? o.retMsg : undefined;
  const code = o.code ?? o.retCode;
  const codeText = typeof code === 'string' || typeof code === 'number' ? ` (code ${code})` : '';
  if (msg !== undefined && msg.trim() !== '') return `${msg.trim()}${codeText}`;
  return codeText ? `error${codeText}` : undefined;
}

/** What an error body says, in one short line: the exchange's message, an HTML title, or the text. */
function describeBody(body: string): string {
  const fromJson = exchangeMessage(body);
  if (fromJson) return fromJson;
  const title = /<title>([^<]{0,120})<\/title>/i.exec(body)?.[1]?.trim();
  if (title) return `HTML page "${title}"`;
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat === '') return 'empty body';
  return flat.length > BODY_SNIPPET_CHARS ? `${flat.slice(0, BODY_SNIPPET_CHARS)}…` : flat;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

/** One attempt's outcome, before deciding whether to retry. */
type Attempt =
  | { type: 'response'; status: number; retryAfter: string | null; body: string }
  | { type: 'timeout' }
  | { type: 'network'; message: string }
  | { type: 'body-failed'; status: number; message: string };

export function createTransport(options: TransportOptions): Transport {
  const { fetch, budget, now, sleep, random } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = options.deadline ?? ((ms: number) => AbortSignal.timeout(ms));
  const maxRetries = options.maxRetries ?? 3;
  const baseBackoffMs = options.baseBackoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const retryAfterDefault = { ...DEFAULT_RETRY_AFTER_MS, ...options.defaultRetryAfterMs };
  const banDefault = { ...DEFAULT_BAN_MS, ...options.defaultBanMs };

  const base = (spec: RequestSpec) => ({ exchange: spec.exchange, endpoint: spec.endpoint });

  /** Sleeps without ever rejecting, whatever the injected sleep does. */
  const pause = async (ms: number, signal?: AbortSignal): Promise<void> => {
    try {
      await sleep(ms, signal);
    } catch {
      // An aborted or failing sleep just ends the pause.
    }
  };

  /** Waits until the budget lets this request go; an error when it never will. */
  async function waitForBudget(spec: RequestSpec): Promise<ExchangeError | undefined> {
    for (;;) {
      let wait: number;
      try {
        wait = budget.reserve(spec);
      } catch (e) {
        return { ...base(spec), kind: 'rate-limited', message: `request budget failed: ${errorText(e)}` };
      }
      if (wait === 0) return undefined;
      if (!Number.isFinite(wait)) {
        const why = budget.refusal(spec) ?? 'request can never fit the rate limit';
        return { ...base(spec), kind: 'rate-limited', message: `not sent: ${why}` };
      }
      if (wait > maxWaitMs) {
        const reason = budget.status()[spec.exchange].reason;
        return {
          ...base(spec),
          kind: 'rate-limited',
          retryAfterMs: wait,
          message: `not sent: ${spec.exchange} is held back for ${Math.ceil(wait / 1000)} s${reason ? ` (${reason})` : ''}`,
        };
      }
      await pause(wait);
    }
  }

  /**
   * One GET under one deadline signal: fetch aborts on it, and so does reading the body, so a
   * stalled connection and a body that stops arriving both end as a timeout.
   */
  async function attempt(spec: RequestSpec): Promise<Attempt> {
    const signal = deadline(timeoutMs);
    let response: HttpResponse;
    try {
      response = await fetch(spec.url, { signal });
    } catch (e) {
      if (signal.aborted) return { type: 'timeout' };
      return { type: 'network', message: errorText(e) };
    }
    let status: number;
    let retryAfter: string | null;
    try {
      status = response.status;
      retryAfter = response.headers.get('retry-after');
    } catch (e) {
      return { type: 'network', message: `unreadable response: ${errorText(e)}` };
    }
    try {
      const body = await response.text();
      return { type: 'response', status, retryAfter, body };
    } catch (e) {
      if (signal.aborted) return { type: 'timeout' };
      return { type: 'body-failed', status, message: errorText(e) };
    }
  }

  /** Turns one attempt into a final answer, or `retry` with the error to give if retries run out. */
  function judge(spec: RequestSpec, a: Attempt): { done: ExchangeResult<string> } | { retry: ExchangeError } {
    switch (a.type) {
      case 'timeout':
        return {
          retry: { ...base(spec), kind: 'timeout', message: `no complete response within ${timeoutMs} ms` },
        };
      case 'network':
        return { retry: { ...base(spec), kind: 'network', message: a.message } };
      case 'body-failed':
        return {
          retry: {
            ...base(spec),
            kind: 'network',
            status: a.status,
            message: `response body broke off: ${a.message}`,
          },
        };
      case 'response':
        return judgeResponse(spec, a);
    }
  }

  function judgeResponse(
    spec: RequestSpec,
    a: Extract<Attempt, { type: 'response' }>,
  ): { done: ExchangeResult<string> } | { retry: ExchangeError } {
    const { status, body } = a;
    if (status >= 200 && status < 300) return { done: ok(body) };
    const told = parseRetryAfter(a.retryAfter, now());
    /** Stops the whole exchange for as long as it asked (or its default), and says so. */
    const blocked = (
      kind: 'rate-limited' | 'banned',
      fallbackMs: number,
      reason: string,
      waiting: string,
    ) => {
      const waitMs = Math.max(MIN_RETRY_AFTER_MS, told ?? fallbackMs);
      budget.block(spec.exchange, now() + waitMs, reason);
      const message = `${waiting} ${Math.ceil(waitMs / 1000)} s: ${describeBody(body)}`;
      return { done: fail({ ...base(spec), kind, status, retryAfterMs: waitMs, message }) };
    };
    if (status === 429) {
      const reason = `HTTP 429 rate limited on ${spec.endpoint}`;
      return blocked('rate-limited', retryAfterDefault[spec.exchange], reason, 'too many requests, waiting');
    }
    if (status === 418 || status === 403) {
      const what = status === 418 ? 'IP banned' : 'access refused (IP over its limit)';
      return blocked('banned', banDefault[spec.exchange], `HTTP ${status} ${what}`, `${what} for`);
    }
    if (status >= 500 && status < 600) {
      return { retry: { ...base(spec), kind: 'server', status, message: describeBody(body) } };
    }
    return { done: fail({ ...base(spec), kind: 'http', status, message: describeBody(body) }) };
  }

  async function get(spec: RequestSpec): Promise<ExchangeResult<string>> {
    try {
      for (let n = 0; ; n++) {
        const refused = await waitForBudget(spec);
        if (refused) return fail(refused);
        const verdict = judge(spec, await attempt(spec));
        if ('done' in verdict) return verdict.done;
        if (n >= maxRetries) return fail(verdict.retry);
        const ceiling = Math.min(maxBackoffMs, baseBackoffMs * 2 ** n);
        const r = random();
        const jitter = Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 1;
        await pause(jitter * ceiling);
      }
    } catch (e) {
      // Only an injected dependency misbehaving in an unforeseen way gets here.
      return fail({ ...base(spec), kind: 'network', message: `transport failure: ${errorText(e)}` });
    }
  }

  return { get };
}

/** A Sleep on real timers, for production wiring. */
export const timerSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const id = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(id);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
