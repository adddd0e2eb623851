/** What a job runner gets from the worker that pulled the job: storage, a cache, and the checks before a write. */
import type { StorageAdapter } from '../../storage/StorageAdapter.ts';

/** One thing a worker did, for logs and tests (`ferry worker --log json` prints one per line). */
export interface WorkerEvent {
  readonly event: 'start' | 'write' | 'skip' | 'done' | 'failed' | 'ready' | 'closed';
  /** The job id (absent for ready and closed). */
  readonly job?: string;
  /** The key written (write), or why a job was skipped (skip) or failed (failed). */
  readonly key?: string;
  readonly reason?: string;
  /** Wall time of the job (done, failed). */
  readonly ms?: number;
  /** The worker process. */
  readonly pid?: number;
}

/** See the module comment. */
export interface JobContext {
  readonly storage: StorageAdapter;
  /** Loaded dumps and search inputs, kept between jobs by key. */
  readonly cache: Map<string, Promise<unknown>>;
  /** How many times this job was started, this start included (stalled restarts count). */
  readonly attempt: number;
  /** Throws unless this worker still holds the job's lock: called right before a result is written. */
  readonly assertOwner: () => Promise<void>;
  /** Runs compute (fit, transform) one job at a time in this worker, while other jobs' storage I/O goes on. */
  readonly compute: <T>(work: () => Promise<T>) => Promise<T>;
  readonly emit: (event: WorkerEvent) => void;
}

/** A result written under `key` by this job: the owner check, the write, and the event. */
export async function writeResult(
  context: JobContext,
  job: string,
  key: string,
  write: () => Promise<void>,
): Promise<void> {
  await context.assertOwner();
  await write();
  context.emit({ event: 'write', job, key });
}

/** How many loaded dumps and search inputs a worker keeps (the least recently used go first). */
export const CACHE_ENTRIES = 16;

/**
 * The value cached under `key`, made by `make` on first use (a failed make is forgotten, so the next job retries).
 * At most {@link CACHE_ENTRIES} values are kept.
 */
export function cached<T>(context: JobContext, key: string, make: () => Promise<T>): Promise<T> {
  const { cache } = context;
  let entry = cache.get(key) as Promise<T> | undefined;
  if (entry) {
    cache.delete(key);
  } else {
    entry = make();
    const made = entry;
    made.catch(() => {
      if (cache.get(key) === made) cache.delete(key);
    });
  }
  cache.set(key, entry);
  while (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return entry;
}
