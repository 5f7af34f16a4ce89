/** The worker's one-minute poll. */
export const POLL_ALARM = 'heatbands-poll';

/**
 * Creates the poll alarm unless it already exists. Creating an alarm replaces one of the same
 * name and restarts its period, so re-creating it every time the worker wakes (every message,
 * every settings change) could push the next poll out forever.
 */
export async function ensurePollAlarm(): Promise<void> {
  if (await browser.alarms.get(POLL_ALARM)) return;
  await browser.alarms.create(POLL_ALARM, { periodInMinutes: 1 });
}
