/**
 * A fixed number of workers taking jobs from one FIFO queue. Every worker first imports the `workerModule` (which
 * registers user classes) and runs the pool's setup tasks (loading a stage's dump, a search's data); a worker that dies
 * is replaced by a new one that runs the same setup, and the job it was running is retried once.
 */
import { detectRuntime } from '../runtime.ts';
import {
  type RemoteErrorInfo,
  WorkerDiedError,
  WorkerPoolClosedError,
  WorkerStartError,
  WorkerTaskError,
} from './errors.ts';
import type { HelloMessage, ReplyMessage, TaskMessage } from './protocol.ts';
import { IMPORT_TASK } from './worker/stageTasks.ts';
import { workerEntryUrl } from './workerEntryUrl.ts';
import { spawnWorker, type WorkerLink, workerSupport } from './workerHost.ts';

/** Options of a {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Number of workers (≥ 1). */
  readonly size: number;
  /** Names the pool in errors and worker names. */
  readonly name: string;
  /** The worker entry module (default: this runtime's, see `setWorkerEntryUrl`). */
  readonly entry?: string;
  /** A module each worker imports first: where user classes are registered (`registerStep`, `registerSaver`). */
  readonly workerModule?: string;
  /** A job running longer than this counts as a dead worker (ended, replaced, retried once). Default: no limit. */
  readonly jobTimeoutMs?: number;
  /** Node.js only: the V8 old-generation limit of each worker, in MB (a worker past it dies and is replaced). */
  readonly maxOldGenerationSizeMb?: number;
}

/** What a job sends: built on each attempt, so that its buffers can be transferred and still retried. */
export type JobMessage = () => { payload: unknown; transfer: ArrayBuffer[] };

/** How a job reports a worker that died twice running it. */
export type DeathError = (reason: string) => Error;

interface Job {
  readonly task: string;
  readonly make: JobMessage;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly deathError: DeathError;
  readonly signal?: AbortSignal;
  deaths: number;
}

interface Waiting {
  readonly ok: (result: unknown) => void;
  readonly error: (info: RemoteErrorInfo) => void;
  /** The worker died first. */
  readonly died: (reason: string) => void;
}

interface PoolWorker {
  readonly id: number;
  link: WorkerLink | null;
  helloed: boolean;
  job: Job | null;
  jobMessageId: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  readonly waiting: Map<number, Waiting>;
}

interface Setup {
  readonly task: string;
  readonly payload: unknown;
}

/** Consecutive workers that died before saying hello after which the pool stops replacing them. */
const MAX_START_FAILURES = 3;

