/**
 * What {@link SequentialQueuedPipeline} and {@link ParallelQueuedFeatureUnion} share (Neuraxle's `BaseQueuedPipeline`):
 * stages, each with its own workers; input cut into batches of `batchSize` rows; batches in flight bounded by the
 * pipeline's queue; outputs handed back in order. Each stage reaches its workers as a dump (the bytes of a pack,
 * loaded there through `PackStorage`, without source). Fitting runs in this thread on the whole data.
 */
import { InvalidInputError, LifecycleError } from '../errors/index.ts';
import type { BaseSaver } from '../saving/BaseSaver.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import { BaseStep, type StepOptions } from '../step/BaseStep.ts';
import type { DataContainer } from '../step/DataContainer.ts';
import { fitChain, fitTransformChain } from '../step/stepChain.ts';
import { BatchQueue } from './BatchQueue.ts';
import { concatRows, isShared, rowCount, SpareBuffers, sliceRows } from './batching.ts';
import {
  BatchFailedError,
  type BatchRows,
  InvalidParallelOptionError,
  StageLoadError,
  WorkerCrashedError,
  WorkerTaskError,
} from './errors.ts';
import { emitParallelismNotice, type ParallelismNoticeHandler } from './notice.ts';
import { QueuedPipelineSaver } from './QueuedPipelineSaver.ts';
import { packStep, sameBytes } from './stageDump.ts';
import { WorkerPool } from './WorkerPool.ts';
import { fromWire, toWire } from './wire.ts';
import {
  DROP_STEP_TASK,
  LOAD_STEP_TASK,
  TRANSFORM_TASK,
  type TransformPayload,
  type TransformReply,
} from './worker/stageTasks.ts';
import { workerSupport } from './workerHost.ts';

/** A stage: a step, `[name, step]`, or Neuraxle's `[name, workers, step]`. */
export type QueuedStageEntry = BaseStep | readonly [string, BaseStep] | readonly [string, number, BaseStep];

/** Options of queued pipelines. */
export interface QueuedPipelineOptions extends StepOptions {
  /** Workers per stage (default 1); `0` runs the stage in this thread. A `[name, workers, step]` entry overrides it. */
  readonly workers?: number;
  /** Rows per batch when `transform()` cuts its input (default 1000). */
  readonly batchSize?: number;
  /**
   * Batches that may wait for a worker beyond one per worker (default: as many as there are workers): the pipeline
   * reads its input at most `workers + maxQueueSize` batches ahead of the output it hands back.
   */
  readonly maxQueueSize?: number;
  /**
   * A module every worker imports before loading its stage: where the classes of your own steps and savers are
   * registered (`registerStep`, `registerSaver`). A URL or a specifier the worker can import. Never saved: code to run
   * comes from the process, not from a dump (a loaded pipeline gets it from {@link BaseQueuedPipeline.useWorkers}).
   */
  readonly workerModule?: string | URL;
  /** The worker entry module (default: the one shipped beside this build; see `setWorkerEntryUrl`). Never saved. */
  readonly workerUrl?: string | URL;
  /** A batch running longer than this counts as a dead worker (ended, replaced, the batch retried once). */
  readonly batchTimeoutMs?: number;
  /** Where this pipeline's {@link ParallelismNotice} goes (default: the process-wide handler, `console.warn`). */
  readonly onNotice?: ParallelismNoticeHandler;
}

/** A batch's value for one attempt; `owned` when its buffers may be transferred; `spares` takes them back. */
export interface BatchValue {
  readonly value: unknown;
  readonly owned: boolean;
  readonly spares?: SpareBuffers;
}

/** A batch read from the input: its index, its rows in the input when known, and how to make its value. */
export interface BatchSource {
  readonly index: number;
  readonly rows: BatchRows;
  /** A fresh value of the batch (called once per attempt); `owned` when its buffers may be transferred. */
  readonly make: () => BatchValue;
}

/** The most workers one stage may have (a dump asking for more is refused by its schema). */
export const MAX_STAGE_WORKERS = 256;

/** Pools of workers closed when a pipeline nobody tore down is garbage-collected. */
const abandoned = new FinalizationRegistry<WorkerPool[]>((pools) => {
  for (const pool of pools) void pool.close();
});

function checkCount(owner: string, option: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new InvalidParallelOptionError(owner, option, `must be an integer ${range}, got ${String(value)}`);
  }
  return value;
}

