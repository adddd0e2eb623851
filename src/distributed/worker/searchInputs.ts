/**
 * A distributed search's inputs as a worker rebuilds them from shared storage: the unfitted pipeline (a `.ferrypack`),
 * the data (an arrays file with `x` and `y`), the validation splits (from the splitter's description, the row count
 * and the seed, exactly as the coordinator's AutoML would make them) and the metric (by name).
 */
import { PackStorage } from '../../../adapters/pack.ts';
import { type Metric, resolveMetric } from '../../automl/metrics.ts';
import type { SearchData } from '../../automl/searchData.ts';
import { HoldoutSplitter, KFoldSplitter, type ValidationSplitter } from '../../automl/splitters.ts';
import { CorruptDumpError } from '../../errors/index.ts';
import { isNDArray } from '../../ndarray/NDArray.ts';
import { ExecutionContext } from '../../saving/ExecutionContext.ts';
import type { BaseStep } from '../../step/BaseStep.ts';
import { InvalidJobError } from '../errors.ts';
import { loadNDArrays } from '../ndarraysFile.ts';
import { cached, type JobContext } from './JobContext.ts';

/** The splitter a description names (`describe()` of {@link HoldoutSplitter} or {@link KFoldSplitter}). */
export function splitterFromDescription(job: string, d: Record<string, unknown>): ValidationSplitter {
  const shuffle = d.shuffle;
  if (typeof shuffle !== 'boolean') throw new InvalidJobError(job, 'splitter.shuffle must be a boolean');
  if (d.splitter === 'holdout' && typeof d.validationSize === 'number') {
    return new HoldoutSplitter({ validationSize: d.validationSize, shuffle });
  }
  if (d.splitter === 'kfold' && typeof d.k === 'number') return new KFoldSplitter({ k: d.k, shuffle });
  throw new InvalidJobError(job, `unknown splitter ${JSON.stringify(d)} (holdout or kfold)`);
}

/** The metric a job names. */
export function metricByName(job: string, name: string): Metric {
  if (!['accuracy', 'logLoss', 'r2', 'mse'].includes(name)) {
    throw new InvalidJobError(job, `metric "${name}" is not one a worker knows (accuracy, logLoss, r2, mse)`);
  }
  return resolveMetric(name as 'accuracy');
}

/**
 * Loads the pipeline pack at `key` once per worker; each call gives a fresh, unfitted copy. The first load happens
 * here, so that a pipeline this worker cannot load (a class it has not registered: `--module`) fails the job, rather
 * than being recorded as a failed trial that a resumed search would not run again.
 */
export async function freshPipeline(context: JobContext, key: string): Promise<() => Promise<BaseStep>> {
  const pack = await cached(context, `pack:${key}`, async () => {
    const storage = new PackStorage(await context.storage.read(key), key);
    const root = await storage.root();
    await new ExecutionContext(storage).load(root);
    return { storage, root };
  });
  return () => new ExecutionContext(pack.storage).load(pack.root);
}

/** The search data at `key` (`x` an NDArray, `y` an NDArray or string labels), loaded once per worker. */
export function searchDataAt(context: JobContext, key: string): Promise<SearchData> {
  return cached(context, `data:${key}`, async () => {
    const arrays = await loadNDArrays(context.storage, key);
    const { x, y } = arrays;
    if (!isNDArray(x) || y === undefined) {
      throw new CorruptDumpError(key, 0, 'search data needs an array "x" (an NDArray) and an array "y"');
    }
    const rows = isNDArray(y) ? y.shape[0] : y.length;
    if (x.shape[0] !== rows) throw new CorruptDumpError(key, 0, `"x" has ${x.shape[0]} rows, "y" ${rows}`);
    return { x, y: isNDArray(y) ? y : [...y] };
  });
}
