/**
 * The `search.json` of a search: what `AutoML` and `DistributedSearch` both record (the same hashes of the pipeline's
 * pack and of the data), so that a repository started by one resumes in the other.
 */

import { loadKernels } from '../kernels/loadKernels.ts';
import { wasmXxh64 } from '../saving/format/xxhash64.ts';
import type { EarlyStopping } from './bestTrial.ts';
import type { Metric } from './metrics.ts';
import type { HyperparameterSampler } from './samplers.ts';
import type { SearchData } from './searchData.ts';
import type { ValidationSplitter } from './splitters.ts';
import type { SearchDescription } from './trialRecord.ts';

/** What a search is made of. */
export interface SearchParts {
  readonly pipelineName: string;
  readonly pack: Uint8Array;
  readonly data: SearchData;
  readonly metric: Metric;
  readonly validation: ValidationSplitter;
  readonly sampler: HyperparameterSampler;
  readonly seed: number;
  readonly nTrials: number;
  readonly earlyStopping: EarlyStopping | null;
  readonly splits: number;
}

function hex(value: bigint): string {
  return value.toString(16).padStart(16, '0');
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** The description AutoML records for the same search. */
export async function describeSearch(p: SearchParts): Promise<SearchDescription> {
  const hasher = wasmXxh64(await loadKernels());
  const encoder = new TextEncoder();
  const { x, y } = p.data;
  const chunks: Uint8Array[] = [encoder.encode(JSON.stringify({ dtype: x.dtype, shape: x.shape })), bytesOf(x.data)];
  if (Array.isArray(y)) chunks.push(encoder.encode(JSON.stringify(y)));
  else chunks.push(encoder.encode(JSON.stringify({ dtype: y.dtype, shape: y.shape })), bytesOf(y.data));
  return {
    format: 'ferry.trials/1',
    pipeline: p.pipelineName,
    metric: { name: p.metric.name, higherIsBetter: p.metric.higherIsBetter, input: p.metric.input },
    splitter: p.validation.describe(),
    sampler: p.sampler.describe(),
    seed: p.seed,
    nTrials: p.nTrials,
    earlyStopping: p.earlyStopping
      ? { patience: p.earlyStopping.patience, minDelta: p.earlyStopping.minDelta ?? 0 }
      : null,
    pipelineHash: hex(hasher.hash([p.pack])),
    dataHash: hex(hasher.hash(chunks)),
    rows: x.shape[0],
    splits: p.splits,
  };
}