/** The base of queued pipelines; see the module comment. */
export abstract class BaseQueuedPipeline extends BaseStep {
  /** The stages, in order. */
  steps: BaseStep[];
  /** Workers of each stage (0: in this thread). */
  stageWorkers: number[];
  /** Rows per batch when `transform()` cuts its input. */
  batchSize: number;
  /** Batches that may wait for a worker beyond one per worker. */
  maxQueueSize: number;
  /** Live: the module workers import to register user classes, or null. Never saved. */
  workerModule: string | null;
  /** Live: the worker entry module, or null for the default. Never saved. */
  workerUrl: string | null;
  /** Per-batch time limit in ms, or null. */
  batchTimeoutMs: number | null;
  /** Live: the batches in flight; made by `setup()`, stripped by {@link QueuedPipelineSaver}. */
  queue: BatchQueue | null = null;
  /** Live: each stage's worker pool (null: runs in this thread), made on the first transform. Never saved. */
  pools: (WorkerPool | null)[] | null = null;
  /** Live: the dump each stage's workers hold, to reload them when a stage changes. Never saved. */
  loadedPacks: (Uint8Array | null)[] | null = null;
  /** Live: this pipeline's notice handler. Never saved. */
  onNotice: ParallelismNoticeHandler | null;

  constructor(stages: readonly QueuedStageEntry[], options: QueuedPipelineOptions = {}) {
    super({ ...options, savers: [new QueuedPipelineSaver(), ...(options.savers ?? [])] as BaseSaver[] });
    const owner = `${new.target.name} "${this.name}"`;
    const defaultWorkers = checkCount(owner, 'workers', options.workers ?? 1, 0, MAX_STAGE_WORKERS);
    this.steps = [];
    this.stageWorkers = [];
    for (const entry of stages) {
      if (Array.isArray(entry)) {
        const step = (entry.length === 3 ? entry[2] : entry[1]) as BaseStep;
        step.setName(entry[0] as string);
        this.steps.push(step);
        this.stageWorkers.push(
          entry.length === 3
            ? checkCount(owner, `workers of stage "${entry[0]}"`, entry[1], 0, MAX_STAGE_WORKERS)
            : defaultWorkers,
        );
      } else {
        this.steps.push(entry as BaseStep);
        this.stageWorkers.push(defaultWorkers);
      }
    }
    if (this.steps.length === 0) throw new InvalidParallelOptionError(owner, 'stages', 'must hold at least one step');
    const seen = new Set<string>();
    for (const s of this.steps) {
      if (seen.has(s.name)) {
        throw new InvalidParallelOptionError(owner, 'stages', `has two steps named "${s.name}"; rename one`);
      }
      seen.add(s.name);
    }
    this.batchSize = checkCount(owner, 'batchSize', options.batchSize ?? 1000, 1);
    const totalWorkers = this.stageWorkers.reduce((a, b) => a + b, 0);
    this.maxQueueSize = checkCount(owner, 'maxQueueSize', options.maxQueueSize ?? Math.max(1, totalWorkers), 1);
    this.workerModule = options.workerModule === undefined ? null : String(options.workerModule);
    this.workerUrl = options.workerUrl === undefined ? null : String(options.workerUrl);
    if (options.batchTimeoutMs !== undefined) checkCount(owner, 'batchTimeoutMs', options.batchTimeoutMs, 1);
    this.batchTimeoutMs = options.batchTimeoutMs ?? null;
    this.onNotice = options.onNotice ?? null;
  }

  override getChildren(): BaseStep[] {
    return this.steps;
  }

  /**
   * Sets what this process's workers run — the module that registers your classes, the worker entry, where notices
   * go — for instance on a pipeline loaded from a dump (dumps never carry code to run). Call it before the first
   * transform, or after `teardown()`: workers already started keep what they have (a {@link LifecycleError}).
   */
  useWorkers(options: Pick<QueuedPipelineOptions, 'workerModule' | 'workerUrl' | 'onNotice'>): this {
    if (this.pools) {
      throw new LifecycleError(this.name, 'useWorkers() after its workers started; call teardown() first');
    }
    if (options.workerModule !== undefined) this.workerModule = String(options.workerModule);
    if (options.workerUrl !== undefined) this.workerUrl = String(options.workerUrl);
    if (options.onNotice !== undefined) this.onNotice = options.onNotice;
    return this;
  }

  /** The most batches in flight: one per worker (at least one per stage) plus `maxQueueSize`. */
  get queueCapacity(): number {
    return this.stageWorkers.reduce((a, w) => a + Math.max(1, w), 0) + this.maxQueueSize;
  }

