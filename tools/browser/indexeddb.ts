import type { Worker } from 'playwright-core';

/**
 * Runs inside the worker. It never creates or upgrades a database: a probe that opened a missing
 * database would create it at version 1 and the extension's own upgrade would then never run.
 * Written as source text, not a function, so that no transpiler helper leaks into the worker.
 */
const READ_STORE = `async ({ dbName, storeName }) => {
  const known = await indexedDB.databases();
  if (!known.some((d) => d.name === dbName)) return { found: false, reason: 'no database ' + dbName };
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(dbName);
    request.onupgradeneeded = () => request.transaction.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    if (!db.objectStoreNames.contains(storeName)) {
      return { found: false, reason: 'no store ' + storeName + ' in ' + dbName + ' (stores: ' + [...db.objectStoreNames].join(', ') + ')' };
    }
    const records = await new Promise((resolve, reject) => {
      const request = db.transaction(storeName, 'readonly').objectStore(storeName).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return { found: true, version: db.version, records };
  } finally {
    db.close();
  }
}`;

export type StoreRead<T> = { found: true; version: number; records: T[] } | { found: false; reason: string };

/** All records of one object store of one IndexedDB database of the extension, read in the worker. */
export async function readIndexedDbStore<T = unknown>(
  worker: Worker,
  dbName: string,
  storeName: string,
): Promise<StoreRead<T>> {
  return worker.evaluate(`(${READ_STORE})(${JSON.stringify({ dbName, storeName })})`);
}

/** The extension's IndexedDB databases, by name and version. */
export async function listIndexedDbDatabases(
  worker: Worker,
): Promise<Array<{ name: string; version: number }>> {
  return worker.evaluate('indexedDB.databases()');
}
