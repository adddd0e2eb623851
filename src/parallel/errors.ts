import { FerryError } from '../errors/FerryError.ts';

/** What a worker reported about an error thrown in it (errors cross threads as plain data). */
export interface RemoteErrorInfo {
  /** The error's class name (`InvalidInputError`, `TypeError`…). */
  readonly name: string;
  /** Its Ferry code when it was a Ferry error. */
  readonly code?: string;
  readonly message: string;
  readonly stack?: string;
}

/** An error thrown in a worker, rebuilt in the thread that asked: its class name, Ferry code and message. */
export class WorkerTaskError extends FerryError {
  static readonly code = 'FERRY_WORKER_TASK';
  /** The error as the worker reported it. */
  readonly remote: RemoteErrorInfo;
  constructor(remote: RemoteErrorInfo, task: string) {
    super(
      WorkerTaskError.code,
      `${remote.name}${remote.code ? ` [${remote.code}]` : ''} in a worker (task ${task}): ${remote.message}`,
    );
    this.remote = remote;
  }
}

/** Rows `[start, end)` of a batch, or undefined for a batch given as one item of a stream. */
export type BatchRows = readonly [start: number, end: number] | undefined;

function batchWords(batch: number, rows: BatchRows): string {
  return `batch ${batch}${rows ? ` (rows ${rows[0]}–${rows[1] - 1})` : ''}`;
}

/**
 * A batch failed in a stage of a queued pipeline: names the pipeline, the stage and the batch; `cause` is the error
 * the stage threw (a {@link WorkerTaskError} when it ran in a worker, carrying the worker's class name and code).
 */
export class BatchFailedError extends FerryError {
  static readonly code = 'FERRY_BATCH_FAILED';
  constructor(
    readonly pipeline: string,
    readonly stage: string,
    readonly batch: number,
    readonly rows: BatchRows,
    cause: unknown,
  ) {
    super(
      BatchFailedError.code,
      `Queued pipeline "${pipeline}", stage "${stage}", ${batchWords(batch, rows)} failed: ${describeCause(cause)}`,
      { cause },
    );
  }
}

/**
 * The worker running a batch died (exited, crashed, ran out of memory or overran `batchTimeoutMs`) and so did the
 * replacement that retried it once. Names the pipeline, the stage and the batch.
 */
export class WorkerCrashedError extends FerryError {
  static readonly code = 'FERRY_WORKER_CRASHED';
  constructor(
    readonly pipeline: string,
    readonly stage: string,
    readonly batch: number,
    readonly rows: BatchRows,
    readonly reason: string,
  ) {
    super(
      WorkerCrashedError.code,
      `Queued pipeline "${pipeline}", stage "${stage}", ${batchWords(batch, rows)}: the worker died twice ` +
        `(it was replaced and the batch retried once): ${reason}`,
    );
  }
}

/**
 * A stage's dump could not be loaded in its workers (a class not registered there: see the `workerModule` option, a
 * saver that cannot load, a setup that throws). `cause` is the worker's error.
 */
export class StageLoadError extends FerryError {
  static readonly code = 'FERRY_STAGE_LOAD';
  constructor(
    readonly pipeline: string,
    readonly stage: string,
    cause: unknown,
  ) {
    super(
      StageLoadError.code,
      `Queued pipeline "${pipeline}", stage "${stage}": its workers could not load it: ${describeCause(cause)}`,
      { cause },
    );
  }
}

/** A worker died while running a task, twice (the task was retried once on a replacement). */
export class WorkerDiedError extends FerryError {
  static readonly code = 'FERRY_WORKER_DIED';
  constructor(
    readonly task: string,
    readonly reason: string,
  ) {
    super(WorkerDiedError.code, `A worker died twice running ${task} (retried once on a replacement): ${reason}`);
  }
}

/** A worker could not start: its entry module or the `workerModule` failed to load, or it died before it was ready. */
export class WorkerStartError extends FerryError {
  static readonly code = 'FERRY_WORKER_START';
  constructor(
    readonly entry: string,
    readonly reason: string,
  ) {
    super(WorkerStartError.code, `A worker could not start (${entry}): ${reason}`);
  }
}

/** The worker pool was closed (`teardown()`) while work was waiting for it. */
export class WorkerPoolClosedError extends FerryError {
  static readonly code = 'FERRY_WORKER_POOL_CLOSED';
  constructor(readonly owner: string) {
    super(WorkerPoolClosedError.code, `${owner}: its workers were ended (teardown) while work was waiting`);
  }
}

/** Options of a queued pipeline or of a worker pool are not valid; names the option. */
export class InvalidParallelOptionError extends FerryError {
  static readonly code = 'FERRY_INVALID_PARALLEL_OPTION';
  constructor(
    readonly owner: string,
    readonly option: string,
    detail: string,
  ) {
    super(InvalidParallelOptionError.code, `${owner}: option "${option}" ${detail}`);
  }
}

/** Outputs of batches or of parallel stages cannot be joined (different kinds, shapes or dtypes). */
export class BatchJoinError extends FerryError {
  static readonly code = 'FERRY_BATCH_JOIN';
  constructor(
    readonly owner: string,
    detail: string,
  ) {
    super(BatchJoinError.code, `${owner}: cannot join outputs: ${detail}`);
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}
