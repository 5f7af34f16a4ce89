import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ensurePollAlarm, POLL_ALARM } from './pollAlarm';

describe('ensurePollAlarm', () => {
  beforeEach(() => fakeBrowser.reset());

  it('creates the one-minute poll when there is none', async () => {
    await ensurePollAlarm();
    const alarm = await fakeBrowser.alarms.get(POLL_ALARM);
    expect(alarm?.periodInMinutes).toBe(1);
  });

  it('leaves a running poll alone when the worker wakes again, so its next firing is not pushed back', async () => {
    await fakeBrowser.alarms.create(POLL_ALARM, { periodInMinutes: 1, when: 1_000 });
    await ensurePollAlarm();
    const alarm = await fakeBrowser.alarms.get(POLL_ALARM);
    expect(alarm?.scheduledTime).toBe(1_000);
  });
});