  /** Creates the queue (the worker pools start on the first transform). */
  override async setup(context?: ExecutionContext): Promise<this> {
    if (!this.isInitialized) this.queue = new BatchQueue(this.queueCapacity);
    return super.setup(context);
  }

  /** Ends every worker of every stage (waiting until each has stopped), drops the queue, tears the stages down. */
  override async teardown(): Promise<this> {
    const pools = this.pools ?? [];
    this.pools = null;
    this.loadedPacks = null;
    this.queue = null;
    abandoned.unregister(this);
    await Promise.all(pools.map((p) => p?.close()));
    return super.teardown();
  }

  // ---------------------------------------------------------------- fit: in this thread, like a Pipeline

  override async handleFit(data: DataContainer): Promise<DataContainer> {
    const dc = await fitChain(this.steps, data);
    this.markFitted();
    return dc;
  }

  override async handleFitTransform(data: DataContainer): Promise<DataContainer> {
    const dc = await fitTransformChain(this.steps, data);
    this.markFitted();
    return dc;
  }

  // ---------------------------------------------------------------- transform: batches on workers

  override async handleTransform(data: DataContainer): Promise<DataContainer> {
    return { x: await this.transformAll(data.x), y: data.y };
  }

  protected async transformStep(x: unknown): Promise<unknown> {
    return this.transformAll(x);
  }

