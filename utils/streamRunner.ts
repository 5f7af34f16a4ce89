import type { StreamEvent } from '@/core/exchanges/adapter';
import type { ExchangeId } from '@/core/exchanges/types';
import type { StreamProfile } from '@/core/streams/streamProfiles';
import {
  defaultStreamConfig,
  initialStreamState,
  type StreamSessionEffect,
  type StreamSessionEvent,
  type StreamSessionState,
  type StreamTimer,
  stepStream,
} from '@/core/streams/streamSession';

/** A stretch a stream missed, from its last frame to the next open (local ms). */
export interface StreamGap {
  exchange: ExchangeId;
  from: number;
  to: number;
  restAvailable: boolean;
}

export interface StreamRunnerHooks {
  onEvents(profile: StreamProfile, events: StreamEvent[]): void;
  onGap?(gap: StreamGap): void;
  /** The socket opened (subscribe messages are sent right after). */
  onOpen?(profile: StreamProfile): void;
  /** The socket is gone, whoever closed it; the session reconnects after its backoff. */
  onClose?(profile: StreamProfile, reason: string): void;
}

/**
 * Runs one WebSocket for one stream profile: the pure session (core/streams/streamSession.ts)
 * decides, this only carries out its effects (sockets, timers) and hands parsed events on. Shared by
 * the liquidation/price streams (utils/streams.ts) and the order books (utils/depthStreams.ts).
 */
export class StreamRunner {
  private state: StreamSessionState = initialStreamState();
  private socket: WebSocket | undefined;
  private readonly timers = new Map<StreamTimer, ReturnType<typeof setTimeout>>();
  private readonly config;

  constructor(
    readonly profile: StreamProfile,
    private readonly hooks: StreamRunnerHooks,
  ) {
    this.config = defaultStreamConfig(profile);
  }

  get liveUntil(): number | undefined {
    return this.state.liveUntil;
  }

  get phase(): StreamSessionState['phase'] {
    return this.state.phase;
  }

  get counts(): StreamSessionState['counts'] {
    return this.state.counts;
  }

  start(resumeFrom?: number): void {
    this.feed({ type: 'start', now: Date.now(), ...(resumeFrom !== undefined ? { resumeFrom } : {}) });
  }

  stop(): void {
    this.feed({ type: 'stop', now: Date.now() });
  }

  /**
   * Drops the socket and lets the session reconnect after its backoff: what a book that lost its
   * sequence needs, since a fresh subscription starts with a fresh snapshot.
   */
  restart(reason: string): void {
    if (this.state.phase !== 'open' && this.state.phase !== 'connecting') return;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
    this.hooks.onClose?.(this.profile, reason);
    this.feed({ type: 'closed', now: Date.now(), reason });
  }

  private feed(event: StreamSessionEvent): void {
    const next = stepStream(this.state, event, this.config);
    this.state = next.state;
    for (const effect of next.effects) this.run(effect);
  }

  private run(effect: StreamSessionEffect): void {
    switch (effect.type) {
      case 'open': {
        const socket = new WebSocket(effect.url);
        this.socket = socket;
        socket.onopen = () => {
          if (socket !== this.socket) return;
          this.hooks.onOpen?.(this.profile);
          this.feed({ type: 'opened', now: Date.now() });
        };
        socket.onmessage = (m) =>
          socket === this.socket &&
          typeof m.data === 'string' &&
          this.feed({ type: 'frame', now: Date.now(), text: m.data });
        socket.onclose = (e) => {
          if (socket !== this.socket) return;
          this.hooks.onClose?.(this.profile, `closed (code ${e.code}${e.reason ? `: ${e.reason}` : ''})`);
          this.feed({ type: 'closed', now: Date.now(), code: e.code, reason: e.reason });
        };
        return;
      }
      case 'send':
        if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(effect.text);
        return;
      case 'close': {
        const socket = this.socket;
        this.socket = undefined;
        socket?.close();
        if (socket && effect.reason !== 'stopped') this.hooks.onClose?.(this.profile, effect.reason);
        return;
      }
      case 'schedule': {
        clearTimeout(this.timers.get(effect.timer));
        this.timers.set(
          effect.timer,
          setTimeout(() => this.feed({ type: 'timer', now: Date.now(), timer: effect.timer }), effect.ms),
        );
        return;
      }
      case 'cancel-timers':
        for (const id of this.timers.values()) clearTimeout(id);
        this.timers.clear();
        return;
      case 'events':
        this.hooks.onEvents(this.profile, effect.events);
        return;
      case 'catch-up':
        this.hooks.onGap?.({
          exchange: this.profile.exchange,
          from: effect.from,
          to: effect.to,
          restAvailable: effect.restAvailable,
        });
        return;
    }
  }
}
