/**
 * AutoML over a BullMQ queue: the coordinator puts the search's pipeline (a `.ferrypack`) and data (an arrays file)
 * in shared storage once, enqueues one job per trial (its hyperparameters and those keys), and `ferry worker`
 * processes anywhere run them and record each trial in the trial repository — the same records, layout and
 * `search.json` as `AutoML`, so either resumes the other. The coordinator keeps nothing that matters in memory: killed
 * and started again, it finds the finished trials in storage and the others in Redis (re-enqueuing adds nothing), and
 * ends with the same results, each written once.
 */
import { type EarlyStopping, finishedSearch, searchOutcome } from '../automl/bestTrial.ts';
import { InvalidAutoMLOptionError } from '../automl/errors.ts';
import { type Metric, resolveMetric } from '../automl/metrics.ts';
import { type HyperparameterSampler, RandomSearch } from '../automl/samplers.ts';
import { searchData } from '../automl/searchData.ts';
import { describeSearch } from '../automl/searchDescription.ts';
import { HoldoutSplitter, type ValidationSplitter } from '../automl/splitters.ts';
import { TrialRepository } from '../automl/TrialRepository.ts';
import type { TrialRecord } from '../automl/trialRecord.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { packStep } from '../parallel/stageDump.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import { joinStoragePath } from '../storage/validateStoragePath.ts';
import { InvalidDistributedOptionError } from './errors.ts';
import { JobQueue, type QueueConnectionOptions } from './JobQueue.ts';
import { type RefitJobData, refitJobId, type TrialJobData } from './jobs.ts';
import { encodeNDArrays } from './ndarraysFile.ts';
import type { RefitJobResult } from './worker/refitJob.ts';
import { readTrialRecord } from './worker/trialJob.ts';

const NAMED_METRICS = ['accuracy', 'logLoss', 'r2', 'mse'] as const;

/** Options of {@link DistributedSearch}. */
export interface DistributedSearchOptions extends QueueConnectionOptions {
  /** The pipeline to tune, with its hyperparameter space; it must load without source in the workers. */
  readonly pipeline: BaseStep;
  /** A metric by name (a function cannot travel to other processes). */
  readonly metric: (typeof NAMED_METRICS)[number];
  /** Storage every worker reaches too (an `S3Storage`; a `FileSystemStorage` on one machine). */
  readonly storage: StorageAdapter;
  /** The trial repository's name in that storage. */
  readonly repository: string;
  /** A `HoldoutSplitter` (default, 20 %) or a `KFoldSplitter`. */
  readonly validation?: ValidationSplitter;
  readonly nTrials?: number;
  readonly seed?: number;
  readonly sampler?: HyperparameterSampler;
  /** As in `AutoML`: trials past the stop still queued are removed from the queue. */
  readonly earlyStopping?: EarlyStopping;
  /** Fit the best configuration on all the data in a worker and save it in the repository (default true). */
  readonly refit?: boolean;
  /** Keep the best trial's fitted pipeline in the repository (default true). */
  readonly keepBestModel?: boolean;
  /** Called as each trial's record arrives (records of an earlier run are not announced again). */
  readonly onTrial?: (trial: TrialRecord) => void;
  /** Called with each key this coordinator writes (the search's inputs and description). */
  readonly onWrite?: (key: string) => void;
}

/** What a distributed search found. */
export interface DistributedSearchResult {
  readonly best: TrialRecord;
  /** Every finished trial, by index. */
  readonly trials: readonly TrialRecord[];
  readonly stoppedAt: number | null;
  /** Trials found finished in the repository when this call started, and trials enqueued by it. */
  readonly resumed: number;
  readonly enqueued: number;
  /** The refit dump's name under `repository.refitContext()`, or null. */
  readonly refitName: string | null;
  readonly repository: TrialRepository;
  readonly elapsedMs: number;
}

/** See the module comment. `await new DistributedSearch(options).fit(x, y)`. */
export class DistributedSearch {
  readonly metric: Metric;
  readonly validation: ValidationSplitter;
  readonly sampler: HyperparameterSampler;
  readonly seed: number;
  readonly nTrials: number;
  readonly repository: TrialRepository;

  constructor(private readonly options: DistributedSearchOptions) {
    if (typeof options?.pipeline?.getHyperparamsSpace !== 'function') {
      throw new InvalidDistributedOptionError('pipeline', 'must be a step (a Pipeline with a hyperparameter space)');
    }
    if (!(NAMED_METRICS as readonly string[]).includes(options.metric as string)) {
      throw new InvalidDistributedOptionError('metric', `must be one of ${NAMED_METRICS.join(', ')}`);
    }
    this.metric = resolveMetric(options.metric);
    this.validation = options.validation ?? new HoldoutSplitter();
    const kind = this.validation.describe().splitter;
    if (kind !== 'holdout' && kind !== 'kfold') {
      throw new InvalidDistributedOptionError('validation', 'must be a HoldoutSplitter or a KFoldSplitter');
    }
    this.sampler = options.sampler ?? new RandomSearch();
    this.seed = options.seed ?? 0;
    if (!Number.isSafeInteger(this.seed) || this.seed < 0)
      throw new InvalidAutoMLOptionError('seed', 'must be an integer ≥ 0');
    const space = options.pipeline.getHyperparamsSpace();
    this.nTrials = options.nTrials ?? this.sampler.size?.(space) ?? 10;
    if (!Number.isSafeInteger(this.nTrials) || this.nTrials < 1) {
      throw new InvalidAutoMLOptionError('nTrials', `must be an integer ≥ 1, got ${this.nTrials}`);
    }
    this.repository = new TrialRepository(options.storage, options.repository);
  }

