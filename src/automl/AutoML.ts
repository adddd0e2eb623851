/**
 * Hyperparameter search (Neuraxle's `AutoML`): trials sample a pipeline's hyperparameter space, fit on each validation
 * split's training rows and are scored on its validation rows; every trial is recorded in a {@link TrialRepository};
 * trials run on a worker pool or in this thread; a rerun on the same repository resumes; the best configuration can be
 * refitted on all the data.
 */
import { isFerryError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import type { NDArray } from '../ndarray/NDArray.ts';
import { WorkerDiedError, WorkerTaskError } from '../parallel/errors.ts';
import { emitParallelismNotice, type ParallelismNoticeHandler } from '../parallel/notice.ts';
import { packStep } from '../parallel/stageDump.ts';
import { WorkerPool } from '../parallel/WorkerPool.ts';
import { fromWire, toWire, type WireValue } from '../parallel/wire.ts';
import { workerSupport } from '../parallel/workerHost.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import { type EarlyStopping, finishedSearch, searchOutcome } from './bestTrial.ts';
import { InvalidAutoMLOptionError } from './errors.ts';
import { evaluateTrial, type TrialContext, type TrialOutput } from './evaluateTrial.ts';
import { isBetter, type Metric, type MetricInput, resolveMetric } from './metrics.ts';
import { type HyperparameterSampler, RandomSearch } from './samplers.ts';
import { type SearchData, searchData, type Targets, takeTargets } from './searchData.ts';
import { describeSearch } from './searchDescription.ts';
import { HoldoutSplitter, type ValidationSplit, type ValidationSplitter } from './splitters.ts';
import { TrialRepository } from './TrialRepository.ts';
import type { SearchDescription, TrialRecord } from './trialRecord.ts';
import { SEARCH_TASK, TRIAL_TASK, type TrialReply, trialContextFromPack } from './trialTasks.ts';

/** Options of {@link AutoML}. */
export interface AutoMLOptions {
  /** The pipeline to tune; its hyperparameter space (`setHyperparamsSpace`, `space` options) is what trials sample. */
  readonly pipeline: BaseStep;
  /** `'accuracy'`, `'logLoss'`, `'r2'`, `'mse'`, or a {@link Metric} of your own. */
  readonly metric: MetricInput;
  /** How rows are split for fitting and scoring (default: a 20 % holdout). */
  readonly validation?: ValidationSplitter;
  /** Number of trials (default: the grid's size for a `GridSearch`, else 10). */
  readonly nTrials?: number;
  /** Seeds the splits and every trial's hyperparameters (default 0). */
  readonly seed?: number;
  /** Where hyperparameters come from (default {@link RandomSearch}). */
  readonly sampler?: HyperparameterSampler;
  /** Stop after `patience` trials in a row without improvement (in trial order; see `searchOutcome`). */
  readonly earlyStopping?: EarlyStopping;
  /** Where trials are recorded (default: in memory). Give a persistent one to resume after a crash. */
  readonly repository?: TrialRepository;
  /** Trials run at once on a worker pool of this size (default 0: one at a time in this thread). */
  readonly workers?: number;
  /** A module each worker imports first, registering the classes of your own steps and savers. */
  readonly workerModule?: string | URL;
  /** The worker entry module (default: the one shipped beside this build). */
  readonly workerUrl?: string | URL;
  /** A trial running longer than this on a worker counts as a dead worker (replaced, the trial retried once). */
  readonly trialTimeoutMs?: number;
  /** Fit the best configuration on all the data and save it in the repository (default true). */
  readonly refit?: boolean;
  /** Keep the best trial's fitted pipeline (fitted on its first split) in the repository (default true). */
  readonly keepBestModel?: boolean;
  /** Called when a trial starts. */
  readonly onTrialStart?: (event: {
    readonly index: number;
    readonly hyperparams: Record<string, HyperparameterValue>;
  }) => void;
  /** Called when a trial is recorded as finished (success or failure). */
  readonly onTrial?: (event: TrialEvent) => void;
  /** Where the notice goes when `workers` were asked for and the runtime has none. */
  readonly onNotice?: ParallelismNoticeHandler;
}

/** Progress: a trial finished. */
export interface TrialEvent {
  readonly trial: TrialRecord;
  /** The best trial so far among finished ones (ties: the lowest index). */
  readonly best: TrialRecord | undefined;
  /** Trials finished, those recorded by an earlier run included, and the search's total. */
  readonly finished: number;
  readonly total: number;
}

/** What a search found. */
export interface AutoMLResult {
  /** The best trial (ties: the lowest index). */
  readonly best: TrialRecord;
  /** Every finished trial, by index. */
  readonly trials: readonly TrialRecord[];
  /** Where early stopping stopped the search (the last trial that counts), or null. */
  readonly stoppedAt: number | null;
  /** Trials found finished in the repository (not run again), and trials run by this call. */
  readonly resumed: number;
  readonly ran: number;
  /** With `refit`: the best configuration fitted on all the data (also saved in the repository). */
  readonly model: BaseStep | null;
  /** Wall time of this call in ms. */
  readonly elapsedMs: number;
  /** The repository, to read trials and models from. */
  readonly repository: TrialRepository;
}

/** Runs trials: on workers, or in this thread. */
interface TrialRunner {
  readonly concurrency: number;
  run(hyperparams: Record<string, HyperparameterValue>): Promise<TrialOutput>;
  close(): Promise<void>;
}

function integerOption(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidAutoMLOptionError(name, `must be an integer ≥ ${min}, got ${value}`);
  }
  return value;
}

