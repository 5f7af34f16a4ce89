import type { StreamEvent } from '../exchanges/adapter';
import type { ExchangeError } from '../exchanges/errors';
import type { StreamProfile } from './streamProfiles';

/**
 * One WebSocket connection's life, as an explicit state machine (like core/overlay/overlayMachine.ts):
 * every input (start, the socket opening, a frame, the socket closing, a timer firing, stop) is an
 * event; `stepStream` returns the next state and the effects to run. The worker only runs those
 * effects (opens the socket, sends, closes, sets timers, fills gaps by REST, stores events), so
 * heartbeats, half-open detection, backoff and gap bookkeeping are all tested here without a socket.
 *
 * Times are the machine's local clock (ms). A `catch-up` range is in local time too: convert it
 * with the exchange's clock offset (core/exchanges/<exchange>/serverTime.ts) before asking REST.
 */

/** Reconnect backoff: equal jitter, delay = d/2 + random·d/2 with d = min(cap, base·2^attempt). */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** A connection open this long counts as stable: the next failure starts again from `baseMs`. */
  stableMs: number;
}

/**
 * 1 s first retry (a blip reconnects at once); cap 60 s (an exchange outage or a ban is not
 * hammered, and a minute's gap is refilled by catch-up); stable after 60 s open (a socket that the
 * server accepts then drops at once keeps backing off instead of looping at 1 s).
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000, stableMs: 60_000 };

/** A socket that has not opened after 10 s is given up and retried (a stalled TLS or proxy). */
export const CONNECT_TIMEOUT_MS = 10_000;

/** The catch-up range starts this long before the last frame seen: REST overlap is deduplicated on write. */
export const CATCH_UP_OVERLAP_MS = 5_000;

export interface StreamSessionConfig {
  profile: StreamProfile;
  backoff: BackoffPolicy;
  connectTimeoutMs: number;
  /** Uniform in [0, 1): Math.random in the worker, a fixed sequence in tests. */
  random: () => number;
}

export type StreamPhase = 'idle' | 'connecting' | 'open' | 'waiting' | 'stopped';

export interface StreamSessionState {
  phase: StreamPhase;
  /** Failed connections since the last stable one: the backoff exponent. */
  attempt: number;
  /** When the current socket opened (phase 'open'). */
  openedAt: number | undefined;
  /**
   * The last moment the stream is known to have been live: the last frame received, or the
   * `resumeFrom` a restarted worker passes in. A gap runs from here to the next open. The worker
   * persists this so a restart can ask for the gap it left.
   */
  liveUntil: number | undefined;
  /** When the last frame arrived on the current socket. */
  lastFrameAt: number | undefined;
  counts: { frames: number; events: number; ignored: number; malformed: number; reconnects: number };
  lastError: ExchangeError | undefined;
}

export type StreamTimer = 'heartbeat' | 'watchdog' | 'reconnect';

export type StreamSessionEvent =
  /** Start streaming. `resumeFrom`: the persisted `liveUntil` of an earlier worker, if any. */
  | { type: 'start'; now: number; resumeFrom?: number }
  | { type: 'opened'; now: number }
  | { type: 'frame'; now: number; text: string }
  /** The socket closed or failed, whoever closed it. */
  | { type: 'closed'; now: number; code?: number; reason?: string }
  /** A timer set by a `schedule` effect fired. */
  | { type: 'timer'; now: number; timer: StreamTimer }
  | { type: 'stop'; now: number };

export type CloseReason = 'half-open' | 'connect-timeout' | 'stopped';

export type StreamSessionEffect =
  | { type: 'open'; url: string }
  | { type: 'send'; text: string }
  | { type: 'close'; reason: CloseReason }
  /** Set the timer `timer` to fire in `ms`, replacing any pending timer of that name. */
  | { type: 'schedule'; timer: StreamTimer; ms: number }
  /** Clear every pending timer of this session. */
  | { type: 'cancel-timers' }
  /** Parsed events from one frame, in frame order: liquidations to store, candles and marks to show. */
  | { type: 'events'; events: StreamEvent[] }
  /**
   * The stream missed [from, to] (local ms). Candles can always be refilled by the regular sync;
   * liquidations only where `restAvailable` (OKX). Binance and Bybit publish no liquidation history,
   * so their gap stays a gap: say so wherever counts are shown.
   */
  | { type: 'catch-up'; from: number; to: number; topics: StreamProfile['topics']; restAvailable: boolean };

export interface StreamStep {
  state: StreamSessionState;
  effects: StreamSessionEffect[];
}

export function initialStreamState(): StreamSessionState {
  return {
    phase: 'idle',
    attempt: 0,
    openedAt: undefined,
    liveUntil: undefined,
    lastFrameAt: undefined,
    counts: { frames: 0, events: 0, ignored: 0, malformed: 0, reconnects: 0 },
    lastError: undefined,
  };
}

export function defaultStreamConfig(
  profile: StreamProfile,
  random: () => number = Math.random,
): StreamSessionConfig {
  return { profile, backoff: DEFAULT_BACKOFF, connectTimeoutMs: CONNECT_TIMEOUT_MS, random };
}

