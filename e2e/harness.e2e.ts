import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LaunchedExtension,
  launchExtension,
  listIndexedDbDatabases,
  messageServiceWorker,
  openPopup,
  readIndexedDbStore,
  ServiceWorkerControl,
} from '../tools/browser';

/** The harness's own promises, checked against the real browser so that later tests can lean on them. */
describe('the e2e harness', () => {
  let ext: LaunchedExtension;

  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => {
    const dir = ext?.userDataDir;
    await ext?.close();
    if (dir) expect(existsSync(dir)).toBe(false);
  });

  it('stops the service worker and sees it come back when a page messages it', async () => {
    const control = await ServiceWorkerControl.attach(ext);
    const popup = await openPopup(ext);
    try {
      await control.waitFor('running');
      await ext.serviceWorker.evaluate('globalThis.__e2eMarker = "before stop"');

      await control.stop();
      expect(control.status()).toBe('stopped');

      // A message from an extension page wakes the worker, as it would wake a real idle one.
      await messageServiceWorker(popup, { type: 'e2e:wake' });
      await control.waitFor('running');
      const worker = ext.currentServiceWorker();
      expect(worker).toBeDefined();
      // A fresh global scope: the worker really restarted, memory is gone.
      expect(await worker!.evaluate('globalThis.__e2eMarker')).toBeUndefined();
      expect(control.history).toEqual(expect.arrayContaining(['stopping', 'stopped', 'starting', 'running']));
    } finally {
      await popup.close();
      await control.detach();
    }
  });

  it("reads every record of an IndexedDB store from the worker's origin", async () => {
    await ext.serviceWorker.evaluate(`new Promise((resolve, reject) => {
      const request = indexedDB.open('e2e-probe', 3);
      request.onupgradeneeded = () => request.result.createObjectStore('snapshots', { keyPath: 'at' });
      request.onsuccess = () => {
        const db = request.result;
        const tx = db.transaction('snapshots', 'readwrite');
        tx.objectStore('snapshots').put({ at: 1, price: '64117.7' });
        tx.objectStore('snapshots').put({ at: 2, price: '64050.8' });
        tx.oncomplete = () => { db.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
      request.onerror = () => reject(request.error);
    })`);
    const read = await readIndexedDbStore<{ at: number; price: string }>(
      ext.serviceWorker,
      'e2e-probe',
      'snapshots',
    );
    expect(read).toEqual({
      found: true,
      version: 3,
      records: [
        { at: 1, price: '64117.7' },
        { at: 2, price: '64050.8' },
      ],
    });
    const missingStore = await readIndexedDbStore(ext.serviceWorker, 'e2e-probe', 'zones');
    expect(missingStore).toMatchObject({ found: false, reason: expect.stringContaining('no store zones') });
  });

  it('never creates a database it was asked to read', async () => {
    const read = await readIndexedDbStore(ext.serviceWorker, 'heatbands-not-there', 'bars');
    expect(read).toEqual({ found: false, reason: 'no database heatbands-not-there' });
    const names = (await listIndexedDbDatabases(ext.serviceWorker)).map((d) => d.name);
    expect(names).not.toContain('heatbands-not-there');
  });
});
