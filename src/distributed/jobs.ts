/**
 * What travels on the queue: small JSON records naming keys in shared storage, never the data itself. A job's id is
 * derived from what it produces (a trial of a repository, an output key), so enqueuing the same work twice — a
 * coordinator resumed after a crash — adds nothing, and a worker finding the result already in storage writes
 * nothing.
 */
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { isPlainRecord } from '../saving/format/plainRecord.ts';
import { validateStoragePath } from '../storage/validateStoragePath.ts';
import { InvalidJobError } from './errors.ts';

/** The queue Ferry uses when none is named. */
export const DEFAULT_QUEUE = 'ferry';

/** What trial and refit jobs both name: where the search lives, its inputs, and one configuration. */
interface SearchJobInputs {
  /** The trial repository's name (a storage path): the record goes to `<repository>/trials/<index>.json`. */
  readonly repository: string;
  readonly hyperparams: Record<string, HyperparameterValue>;
  /** Key of the unfitted pipeline, a `.ferrypack`. */
  readonly pipeline: string;
  /** Key of the data, an arrays file with `x` and `y`. */
  readonly data: string;
  /** The splitter's description (`{splitter: 'holdout' | 'kfold', …}`) and the search's seed. */
  readonly splitter: Record<string, unknown>;
  readonly seed: number;
}

/** One AutoML trial: fit and score `hyperparams` on every validation split, record it in the repository. */
export interface TrialJobData extends SearchJobInputs {
  readonly kind: 'trial';
  readonly index: number;
  /** The metric's name. */
  readonly metric: string;
}

/**
 * The end of a search, as `AutoML` ends one: the best trial's pipeline fitted on its first split kept as
 * `<repository>/best/trial-<best>.ferrypack` (`keepBestModel`), and the best configuration fitted on all the data
 * saved as a full dump under `<repository>/refit/` (`refit`).
 */
export interface RefitJobData extends SearchJobInputs {
  readonly kind: 'refit';
  /** The best trial's index (its hyperparameters are `hyperparams`). */
  readonly best: number;
  readonly keepBestModel: boolean;
  readonly refit: boolean;
}

/** A batch transform: the dump's `transform` of the arrays file `input` (its array `x`) into `output` (array `y`). */
export interface TransformJobData {
  readonly kind: 'transform';
  /** A dump: `<root>/<name>` as saved by `ExecutionContext('<root>')`, or a `.ferrypack` key. */
  readonly dump: string;
  readonly input: string;
  readonly output: string;
}

/** Any job Ferry puts on a queue. */
export type FerryJobData = TrialJobData | RefitJobData | TransformJobData;

/** Trial `index` of `repository`'s job id. */
export function trialJobId(repository: string, index: number): string {
  return `trial/${repository}/${index}`;
}

/** The refit job id of `repository`. */
export function refitJobId(repository: string): string {
  return `refit/${repository}`;
}

/** The id of the transform job writing `output`. */
export function transformJobId(output: string): string {
  return `transform/${output}`;
}

/** The id a job must have for its data (the one its coordinator gives it). */
export function jobIdOf(data: FerryJobData): string {
  if (data.kind === 'trial') return trialJobId(data.repository, data.index);
  if (data.kind === 'refit') return refitJobId(data.repository);
  return transformJobId(data.output);
}

function keyField(id: string, r: Record<string, unknown>, name: string): string {
  const v = r[name];
  if (typeof v !== 'string') throw new InvalidJobError(id, `"${name}" must be a storage key, got ${typeof v}`);
  try {
    return validateStoragePath(v);
  } catch (error) {
    throw new InvalidJobError(id, `"${name}": ${error instanceof Error ? error.message : String(error)}`);
  }
}

function hyperparamsField(id: string, r: Record<string, unknown>): Record<string, HyperparameterValue> {
  const h = r.hyperparams;
  if (!isPlainRecord(h)) throw new InvalidJobError(id, '"hyperparams" must be a record of flat names');
  for (const [name, value] of Object.entries(h)) {
    const t = typeof value;
    if (value !== null && t !== 'number' && t !== 'string' && t !== 'boolean') {
      throw new InvalidJobError(id, `hyperparameter "${name}" must be a number, string, boolean or null`);
    }
  }
  return h as Record<string, HyperparameterValue>;
}

/**
 * Checks a job pulled from the queue: its kind, every field, keys valid storage paths, and an id equal to the one
 * its data implies (so a job can only write the result it is named after). An {@link InvalidJobError} otherwise.
 */
export function parseJobData(id: string, data: unknown): FerryJobData {
  if (!isPlainRecord(data)) throw new InvalidJobError(id, 'data is not a record');
  let parsed: FerryJobData;
  if (data.kind === 'trial') {
    const index = data.index;
    if (!Number.isSafeInteger(index) || (index as number) < 0)
      throw new InvalidJobError(id, '"index" must be an integer ≥ 0');
    if (!isPlainRecord(data.splitter)) throw new InvalidJobError(id, '"splitter" must be a splitter description');
    if (typeof data.metric !== 'string') throw new InvalidJobError(id, '"metric" must be a metric name');
    if (!Number.isSafeInteger(data.seed)) throw new InvalidJobError(id, '"seed" must be an integer');
    parsed = {
      kind: 'trial',
      repository: keyField(id, data, 'repository'),
      index: index as number,
      hyperparams: hyperparamsField(id, data),
      pipeline: keyField(id, data, 'pipeline'),
      data: keyField(id, data, 'data'),
      splitter: data.splitter,
      metric: data.metric,
      seed: data.seed as number,
    };
  } else if (data.kind === 'refit') {
    const best = data.best;
    if (!Number.isSafeInteger(best) || (best as number) < 0)
      throw new InvalidJobError(id, '"best" must be an integer ≥ 0');
    if (!isPlainRecord(data.splitter)) throw new InvalidJobError(id, '"splitter" must be a splitter description');
    if (!Number.isSafeInteger(data.seed)) throw new InvalidJobError(id, '"seed" must be an integer');
    if (typeof data.keepBestModel !== 'boolean' || typeof data.refit !== 'boolean') {
      throw new InvalidJobError(id, '"keepBestModel" and "refit" must be booleans');
    }
    parsed = {
      kind: 'refit',
      repository: keyField(id, data, 'repository'),
      best: best as number,
      hyperparams: hyperparamsField(id, data),
      pipeline: keyField(id, data, 'pipeline'),
      data: keyField(id, data, 'data'),
      splitter: data.splitter,
      seed: data.seed as number,
      keepBestModel: data.keepBestModel,
      refit: data.refit,
    };
  } else if (data.kind === 'transform') {
    parsed = {
      kind: 'transform',
      dump: keyField(id, data, 'dump'),
      input: keyField(id, data, 'input'),
      output: keyField(id, data, 'output'),
    };
  } else {
    throw new InvalidJobError(id, `unknown kind ${JSON.stringify(data.kind)} (expected trial, refit or transform)`);
  }
  const expected = jobIdOf(parsed);
  if (id !== expected)
    throw new InvalidJobError(id, `a ${parsed.kind} job for these keys must have the id ${expected}`);
  return parsed;
}
