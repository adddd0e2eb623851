/**
 * A coordinator's side of a Ferry queue: adds jobs under ids derived from their results (adding an id already there
 * adds nothing), and waits for them from what Redis holds — events as they come, and a periodic look at each job's
 * state, so that jobs finished while the coordinator was down are seen too. A job that failed for good is retried
 * when it is added again, since re-adding is how a coordinator resumes.
 */
import type { Queue, QueueEvents } from 'bullmq';
import { DistributedJobFailedError } from './errors.ts';
import { DEFAULT_QUEUE, type FerryJobData, jobIdOf } from './jobs.ts';
import { connectRedis, loadBullMQ, type RedisClient } from './redisConnection.ts';

/** Jobs added per round trip. */
const ADD_BULK = 500;
/** Finished jobs that no coordinator removed are dropped by BullMQ after a week. */
const KEEP_FINISHED_S = 7 * 24 * 3600;
/** Jobs whose state one poll reads, besides events (Redis commands per poll tick). */
const POLL_BATCH = 100;

/** How a coordinator connects to a queue. */
export interface QueueConnectionOptions {
  /** `redis://host:port` of the queue's Redis. */
  readonly redis: string;
  /** The queue's name (default `ferry`). */
  readonly queue?: string;
  /** Attempts per job before it fails for good (default 3; stalls are counted apart, see the worker). */
  readonly attempts?: number;
  /** How often unfinished jobs' states are read besides events, up to 100 jobs a time (default 2 000 ms). */
  readonly pollMs?: number;
  /** How long to wait for Redis at start (default 10 000 ms). */
  readonly connectTimeoutMs?: number;
}

/** See the module comment. */
export class JobQueue {
  private constructor(
    readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly clients: RedisClient[],
    private readonly attempts: number,
    private readonly pollMs: number,
  ) {}

  /** Connects (a `RedisConnectionError` when Redis does not answer). */
  static async open(options: QueueConnectionOptions): Promise<JobQueue> {
    const { Queue, QueueEvents } = await loadBullMQ();
    const connect = () => connectRedis(options.redis, { connectTimeoutMs: options.connectTimeoutMs });
    const [a, b] = await Promise.all([connect(), connect()]);
    const name = options.queue ?? DEFAULT_QUEUE;
    const queue = new Queue(name, { connection: a });
    const events = new QueueEvents(name, { connection: b });
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new JobQueue(queue, events, [a, b], options.attempts ?? 3, options.pollMs ?? 2_000);
  }

  /** Adds `data` under its id, or retries it when a job with that id failed for good. Returns the id. */
  async add(data: FerryJobData): Promise<string> {
    return (await this.addAll([data]))[0];
  }

  /**
   * Adds every job (in bulks of {@link ADD_BULK}), each under its id; jobs with those ids that failed for good are
   * retried. Returns the ids, in order.
   */
  async addAll(jobs: readonly FerryJobData[]): Promise<string[]> {
    const ids: string[] = [];
    for (let start = 0; start < jobs.length; start += ADD_BULK) {
      const bulk = jobs.slice(start, start + ADD_BULK).map((data) => ({
        name: data.kind,
        data,
        opts: {
          jobId: jobIdOf(data),
          attempts: this.attempts,
          backoff: { type: 'exponential', delay: 500 },
          // Coordinators remove their jobs when done; these bound what an abandoned run leaves in Redis.
          removeOnComplete: { age: KEEP_FINISHED_S },
          removeOnFail: { age: KEEP_FINISHED_S },
        },
      }));
      const added = await this.queue.addBulk(bulk);
      // ZSCOREs, O(log n) each: `getState` would read the whole wait list for every job.
      const failed = await Promise.all(added.map((job) => job.isFailed()));
      for (const [i, job] of added.entries()) if (failed[i]) await job.retry('failed');
      ids.push(...bulk.map((b) => b.opts.jobId));
    }
    return ids;
  }

  /**
   * Waits until every job in `ids` completed; `onDone` gets each one's id and return value as it completes, and may
   * answer ids to stop waiting for. The first job that fails for good rejects with a {@link DistributedJobFailedError}
   * naming it.
   */
  async waitAll(
    ids: readonly string[],
    onDone: (id: string, result: unknown) => readonly string[] | Promise<readonly string[]>,
  ): Promise<void> {
    const pending = new Set(ids);
    if (pending.size === 0) return;
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.events.off('completed', onCompleted);
        this.events.off('failed', onFailed);
        if (error === undefined) resolve();
        else reject(error);
      };
      // A job leaves `pending` only once its onDone has finished, so that the wait ends after the last one.
      const seen = new Set<string>();
      const complete = async (id: string, result: unknown) => {
        if (!pending.has(id) || seen.has(id)) return;
        seen.add(id);
        try {
          for (const dropped of await onDone(id, result)) if (!seen.has(dropped)) pending.delete(dropped);
        } catch (error) {
          finish(error);
          return;
        }
        pending.delete(id);
        if (pending.size === 0) finish();
      };
      // Whether it finished (ZSCOREs, O(log n)), then the job read again: a job read before it finished has no result.
      const check = async (id: string) => {
        const job = await this.queue.getJob(id);
        if (!job) return;
        const completed = await job.isCompleted();
        if (!completed && !(await job.isFailed())) return;
        const finished = await this.queue.getJob(id);
        if (!finished) return;
        if (completed) await complete(id, finished.returnvalue);
        else if (pending.has(id) && !seen.has(id)) {
          finish(new DistributedJobFailedError(id, finished.failedReason, finished.attemptsMade));
        }
      };
      const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) => {
        if (pending.has(jobId)) void complete(jobId, parseReturn(returnvalue));
      };
      const onFailed = ({ jobId }: { jobId: string }) => {
        if (pending.has(jobId)) check(jobId).catch(finish);
      };
      this.events.on('completed', onCompleted);
      this.events.on('failed', onFailed);
      // Every job at the start (those finished while no one listened), then up to POLL_BATCH per tick, in turn.
      let cursor = 0;
      const poll = async (all: boolean) => {
        const ids = [...pending];
        const count = all ? ids.length : Math.min(POLL_BATCH, ids.length);
        for (let i = 0; i < count && !settled; i++) await check(ids[(cursor + i) % ids.length]);
        cursor += count;
        if (!settled) timer = setTimeout(() => poll(false).catch(finish), this.pollMs);
      };
      poll(true).catch(finish);
    });
  }

  /** Removes the jobs of `ids` still waiting to run (not those running); answers the ids removed. */
  async dropWaiting(ids: readonly string[]): Promise<string[]> {
    const dropped: string[] = [];
    for (const id of ids) {
      const job = await this.queue.getJob(id);
      if (!job || (await job.isActive()) || (await job.isCompleted()) || (await job.isFailed())) continue;
      try {
        await job.remove();
        dropped.push(id);
      } catch {
        // Taken by a worker meanwhile (BullMQ refuses to remove a locked job): it runs, and is waited for.
      }
    }
    return dropped;
  }

  /** Removes finished jobs of `ids` from Redis (their results stay in storage). */
  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.queue.remove(id);
  }

  /** Disconnects. */
  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
    for (const c of this.clients) await c.quit().catch(() => c.disconnect());
  }
}

/** QueueEvents hands return values over as JSON text. */
function parseReturn(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
