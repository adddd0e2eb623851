/**
 * Batch transforms over a BullMQ queue: rows cut into arrays files in shared storage, one job per batch (a dump, an
 * input key, an output key), `ferry worker` processes load the dump once each and write each batch's output. Job ids
 * are the output keys: enqueuing a batch again (a coordinator resumed after a crash) adds nothing, and a batch whose
 * output exists is not computed again.
 */
import { InvalidInputError } from '../errors/index.ts';
import { allocateTyped } from '../ndarray/dtypes.ts';
import { isNDArray, NDArray, shapeSize } from '../ndarray/NDArray.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import { joinStoragePath, validateStoragePath } from '../storage/validateStoragePath.ts';
import { InvalidDistributedOptionError } from './errors.ts';
import { JobQueue, type QueueConnectionOptions } from './JobQueue.ts';
import type { TransformJobData } from './jobs.ts';
import { loadNDArrays, saveNDArrays } from './ndarraysFile.ts';
import type { TransformJobResult } from './worker/transformJob.ts';

/** One batch: the arrays file holding its rows (array `x`) and where its output (array `y`) goes. */
export interface BatchKeys {
  readonly input: string;
  readonly output: string;
}

/** Options of {@link distributedTransform}. */
export interface DistributedTransformOptions extends QueueConnectionOptions {
  /** Storage every worker reaches too. */
  readonly storage: StorageAdapter;
  /** The fitted step: `<root>/<name>` as saved by `ExecutionContext('<root>')`, or a `.ferrypack` key. */
  readonly dump: string;
  readonly batches: readonly BatchKeys[];
  /** Called as each batch's output is written (or found written). */
  readonly onBatch?: (result: TransformJobResult) => void;
  /** Leave the finished jobs in Redis (default false: removed once every batch is done). */
  readonly keepJobs?: boolean;
}

/** What {@link distributedTransform} did. */
export interface DistributedTransformResult {
  /** Per batch, in the order given. */
  readonly results: readonly TransformJobResult[];
  readonly rows: number;
  readonly elapsedMs: number;
}

/** Runs (or resumes) a batch transform; see the module comment. */
export async function distributedTransform(options: DistributedTransformOptions): Promise<DistributedTransformResult> {
  const t0 = performance.now();
  const outputs = new Set<string>();
  for (const b of options.batches) {
    if (outputs.has(b.output)) throw new InvalidDistributedOptionError('batches', `write ${b.output} twice`);
    outputs.add(b.output);
  }
  const dump = validateStoragePath(options.dump);
  const queue = await JobQueue.open(options);
  try {
    const jobs = options.batches.map(
      (b): TransformJobData => ({ kind: 'transform', dump, input: b.input, output: b.output }),
    );
    const byId = new Map<string, number>();
    for (const [i, id] of (await queue.addAll(jobs)).entries()) byId.set(id, i);
    const results: TransformJobResult[] = new Array(options.batches.length);
    await queue.waitAll([...byId.keys()], (id, value) => {
      const result = value as TransformJobResult;
      results[byId.get(id) as number] = result;
      options.onBatch?.(result);
      return [];
    });
    if (!options.keepJobs) await queue.remove([...byId.keys()]);
    return { results, rows: results.reduce((n, r) => n + r.rows, 0), elapsedMs: performance.now() - t0 };
  } finally {
    await queue.close();
  }
}

/**
 * Cuts `x` into batches of `rowsPerBatch` rows, each written as an arrays file `<prefix>/in-<i>.ferry` (array `x`),
 * and answers their keys with outputs `<prefix>/out-<i>.ferry`.
 */
export async function writeBatchInputs(
  storage: StorageAdapter,
  prefix: string,
  x: NDArray,
  rowsPerBatch: number,
): Promise<BatchKeys[]> {
  if (!isNDArray(x) || x.ndim < 1) throw new InvalidInputError('writeBatchInputs', 'x must be an NDArray with rows');
  if (!Number.isSafeInteger(rowsPerBatch) || rowsPerBatch < 1) {
    throw new InvalidDistributedOptionError('rowsPerBatch', `must be an integer ≥ 1, got ${rowsPerBatch}`);
  }
  const rest = x.shape.slice(1);
  const stride = shapeSize(rest);
  const out: BatchKeys[] = [];
  for (let start = 0, i = 0; start < x.shape[0]; start += rowsPerBatch, i++) {
    const end = Math.min(x.shape[0], start + rowsPerBatch);
    const name = String(i).padStart(5, '0');
    const keys = {
      input: joinStoragePath(prefix, `in-${name}.ferry`),
      output: joinStoragePath(prefix, `out-${name}.ferry`),
    };
    const rows = new NDArray(x.dtype, [end - start, ...rest], x.data.subarray(start * stride, end * stride));
    await saveNDArrays(storage, keys.input, { x: rows });
    out.push(keys);
  }
  return out;
}

/** The outputs (array `y`) of `batches`, joined along the rows, in order. */
export async function readBatchOutputs(storage: StorageAdapter, batches: readonly BatchKeys[]): Promise<NDArray> {
  const parts: NDArray[] = [];
  for (const b of batches) {
    const { y } = await loadNDArrays(storage, b.output);
    if (!isNDArray(y)) throw new InvalidInputError(b.output, 'holds no NDArray "y"');
    parts.push(y);
  }
  if (parts.length === 0) throw new InvalidInputError('readBatchOutputs', 'no batches');
  const first = parts[0];
  const rest = first.shape.slice(1);
  const rows = parts.reduce((n, p) => n + p.shape[0], 0);
  const data = allocateTyped(first.dtype, rows * shapeSize(rest));
  let at = 0;
  for (const p of parts) {
    if (p.dtype !== first.dtype || p.shape.slice(1).join() !== rest.join()) {
      throw new InvalidInputError(
        'readBatchOutputs',
        `batch outputs differ in dtype or shape: [${p.shape}] ${p.dtype}`,
      );
    }
    (data as Float64Array).set(p.data as Float64Array, at);
    at += p.data.length;
  }
  return new NDArray(first.dtype, [rows, ...rest], data);
}