/** A pool of workers; see the module comment. `create` returns null where the runtime has no workers. */
export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly queue: Job[] = [];
  private readonly setups = new Map<string, Setup>();
  private nextMessageId = 1;
  private nextWorkerId = 1;
  private startFailures = 0;
  /** Workers that died since any worker last answered a task: a pool whose workers keep dying stops replacing them. */
  private deathsWithoutAnswer = 0;
  private brokenReason: string | undefined;
  private closed = false;
  private readonly entry: string;

  private constructor(private readonly options: WorkerPoolOptions) {
    this.entry = options.entry ?? workerEntryUrl(detectRuntime());
  }

  /** A started pool, or null when this runtime cannot start workers (workerd). */
  static create(options: WorkerPoolOptions): WorkerPool | null {
    if (workerSupport().kind === 'none') return null;
    const pool = new WorkerPool(options);
    for (let i = 0; i < options.size; i++) pool.spawn();
    return pool;
  }

  /** Number of workers the pool keeps. */
  get size(): number {
    return this.options.size;
  }

  /** Workers alive now (replacements included). */
  get aliveWorkers(): number {
    return this.workers.filter((w) => w.link !== null).length;
  }

  /**
   * Sets the setup task kept under `key` (replacing the one there) and runs it on every worker; new workers run every
   * setup in the order their keys were first set. Resolves once every worker alive has run it; an error it threw in a
   * worker rejects as a {@link WorkerTaskError}.
   */
  async setSetup(key: string, task: string, payload: unknown): Promise<void> {
    this.assertOpen();
    this.setups.set(key, { task, payload });
    await Promise.all(this.workers.filter((w) => w.link).map((w) => this.send(w, task, payload)));
    this.assertOpen();
  }

  /** Forgets the setup under `key`; `dropTask` (if given) runs on every worker to release what it made. */
  async deleteSetup(key: string, dropTask?: { task: string; payload: unknown }): Promise<void> {
    if (!this.setups.delete(key) || !dropTask || this.closed) return;
    await Promise.all(this.workers.filter((w) => w.link).map((w) => this.send(w, dropTask.task, dropTask.payload)));
  }

  /**
   * Runs a job on the next free worker. An error the task throws rejects as a {@link WorkerTaskError}; a worker dying
   * under the job is replaced and the job retried once, then it rejects with `deathError(reason)`.
   */
  run(task: string, make: JobMessage, deathError?: DeathError, signal?: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new WorkerPoolClosedError(this.options.name));
      if (this.brokenReason !== undefined) return reject(new WorkerStartError(this.entry, this.brokenReason));
      this.queue.push({
        task,
        make,
        resolve,
        reject,
        deathError: deathError ?? ((reason) => new WorkerDiedError(task, reason)),
        signal,
        deaths: 0,
      });
      this.dispatch();
    });
  }

  /** Ends every worker (waiting until each has stopped); queued and running jobs reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closedError = new WorkerPoolClosedError(this.options.name);
    for (const job of this.queue.splice(0)) job.reject(closedError);
    const ending: Promise<void>[] = [];
    for (const w of this.workers) {
      if (w.timer) clearTimeout(w.timer);
      w.job?.reject(closedError);
      w.job = null;
      for (const waiting of w.waiting.values()) waiting.died('the pool was closed');
      w.waiting.clear();
      if (w.link) ending.push(w.link.terminate());
      w.link = null;
    }
    this.workers.length = 0;
    await Promise.all(ending);
  }

  // ---------------------------------------------------------------- workers

  private spawn(): void {
    const w: PoolWorker = {
      id: this.nextWorkerId++,
      link: null,
      helloed: false,
      job: null,
      jobMessageId: 0,
      timer: undefined,
      waiting: new Map(),
    };
    const modules = this.options.workerModule ? [this.options.workerModule] : [];
    let link: WorkerLink | null;
    try {
      link = spawnWorker(
        this.entry,
        { message: (data) => this.onMessage(w, data), failure: (reason) => this.onFailure(w, reason) },
        {
          name: `${this.options.name} #${w.id}`,
          typeScriptAlso: modules,
          maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb,
        },
      );
    } catch (error) {
      this.markBroken(`starting a worker threw ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (!link) {
      this.markBroken('this runtime has no workers');
      return;
    }
    w.link = link;
    link.setRef(false);
    this.workers.push(w);
    if (this.options.workerModule) {
      this.send(w, IMPORT_TASK, { specifier: this.options.workerModule }).catch((error: unknown) => {
        this.markBroken(`importing the workerModule ${this.options.workerModule} failed: ${describe(error)}`);
      });
    }
    for (const setup of this.setups.values()) this.send(w, setup.task, setup.payload).catch(() => {});
    this.dispatch();
  }

  /** Sends a setup-style task to one worker; resolves on its reply (or when the worker dies first). */
  private send(w: PoolWorker, task: string, payload: unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      const link = w.link;
      if (!link) return resolve();
      const id = this.nextMessageId++;
      w.waiting.set(id, {
        ok: () => resolve(),
        error: (info) => reject(new WorkerTaskError(info, task)),
        died: () => resolve(),
      });
      this.refresh(w);
      try {
        link.post({ id, task, payload } satisfies TaskMessage, []);
      } catch (error) {
        w.waiting.delete(id);
        reject(error);
      }
    });
  }

  private dispatch(): void {
    if (this.closed) return;
    for (const w of this.workers) {
      if (this.queue.length === 0) return;
      if (!w.link || w.job) continue;
      const job = this.queue.shift() as Job;
      if (job.signal?.aborted) {
        job.reject(job.signal.reason);
        continue;
      }
      this.start(w, job);
    }
  }

  private start(w: PoolWorker, job: Job): void {
    const link = w.link as WorkerLink;
    const id = this.nextMessageId++;
    w.job = job;
    w.jobMessageId = id;
    const finish = (): void => {
      if (w.timer) clearTimeout(w.timer);
      w.timer = undefined;
      w.job = null;
      this.refresh(w);
      this.dispatch();
    };
    w.waiting.set(id, {
      ok: (result) => {
        finish();
        job.resolve(result);
      },
      error: (info) => {
        finish();
        job.reject(new WorkerTaskError(info, job.task));
      },
      died: () => {}, // handled in onFailure (retry or deathError)
    });
    let message: { payload: unknown; transfer: ArrayBuffer[] };
    try {
      message = job.make();
    } catch (error) {
      w.waiting.delete(id);
      finish();
      job.reject(error);
      return;
    }
    this.refresh(w);
    try {
      link.post({ id, task: job.task, payload: message.payload } satisfies TaskMessage, message.transfer);
    } catch {
      try {
        link.post({ id, task: job.task, payload: message.payload } satisfies TaskMessage, []);
      } catch (error) {
        w.waiting.delete(id);
        finish();
        job.reject(error);
        return;
      }
    }
    this.startJobTimer(w);
  }

  /**
   * Starts the running job's time limit once the worker is on it: after its start-up and the setup tasks sent before
   * the job (a fresh worker's import and stage load do not count against the job).
   */
  private startJobTimer(w: PoolWorker): void {
    const timeout = this.options.jobTimeoutMs;
    if (timeout === undefined || timeout <= 0 || !w.job || w.timer || !w.helloed) return;
    for (const id of w.waiting.keys()) if (id < w.jobMessageId) return;
    w.timer = setTimeout(() => {
      const l = w.link;
      this.onFailure(w, `the job ran longer than jobTimeoutMs (${timeout} ms); the worker was ended`);
      void l?.terminate();
    }, timeout);
  }

  private onMessage(w: PoolWorker, data: unknown): void {
    if ((data as HelloMessage | null)?.hello === true) {
      w.helloed = true;
      this.startFailures = 0;
      this.startJobTimer(w);
      return;
    }
    const reply = data as ReplyMessage;
    const waiting = w.waiting.get(reply.id);
    if (!waiting) return;
    w.waiting.delete(reply.id);
    this.deathsWithoutAnswer = 0;
    if (reply.ok) waiting.ok(reply.result);
    else waiting.error(reply.error);
    this.refresh(w);
    this.startJobTimer(w);
  }

  private onFailure(w: PoolWorker, reason: string): void {
    if (!w.link) return;
    w.link = null;
    if (w.timer) clearTimeout(w.timer);
    w.timer = undefined;
    const index = this.workers.indexOf(w);
    if (index >= 0) this.workers.splice(index, 1);
    for (const waiting of w.waiting.values()) waiting.died(reason);
    w.waiting.clear();
    const job = w.job;
    w.job = null;
    if (this.closed) return;
    if (!w.helloed) this.startFailures++;
    this.deathsWithoutAnswer++;
    if (job) {
      job.deaths++;
      if (job.deaths >= 2) job.reject(job.deathError(reason));
      else this.queue.unshift(job);
    }
    if (this.startFailures >= MAX_START_FAILURES) {
      this.markBroken(`${this.startFailures} workers in a row died before they were ready; the last: ${reason}`);
      return;
    }
    if (this.deathsWithoutAnswer > this.options.size + MAX_START_FAILURES) {
      this.markBroken(`${this.deathsWithoutAnswer} workers died without answering anything; the last: ${reason}`);
      return;
    }
    this.spawn();
  }

  /** Stops replacing workers: every waiting job rejects with a {@link WorkerStartError}. */
  private markBroken(reason: string): void {
    if (this.brokenReason !== undefined) return;
    this.brokenReason = reason;
    const error = new WorkerStartError(this.entry, reason);
    for (const job of this.queue.splice(0)) job.reject(error);
    for (const w of this.workers) {
      w.job?.reject(error);
      w.job = null;
      if (w.timer) clearTimeout(w.timer);
      for (const waiting of w.waiting.values()) waiting.died(reason);
      w.waiting.clear();
      void w.link?.terminate();
      w.link = null;
    }
    this.workers.length = 0;
  }

  /** Node.js: a worker keeps the process alive only while it has something to answer. */
  private refresh(w: PoolWorker): void {
    w.link?.setRef(w.job !== null || w.waiting.size > 0);
  }

  private assertOpen(): void {
    if (this.closed) throw new WorkerPoolClosedError(this.options.name);
    if (this.brokenReason !== undefined) throw new WorkerStartError(this.entry, this.brokenReason);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
