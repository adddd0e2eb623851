import { FerryError } from './errors/index.ts';
import type { StorageAdapter } from './storage/StorageAdapter.ts';

/** The JavaScript runtimes Ferry tells apart. */
export type RuntimeName = 'node' | 'deno' | 'bun' | 'workerd' | 'browser' | 'unknown';

interface RuntimeGlobals {
  Deno?: { version?: { deno?: string } };
  Bun?: { version?: string };
  process?: { versions?: { node?: string } };
  navigator?: { userAgent?: string };
  window?: unknown;
  WorkerGlobalScope?: unknown;
}

/**
 * Which runtime this is. The ONLY place in Ferry that asks; everything else receives what it needs
 * (storage, kernel source) from the runtime's entry file.
 */
export function detectRuntime(): RuntimeName {
  const g = globalThis as RuntimeGlobals;
  if (g.Deno?.version?.deno) return 'deno';
  if (g.Bun?.version) return 'bun';
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (g.process?.versions?.node) return 'node';
  if (g.window !== undefined || g.WorkerGlobalScope !== undefined) return 'browser';
  return 'unknown';
}

let storageFactory: ((root: string) => StorageAdapter) | undefined;

/** Called by a runtime's entry file: how `defaultStorage(root)` makes storage there. */
export function setDefaultStorageFactory(factory: (root: string) => StorageAdapter): void {
  storageFactory = factory;
}

/** The natural storage for this runtime, rooted at `root` (a folder on disk, a database name…). */
export function defaultStorage(root: string): StorageAdapter {
  if (!storageFactory) {
    throw new FerryError(
      'FERRY_NO_DEFAULT_STORAGE',
      `No default storage is configured for the "${detectRuntime()}" runtime; pass a StorageAdapter (e.g. new MemoryStorage()) instead of the path "${root}".`,
    );
  }
  return storageFactory(root);
}