  /** Runs or resumes the search on inputs `x` and targets `y`. */
  async fit(x: unknown, y: unknown): Promise<DistributedSearchResult> {
    const t0 = performance.now();
    const { storage, pipeline } = this.options;
    const repo = this.repository;
    const data = searchData(x, y);
    const splits = this.validation.splits(data.x.shape[0], this.seed);
    const pack = await packStep(pipeline);
    const earlyStopping = this.options.earlyStopping ?? null;
    const description = await describeSearch({
      pipelineName: pipeline.name,
      pack,
      data,
      metric: this.metric,
      validation: this.validation,
      sampler: this.sampler,
      seed: this.seed,
      nTrials: this.nTrials,
      earlyStopping,
      splits: splits.length,
    });
    const pipelineKey = joinStoragePath(repo.name, 'pipeline.ferrypack');
    const dataKey = joinStoragePath(repo.name, 'data.ferry');
    const write = async (key: string, bytes: Uint8Array | Uint8Array[]) => {
      await storage.write(key, bytes);
      this.options.onWrite?.(key);
    };
    if ((await repo.readSearch()) === undefined) {
      // Inputs first, the description last: a repository with a search.json has its inputs.
      await write(pipelineKey, pack);
      await write(dataKey, await encodeNDArrays({ x: data.x, y: data.y }, dataKey));
      await repo.begin(description);
      this.options.onWrite?.(joinStoragePath(repo.name, 'search.json'));
    }
    const recorded = await repo.begin(description);
    const records = new Map<number, TrialRecord>();
    for (const r of recorded) if (r.status !== 'started' && r.index < this.nTrials) records.set(r.index, r);
    const resumed = records.size;
    const higher = this.metric.higherIsBetter;
    let outcome = searchOutcome([...records.values()], higher, earlyStopping);

    const queue = await JobQueue.open(this.options);
    try {
      const space = pipeline.getHyperparamsSpace();
      const jobs: TrialJobData[] = [];
      for (let index = 0; index < this.nTrials && outcome.stoppedAt === null; index++) {
        if (records.has(index)) continue;
        jobs.push({
          kind: 'trial',
          repository: repo.name,
          index,
          hyperparams: this.sampler.sample(space, index, this.seed),
          pipeline: pipelineKey,
          data: dataKey,
          splitter: this.validation.describe(),
          metric: this.metric.name,
          seed: this.seed,
        });
      }
      const ids = new Map<string, number>();
      for (const [i, id] of (await queue.addAll(jobs)).entries()) ids.set(id, jobs[i].index);
      await queue.waitAll([...ids.keys()], async (id) => {
        const index = ids.get(id) as number;
        const record = await readTrialRecord(storage, repo.name, index);
        if (!record || record.status === 'started') return [];
        records.set(index, record);
        this.options.onTrial?.(record);
        outcome = searchOutcome([...records.values()], higher, earlyStopping);
        if (outcome.stoppedAt === null) return [];
        const stop = outcome.stoppedAt;
        const beyond = [...ids].filter(([, i]) => i > stop && !records.has(i)).map(([jobId]) => jobId);
        return queue.dropWaiting(beyond);
      });
      const { trials, best } = finishedSearch(records.values(), outcome);
      let refitName: string | null = null;
      const keepBestModel = this.options.keepBestModel ?? true;
      const refit = this.options.refit ?? true;
      if (keepBestModel || refit) {
        const job: RefitJobData = {
          kind: 'refit',
          repository: repo.name,
          best: best.index,
          hyperparams: best.hyperparams as Record<string, HyperparameterValue>,
          pipeline: pipelineKey,
          data: dataKey,
          splitter: this.validation.describe(),
          seed: this.seed,
          keepBestModel,
          refit,
        };
        const id = await queue.add(job);
        await queue.waitAll([id], (_id, result) => {
          refitName = (result as RefitJobResult | undefined)?.name ?? null;
          return [];
        });
      }
      await queue.remove([...ids.keys(), refitJobId(repo.name)]);
      return {
        best,
        trials,
        stoppedAt: outcome.stoppedAt,
        resumed,
        enqueued: ids.size,
        refitName,
        repository: repo,
        elapsedMs: performance.now() - t0,
      };
    } finally {
      await queue.close();
    }
  }
}