/** Errors that end the search rather than fail one trial: the workers cannot run at all, or were ended. */
function isSearchFatal(error: unknown): boolean {
  return isFerryError(error) && (error.code === 'FERRY_WORKER_START' || error.code === 'FERRY_WORKER_POOL_CLOSED');
}

function errorRecord(error: unknown): NonNullable<TrialRecord['error']> {
  if (error instanceof WorkerTaskError) {
    const { name, code, message } = error.remote;
    return { name, ...(code ? { code } : {}), message };
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, ...(typeof code === 'string' ? { code } : {}), message: error.message };
  }
  return { name: 'Error', message: String(error) };
}

/** See the module comment. `await new AutoML(options).fit(x, y)` runs (or resumes) the search. */
export class AutoML {
  readonly pipeline: BaseStep;
  readonly metric: Metric;
  readonly validation: ValidationSplitter;
  readonly sampler: HyperparameterSampler;
  readonly seed: number;
  readonly nTrials: number;
  readonly earlyStopping: EarlyStopping | null;
  readonly repository: TrialRepository;
  readonly workers: number;

  constructor(private readonly options: AutoMLOptions) {
    if (!options || typeof options.pipeline?.getHyperparamsSpace !== 'function') {
      throw new InvalidAutoMLOptionError('pipeline', 'must be a step (a Pipeline with a hyperparameter space)');
    }
    this.pipeline = options.pipeline;
    this.metric = resolveMetric(options.metric);
    this.validation = options.validation ?? new HoldoutSplitter();
    this.sampler = options.sampler ?? new RandomSearch();
    this.seed = integerOption('seed', options.seed ?? 0, 0);
    const space = this.pipeline.getHyperparamsSpace();
    this.nTrials = integerOption('nTrials', options.nTrials ?? this.sampler.size?.(space) ?? 10, 1);
    if (options.earlyStopping) {
      integerOption('earlyStopping.patience', options.earlyStopping.patience, 1);
      const delta = options.earlyStopping.minDelta ?? 0;
      if (!(delta >= 0)) throw new InvalidAutoMLOptionError('earlyStopping.minDelta', `must be ≥ 0, got ${delta}`);
    }
    this.earlyStopping = options.earlyStopping
      ? { patience: options.earlyStopping.patience, minDelta: options.earlyStopping.minDelta ?? 0 }
      : null;
    this.repository = options.repository ?? TrialRepository.inMemory();
    this.workers = integerOption('workers', options.workers ?? 0, 0);
  }

