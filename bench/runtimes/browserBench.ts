/**
 * Load benchmark runner for Chromium (bundled with `ferryml` mapped to /dist/browser/index.js):
 * `run(seed)` times loads from IndexedDbStorage against the raw read of the same bytes stored whole,
 * one value per key, in a plain object store (one `get` per file in its own transaction).
 */
import { defaultStorage, detectRuntime, type StorageAdapter } from 'ferryml';
import { type DumpFiles, type LoadBenchResult, runLoadJob } from './loadJob.ts';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Runs the benchmark in this page. */
export async function run(seed: DumpFiles): Promise<LoadBenchResult> {
  const name = `ferry-load-bench-${Date.now()}`;
  const storage = defaultStorage(name) as StorageAdapter & { destroy(): Promise<void> };
  const open = indexedDB.open(`${name}-raw`, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('raw');
  const raw = await request(open);
  try {
    return await runLoadJob({
      runtime: detectRuntime(),
      storage,
      seed,
      rawName: 'IndexedDB get (one whole value per file)',
      prepareRaw: async (key, bytes) => {
        const tx = raw.transaction('raw', 'readwrite');
        tx.objectStore('raw').put(bytes.slice().buffer, key);
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onabort = () => reject(tx.error);
        });
      },
      rawRead: async (key) => {
        const value = await request(raw.transaction('raw', 'readonly').objectStore('raw').get(key));
        return new Uint8Array(value as ArrayBuffer);
      },
    });
  } finally {
    raw.close();
    await request(indexedDB.deleteDatabase(`${name}-raw`));
    await storage.destroy();
  }
}