  /**
   * Transforms a stream of batches (each item one batch, as the stages take it) and yields their outputs in order.
   * The stream is read only as far as the queue allows ahead of what was yielded (backpressure). The first batch that
   * fails rejects with a {@link BatchFailedError} (or {@link WorkerCrashedError}) naming the stage and the batch.
   */
  async *transformBatches(batches: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<unknown> {
    const iterable = typeof batches === 'object' && batches !== null;
    if (!iterable || !(Symbol.asyncIterator in batches || Symbol.iterator in batches)) {
      throw new InvalidInputError(
        `${this.constructor.name} "${this.name}" transformBatches`,
        'expected an iterable of batches',
      );
    }
    await this.ensureSetup();
    let index = 0;
    const sources = (async function* () {
      for await (const value of batches) {
        const i = index++;
        yield { index: i, rows: undefined, make: () => ({ value, owned: false }) } satisfies BatchSource;
      }
    })();
    yield* this.runQueued(sources);
  }

  /** `transform(x)`: cuts `x` into batches of `batchSize` rows, runs them, joins the outputs in order. */
  private async transformAll(x: unknown): Promise<unknown> {
    await this.ensureSetup();
    const n = rowCount(x, `${this.constructor.name} "${this.name}" input`);
    const size = this.batchSize;
    const shared = isShared(x);
    const spares = new SpareBuffers();
    const sources = (function* () {
      for (let start = 0, i = 0; start < n; start += size, i++) {
        const end = Math.min(n, start + size);
        yield {
          index: i,
          rows: [start, end] as const,
          make: () => ({ value: sliceRows(x, start, end, spares), owned: !shared, spares }),
        } satisfies BatchSource;
      }
    })();
    const outputs: unknown[] = [];
    for await (const out of this.runQueued(sources)) outputs.push(out);
    if (outputs.length === 0) return this.transformEmpty(x);
    return concatRows(outputs, `${this.constructor.name} "${this.name}"`);
  }

  /** The output for an input with no rows: the stages run once on it, in this thread. */
  private async transformEmpty(x: unknown): Promise<unknown> {
    return (await this.runInThread({ x })).x;
  }

  /** Runs `data` through the stages in this thread, as a Pipeline would. */
  protected abstract runInThread(data: DataContainer): Promise<DataContainer>;

  /** Runs one batch through the stages (on their workers where they have some). */
  protected abstract runBatch(batch: BatchSource, signal: AbortSignal): Promise<unknown>;

  private async *runQueued(sources: AsyncIterable<BatchSource> | Iterable<BatchSource>): AsyncGenerator<unknown> {
    this.assertStagesFitted();
    await this.prepareWorkers();
    const queue = this.queue;
    if (!queue) throw new LifecycleError(this.name, 'the queue is gone: the pipeline was torn down mid-transform');
    const abort = new AbortController();
    const pending: Promise<unknown>[] = [];
    const take = async (): Promise<unknown> => {
      const head = pending.shift() as Promise<unknown>;
      try {
        return await head;
      } finally {
        queue.release();
      }
    };
    try {
      for await (const batch of sources) {
        // Backpressure: no slot free → hand back our oldest output first (or wait for other callers' slots).
        let acquired = queue.tryAcquire();
        while (!acquired) {
          if (pending.length > 0) {
            yield await take();
            acquired = queue.tryAcquire();
          } else {
            await queue.acquire();
            acquired = true;
          }
        }
        const run = this.runBatch(batch, abort.signal);
        run.catch(() => {}); // awaited in order by take(); a later batch's failure must not go unhandled meanwhile
        pending.push(run);
      }
      while (pending.length > 0) yield await take();
    } finally {
      abort.abort(new LifecycleError(this.name, 'transform ended early'));
      for (const p of pending.splice(0)) {
        p.catch(() => {}).finally(() => queue.release());
      }
    }
  }

  /** A {@link LifecycleError} when a stage that needs fitting was not fitted. */
  private assertStagesFitted(): void {
    for (const s of this.steps) {
      if (s.requiresFit && !s.isFitted) throw new LifecycleError(s.name, 'transform() called before fit()');
    }
  }

  /**
   * Starts the stages' worker pools (first transform) and gives each its stage's current dump, reloading workers whose
   * stage changed since (a refit, new hyperparameters). Where the runtime has no workers, says so once.
   */
  private async prepareWorkers(): Promise<void> {
    if (!this.pools) {
      const support = workerSupport();
      const wanted = this.stageWorkers.some((w) => w > 0);
      this.pools = this.steps.map((s, i) =>
        this.stageWorkers[i] > 0 && support.kind !== 'none'
          ? WorkerPool.create({
              size: this.stageWorkers[i],
              name: `${this.constructor.name} "${this.name}" stage "${s.name}"`,
              ...(this.workerUrl ? { entry: this.workerUrl } : {}),
              ...(this.workerModule ? { workerModule: this.workerModule } : {}),
              ...(this.batchTimeoutMs ? { jobTimeoutMs: this.batchTimeoutMs } : {}),
            })
          : null,
      );
      this.loadedPacks = this.steps.map(() => null);
      const live = this.pools.filter((p): p is WorkerPool => p !== null);
      if (live.length > 0) abandoned.register(this, live, this);
      if (wanted && live.length === 0) {
        emitParallelismNotice(
          {
            code: 'FERRY_NO_WORKERS',
            runtime: support.runtime,
            owner: this.name,
            message:
              `${this.constructor.name} "${this.name}": the ${support.runtime} runtime has no workers; ` +
              'its stages run in this thread, batch after batch, with the same results',
          },
          this.onNotice ?? undefined,
        );
      }
    }
    const pools = this.pools;
    const loaded = this.loadedPacks as (Uint8Array | null)[];
    await Promise.all(
      this.steps.map(async (stage, i) => {
        const pool = pools[i];
        if (!pool) return;
        const bytes = await packStep(stage);
        const held = loaded[i];
        if (held && sameBytes(held, bytes)) return;
        loaded[i] = null;
        try {
          await pool.setSetup('stage', LOAD_STEP_TASK, { key: 'stage', name: stage.name, pack: bytes });
        } catch (error) {
          await pool.deleteSetup('stage', { task: DROP_STEP_TASK, payload: { key: 'stage' } });
          throw new StageLoadError(this.name, stage.name, error);
        }
        loaded[i] = bytes;
      }),
    );
  }

  /** Runs stage `i` on one batch value: on its workers, or here. Failures name the stage and the batch. */
  protected async runStage(
    i: number,
    batch: BatchSource,
    make: () => BatchValue,
    signal: AbortSignal,
  ): Promise<unknown> {
    const stage = this.steps[i];
    const pool = this.pools?.[i] ?? null;
    let spares: SpareBuffers | undefined;
    if (!pool) {
      try {
        return (await stage.handleTransform({ x: make().value })).x;
      } catch (error) {
        throw new BatchFailedError(this.name, stage.name, batch.index, batch.rows, error);
      }
    }
    try {
      const result = await pool.run(
        TRANSFORM_TASK,
        () => {
          const { value, owned, spares: taken } = make();
          spares = taken;
          const transfer: ArrayBuffer[] = [];
          const payload: TransformPayload = { key: 'stage', data: toWire(value, transfer, owned), recycle: !!taken };
          return { payload, transfer };
        },
        (reason) => new WorkerCrashedError(this.name, stage.name, batch.index, batch.rows, reason),
        signal,
      );
      const reply = result as TransformReply;
      if (reply.spare) spares?.put(reply.spare);
      return fromWire(reply.data);
    } catch (error) {
      if (error instanceof WorkerTaskError) {
        throw new BatchFailedError(this.name, stage.name, batch.index, batch.rows, error);
      }
      throw error;
    }
  }
}