  /** Runs the search on inputs `x` and targets `y`, resuming what the repository already holds. */
  async fit(x: unknown, y: unknown): Promise<AutoMLResult> {
    const t0 = performance.now();
    const data = searchData(x, y);
    const splits = this.validation.splits(data.x.shape[0], this.seed);
    const space = this.pipeline.getHyperparamsSpace();
    const pack = await packStep(this.pipeline);
    const description = await this.describe(pack, data, splits.length);
    const recorded = await this.repository.begin(description);
    const records = new Map<number, TrialRecord>();
    const attempts = new Map<number, number>();
    for (const r of recorded) {
      attempts.set(r.index, r.attempt);
      if (r.status !== 'started' && r.index < this.nTrials) records.set(r.index, r);
    }
    const resumed = records.size;
    const truths = splits.map((s) => takeTargets(data.y, s.validation));
    const keepModel = this.options.keepBestModel ?? true;
    const localContext = trialContextFromPack(this.pipeline.name, pack, {
      data,
      splits,
      input: this.metric.input,
      keepModel,
    });
    let bestModelIndex: number | undefined = (await this.repository.modelIndexes()).at(-1);
    let ran = 0;
    let outcome = searchOutcome([...records.values()], this.metric.higherIsBetter, this.earlyStopping);

    const runner = await this.startRunner(pack, data, splits, localContext);
    const runTrial = async (index: number): Promise<void> => {
      const hyperparams = this.sampler.sample(space, index, this.seed);
      const attempt = (attempts.get(index) ?? 0) + 1;
      const startedAt = new Date().toISOString();
      await this.repository.writeTrial({
        index,
        status: 'started',
        hyperparams,
        scores: [],
        score: null,
        startedAt,
        finishedAt: null,
        durationMs: null,
        splitDurationsMs: [],
        attempt,
        error: null,
      });
      this.options.onTrialStart?.({ index, hyperparams });
      const started = performance.now();
      let record: TrialRecord;
      let model: Uint8Array | null = null;
      try {
        const out = await runner.run(hyperparams);
        const scores = splits.map((_, k) =>
          this.metric.score(truths[k], out.predictions[k], out.classes[k] ?? undefined),
        );
        record = {
          index,
          status: 'success',
          hyperparams,
          scores,
          score: scores.reduce((a, b) => a + b, 0) / scores.length,
          startedAt,
          finishedAt: new Date().toISOString(),
          durationMs: performance.now() - started,
          splitDurationsMs: out.splitDurationsMs,
          attempt,
          error: null,
        };
        model = out.model;
      } catch (error) {
        if (isSearchFatal(error)) throw error;
        record = {
          index,
          status: 'failed',
          hyperparams,
          scores: [],
          score: null,
          startedAt,
          finishedAt: new Date().toISOString(),
          durationMs: performance.now() - started,
          splitDurationsMs: [],
          attempt,
          error: errorRecord(error),
        };
      }
      // The model first: a crash after it leaves a model whose trial reruns; after the record, a record whose model
      // is made again at the end.
      const previousBest = this.bestFinished(records);
      const isNewBest = record.status === 'success' && this.outranks(record, previousBest);
      if (isNewBest && keepModel && model) await this.repository.writeModel(index, model);
      await this.repository.writeTrial(record);
      records.set(index, record);
      ran++;
      if (isNewBest && keepModel && model) {
        if (bestModelIndex !== undefined && bestModelIndex !== index) await this.repository.deleteModel(bestModelIndex);
        bestModelIndex = index;
      }
      outcome = searchOutcome([...records.values()], this.metric.higherIsBetter, this.earlyStopping);
      this.options.onTrial?.({
        trial: record,
        best: this.bestFinished(records),
        finished: records.size,
        total: this.nTrials,
      });
    };

    try {
      const inFlight = new Set<Promise<void>>();
      let fatal: { error: unknown } | undefined;
      let next = 0;
      while (!fatal) {
        if (outcome.stoppedAt !== null) break;
        while (next < this.nTrials && records.has(next)) next++;
        if (next >= this.nTrials) break;
        if (inFlight.size >= runner.concurrency) {
          await Promise.race(inFlight);
          continue;
        }
        const index = next++;
        const p: Promise<void> = runTrial(index)
          .catch((error: unknown) => {
            fatal ??= { error };
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await Promise.all(inFlight);
      if (fatal) throw (fatal as { error: unknown }).error;
    } finally {
      await runner.close();
    }

    const { trials, best } = finishedSearch(records.values(), outcome);
    if (keepModel) await this.keepOnlyModelOf(best, localContext);
    const model = (this.options.refit ?? true) ? await this.refit(best, localContext, data) : null;
    return {
      best,
      trials,
      stoppedAt: outcome.stoppedAt,
      resumed,
      ran,
      model,
      elapsedMs: performance.now() - t0,
      repository: this.repository,
    };
  }

  /** Whether `a` ranks above `b` (a better score, or the same score and a lower index). */
  private outranks(a: TrialRecord, b: TrialRecord | undefined): boolean {
    if (!b) return true;
    const sa = a.score as number;
    const sb = b.score as number;
    if (isBetter(this.metric, sa, sb)) return true;
    return sa === sb && a.index < b.index;
  }

  private bestFinished(records: ReadonlyMap<number, TrialRecord>): TrialRecord | undefined {
    let best: TrialRecord | undefined;
    for (const r of records.values()) if (r.status === 'success' && this.outranks(r, best)) best = r;
    return best;
  }

  /** Keeps the best trial's fitted pipeline (making it again if a crash or early stopping lost it), drops the others. */
  private async keepOnlyModelOf(best: TrialRecord, context: TrialContext): Promise<void> {
    const kept = await this.repository.modelIndexes();
    if (!kept.includes(best.index)) {
      const out = await evaluateTrial(context, best.hyperparams, true);
      if (out.model) await this.repository.writeModel(best.index, out.model);
    }
    for (const index of kept) if (index !== best.index) await this.repository.deleteModel(index);
  }

  /** Fits the best configuration on all the data and saves it under the repository's `refit/`. */
  private async refit(best: TrialRecord, context: TrialContext, data: SearchData): Promise<BaseStep> {
    const model = await context.fresh();
    if (Object.keys(best.hyperparams).length > 0) model.setHyperparams(best.hyperparams);
    await model.fit(data.x, data.y);
    await model.save(this.repository.refitContext(), { fullDump: true });
    return model;
  }

  private describe(pack: Uint8Array, data: SearchData, splits: number): Promise<SearchDescription> {
    const { metric, validation, sampler, seed, nTrials, earlyStopping } = this;
    const pipelineName = this.pipeline.name;
    return describeSearch({
      pipelineName,
      pack,
      data,
      metric,
      validation,
      sampler,
      seed,
      nTrials,
      earlyStopping,
      splits,
    });
  }

  private async startRunner(
    pack: Uint8Array,
    data: SearchData,
    splits: readonly ValidationSplit[],
    local: TrialContext,
  ): Promise<TrialRunner> {
    const inThread: TrialRunner = {
      concurrency: 1,
      run: (hyperparams) => evaluateTrial(local, hyperparams),
      close: async () => {},
    };
    if (this.workers === 0) return inThread;
    const support = workerSupport();
    const pool =
      support.kind === 'none'
        ? null
        : WorkerPool.create({
            size: this.workers,
            name: `AutoML "${this.repository.name}"`,
            ...(this.options.workerUrl ? { entry: String(this.options.workerUrl) } : {}),
            ...(this.options.workerModule ? { workerModule: String(this.options.workerModule) } : {}),
            ...(this.options.trialTimeoutMs ? { jobTimeoutMs: this.options.trialTimeoutMs } : {}),
          });
    if (!pool) {
      emitParallelismNotice(
        {
          code: 'FERRY_NO_WORKERS',
          runtime: support.runtime,
          owner: this.repository.name,
          message: `AutoML "${this.repository.name}": the ${support.runtime} runtime has no workers; trials run one at a time in this thread`,
        },
        this.options.onNotice,
      );
      return inThread;
    }
    const key = 'search';
    try {
      await pool.setSetup(key, SEARCH_TASK, {
        key,
        pipeline: this.pipeline.name,
        pack,
        x: toWire(data.x, [], false),
        y: toWire(data.y, [], false),
        splits,
        input: this.metric.input,
        keepModel: local.keepModel,
      });
    } catch (error) {
      await pool.close();
      throw error;
    }
    return {
      concurrency: this.workers,
      run: async (hyperparams) => {
        const reply = (await pool.run(
          TRIAL_TASK,
          () => ({ payload: { key, hyperparams }, transfer: [] }),
          (reason) => new WorkerDiedError(`a trial with ${JSON.stringify(hyperparams)}`, reason),
        )) as TrialReply;
        return {
          predictions: reply.predictions.map((w: WireValue) => fromWire(w) as NDArray | Targets),
          classes: reply.classes,
          splitDurationsMs: reply.splitDurationsMs,
          model: reply.model,
        };
      },
      close: () => pool.close(),
    };
  }
}
