import { DEPTH_REST_PATHS } from './depth-rest';

/**
 * Fault injection, switched on per endpoint by a test. A rule matches an HTTP path exactly
 * ('/fapi/v1/klines'), a WebSocket path ('/v5/public/linear'), any stream or topic containing
 * the text ('forceOrder', 'allLiquidation', 'kline'), or everything ('*'). A rule with `times`
 * fires that many times and is then spent; without it, it fires until `clear()`.
 */
export type FaultKind =
  | 'status'
  | 'slow'
  | 'timeout'
  | 'truncated'
  | 'malformed'
  | 'html'
  | 'ws-drop'
  | 'ws-half-open'
  | 'depth-gap'
  | 'depth-malformed'
  | 'depth-stale';

export interface FaultRule {
  /** A path like '/fapi/v1/klines', or a stream/topic fragment like 'forceOrder' / 'allLiquidation', or '*'. */
  match: string;
  kind: FaultKind;
  /** HTTP status for 'status' (default 429) and 'html' (default 200); close code for 'ws-drop' (default: no close frame). */
  status?: number;
  retryAfterSec?: number;
  delayMs?: number;
  /** 'depth-stale': how old (replay ms) the REST book snapshot is; default 60 s. */
  ageMs?: number;
  times?: number;
}

const WS_KINDS: ReadonlySet<FaultKind> = new Set(['ws-drop', 'ws-half-open', 'depth-gap', 'depth-malformed']);
type WsFaultKind = 'ws-drop' | 'ws-half-open' | 'depth-gap' | 'depth-malformed';

export class FaultBook {
  private rules: FaultRule[] = [];

  add(rule: FaultRule): void {
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
      throw new Error(`fault times must be a whole number ≥ 1, got ${rule.times}`);
    }
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  /** The first HTTP rule for this path, spending one of its `times` ('depth-stale' only on book snapshots). */
  takeHttp(path: string): FaultRule | undefined {
    return this.take(
      (r) =>
        !WS_KINDS.has(r.kind) &&
        (r.match === '*' || r.match === path) &&
        (r.kind !== 'depth-stale' || DEPTH_REST_PATHS[path] !== undefined),
    );
  }

  /** The first WebSocket rule of `kind` for a connection on `path` carrying `streams`. */
  takeWs(kind: WsFaultKind, path: string, streams: readonly string[]): FaultRule | undefined {
    return this.take(
      (r) =>
        r.kind === kind &&
        (r.match === '*' ||
          r.match === path ||
          (!r.match.startsWith('/') && streams.some((s) => s.toLowerCase().includes(r.match.toLowerCase())))),
    );
  }

  private take(test: (r: FaultRule) => boolean): FaultRule | undefined {
    const i = this.rules.findIndex(test);
    if (i < 0) return undefined;
    const rule = this.rules[i]!;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) this.rules.splice(i, 1);
    }
    return rule;
  }
}
