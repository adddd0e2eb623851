/**
 * A worker of a Ferry queue (what `ferry worker` runs): pulls trial, refit and transform jobs from BullMQ, loads
 * steps and data from shared storage, fits or transforms, writes the result back, and answers a summary. BullMQ holds
 * a lock on each job it runs and renews it; a worker that dies (SIGKILL, a lost machine) stops renewing, and another
 * worker's stalled-job check moves the job back to the queue to run again (`stalledIntervalMs`, `maxStalledCount`).
 */
import type { Job } from 'bullmq';
import { isFerryError } from '../../errors/FerryError.ts';
import type { StorageAdapter } from '../../storage/StorageAdapter.ts';
import { DEFAULT_QUEUE, parseJobData } from '../jobs.ts';
import { connectRedis, loadBullMQ, type RedisClient, redactRedisUrl } from '../redisConnection.ts';
import type { JobContext, WorkerEvent } from './JobContext.ts';
import { runRefitJob } from './refitJob.ts';
import { runTransformJob } from './transformJob.ts';
import { runTrialJob } from './trialJob.ts';

export type { WorkerEvent } from './JobContext.ts';

/** Options of {@link DistributedWorker.start}. */
export interface DistributedWorkerOptions {
  /** `redis://host:port` of the queue's Redis. */
  readonly redis: string;
  /** The shared storage that jobs' keys name. */
  readonly storage: StorageAdapter;
  /** The queue's name (default `ferry`). */
  readonly queue?: string;
  /** Jobs run at once (default 1); compute runs one at a time, storage I/O of the others overlaps it. */
  readonly concurrency?: number;
  /** How long a job's lock lasts without renewal (default 30 000 ms; renewed every half of it). */
  readonly lockDurationMs?: number;
  /** How often this worker looks for stalled jobs, those whose worker stopped renewing (default 30 000 ms). */
  readonly stalledIntervalMs?: number;
  /** How many stalls a job survives before it fails (default 2). */
  readonly maxStalledCount?: number;
  /** How long to wait for Redis at start (default 10 000 ms). */
  readonly connectTimeoutMs?: number;
  /** Every start, write, skip, end and failure of a job. */
  readonly onEvent?: (event: WorkerEvent) => void;
}

/** Ferry error codes worth a retry: storage that may answer next time. Other Ferry errors fail the job at once. */
const TRANSIENT_CODES = new Set([
  'FERRY_STORAGE_TIMEOUT',
  'FERRY_S3_THROTTLED',
  'FERRY_S3_STORAGE',
  'FERRY_S3_CHECKSUM',
  'FERRY_CONCURRENT_SAVE',
]);

/** See the module comment. */
export class DistributedWorker {
  private constructor(
    private readonly worker: { close(force?: boolean): Promise<void> },
    private readonly client: RedisClient,
    private readonly emit: (event: WorkerEvent) => void,
  ) {}

  /** Connects to Redis (a `RedisConnectionError` when it does not answer) and starts pulling jobs. */
  static async start(options: DistributedWorkerOptions): Promise<DistributedWorker> {
    const emit = options.onEvent ?? (() => {});
    const { Worker, UnrecoverableError } = await loadBullMQ();
    const client = await connectRedis(options.redis, {
      connectTimeoutMs: options.connectTimeoutMs,
      onError: (error) => emit({ event: 'failed', reason: `redis ${redactRedisUrl(options.redis)}: ${error.message}` }),
    });
    const lockDuration = options.lockDurationMs ?? 30_000;
    const cache = new Map<string, Promise<unknown>>();
    let computing: Promise<unknown> = Promise.resolve();
    const compute = <T>(work: () => Promise<T>): Promise<T> => {
      const run = computing.then(work, work);
      computing = run.catch(() => {});
      return run;
    };
    const processor = async (job: Job, token?: string): Promise<unknown> => {
      const id = job.id ?? '';
      const started = performance.now();
      emit({ event: 'start', job: id });
      const context: JobContext = {
        storage: options.storage,
        cache,
        attempt: Math.max(1, job.attemptsStarted),
        assertOwner: async () => {
          if (token === undefined) return;
          if ((await job.extendLock(token, lockDuration)) !== 1) {
            throw new Error(`job ${id}: this worker lost its lock (the job stalled and runs elsewhere)`);
          }
        },
        compute,
        emit,
      };
      try {
        const data = parseJobData(id, job.data);
        const result =
          data.kind === 'trial'
            ? await runTrialJob(id, data, context)
            : data.kind === 'refit'
              ? await runRefitJob(id, data, context)
              : await runTransformJob(id, data, context);
        emit({ event: 'done', job: id, ms: performance.now() - started });
        return result;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        emit({ event: 'failed', job: id, reason: message, ms: performance.now() - started });
        if (isFerryError(error) && !TRANSIENT_CODES.has(error.code)) {
          throw new UnrecoverableError(`${error.name} [${error.code}]: ${message}`);
        }
        throw error;
      }
    };
    const worker = new Worker(options.queue ?? DEFAULT_QUEUE, processor, {
      connection: client,
      concurrency: options.concurrency ?? 1,
      lockDuration,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 2,
    });
    worker.on('error', (error: Error) => emit({ event: 'failed', reason: error.message }));
    await worker.waitUntilReady();
    emit({ event: 'ready' });
    return new DistributedWorker(worker, client, emit);
  }

  /** Finishes the jobs in progress (or abandons them with `force`, to be re-run elsewhere), then disconnects. */
  async close(force = false): Promise<void> {
    await this.worker.close(force);
    await this.client.quit().catch(() => this.client.disconnect());
    this.emit({ event: 'closed' });
  }
}
