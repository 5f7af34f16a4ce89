/**
 * A subscriber's WebSocket message as an object whose fields the session checks one by one, or
 * undefined when the text is not JSON. JSON that is not an object has no fields.
 */
export function clientMessage(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}