/** The delay before reconnect number `attempt` (0-based), jittered into [d/2, d). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const d = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(d / 2 + (r * d) / 2);
}

function connect(state: StreamSessionState, config: StreamSessionConfig): StreamStep {
  return {
    state: { ...state, phase: 'connecting', openedAt: undefined, lastFrameAt: undefined },
    effects: [
      { type: 'open', url: config.profile.url },
      { type: 'schedule', timer: 'watchdog', ms: config.connectTimeoutMs },
    ],
  };
}

/** The socket is gone (dropped, half-open or never opened): wait out the backoff, then reconnect. */
function lost(
  state: StreamSessionState,
  now: number,
  config: StreamSessionConfig,
  closeReason: CloseReason | undefined,
): StreamStep {
  const stable = state.openedAt !== undefined && now - state.openedAt >= config.backoff.stableMs;
  const attempt = stable ? 0 : state.attempt;
  const delay = backoffDelay(config.backoff, attempt, config.random);
  const effects: StreamSessionEffect[] = [{ type: 'cancel-timers' }];
  if (closeReason) effects.push({ type: 'close', reason: closeReason });
  effects.push({ type: 'schedule', timer: 'reconnect', ms: delay });
  return {
    state: {
      ...state,
      phase: 'waiting',
      attempt: attempt + 1,
      openedAt: undefined,
      lastFrameAt: undefined,
      counts: { ...state.counts, reconnects: state.counts.reconnects + 1 },
    },
    effects,
  };
}

function onFrame(
  state: StreamSessionState,
  now: number,
  text: string,
  config: StreamSessionConfig,
): StreamStep {
  const counts = { ...state.counts, frames: state.counts.frames + 1 };
  const next: StreamSessionState = { ...state, counts, lastFrameAt: now, liveUntil: now };
  const parsed = config.profile.parse(text);
  if (!parsed.ok) {
    // A frame we cannot read is counted and skipped; one bad frame must not cost the connection.
    counts.malformed++;
    return { state: { ...next, lastError: parsed.error }, effects: [] };
  }
  const events = parsed.value.filter((e) => e.type !== 'ignored');
  counts.ignored += parsed.value.length - events.length;
  counts.events += events.length;
  return { state: next, effects: events.length > 0 ? [{ type: 'events', events }] : [] };
}

export function stepStream(
  state: StreamSessionState,
  event: StreamSessionEvent,
  config: StreamSessionConfig,
): StreamStep {
  const none: StreamStep = { state, effects: [] };
  switch (event.type) {
    case 'start': {
      if (state.phase !== 'idle' && state.phase !== 'stopped') return none;
      const liveUntil = event.resumeFrom ?? state.liveUntil;
      return connect({ ...state, attempt: 0, liveUntil }, config);
    }

    case 'stop':
      if (state.phase === 'stopped' || state.phase === 'idle')
        return { state: { ...state, phase: 'stopped' }, effects: [] };
      return {
        state: { ...state, phase: 'stopped', openedAt: undefined, lastFrameAt: undefined },
        effects: [
          { type: 'cancel-timers' },
          ...(state.phase === 'waiting' ? [] : [{ type: 'close', reason: 'stopped' } as const]),
        ],
      };

    case 'opened': {
      if (state.phase !== 'connecting') return none;
      const { profile } = config;
      const effects: StreamSessionEffect[] = profile.subscribeMessages.map((text) => ({
        type: 'send',
        text,
      }));
      effects.push({ type: 'schedule', timer: 'watchdog', ms: profile.silenceMs });
      if (profile.heartbeat)
        effects.push({ type: 'schedule', timer: 'heartbeat', ms: profile.heartbeat.intervalMs });
      if (state.liveUntil !== undefined && event.now > state.liveUntil) {
        effects.push({
          type: 'catch-up',
          from: Math.max(0, state.liveUntil - CATCH_UP_OVERLAP_MS),
          to: event.now,
          topics: profile.topics,
          restAvailable: profile.liquidationsRestAvailable && profile.topics.includes('liquidations'),
        });
      }
      return {
        state: { ...state, phase: 'open', openedAt: event.now, lastFrameAt: event.now },
        effects,
      };
    }

    case 'frame':
      if (state.phase !== 'open') return none;
      return onFrame(state, event.now, event.text, config);

    case 'closed':
      if (state.phase !== 'open' && state.phase !== 'connecting') return none;
      return lost(state, event.now, config, undefined);

    case 'timer':
      switch (event.timer) {
        case 'reconnect':
          return state.phase === 'waiting' ? connect(state, config) : none;
        case 'heartbeat': {
          const beat = config.profile.heartbeat;
          if (state.phase !== 'open' || !beat) return none;
          return {
            state,
            effects: [
              { type: 'send', text: beat.message },
              { type: 'schedule', timer: 'heartbeat', ms: beat.intervalMs },
            ],
          };
        }
        case 'watchdog': {
          if (state.phase === 'connecting') return lost(state, event.now, config, 'connect-timeout');
          if (state.phase !== 'open') return none;
          // The timer is set once per silence window, not per frame: at 1,000 frames a second
          // re-arming it on each would be 1,000 timer resets.
          const quietFor = event.now - (state.lastFrameAt ?? state.openedAt ?? event.now);
          const left = config.profile.silenceMs - quietFor;
          if (left > 0) return { state, effects: [{ type: 'schedule', timer: 'watchdog', ms: left }] };
          return lost(state, event.now, config, 'half-open');
        }
      }
  }
}
