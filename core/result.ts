/**
 * The one result type of the project: a value, or the reason there is none. Parsers, mappers,
 * the engine's checks and the command-line argument readers all return it instead of throwing
 * past their layer. The error defaults to a sentence; the exchange layer uses `ExchangeError`.
 */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
