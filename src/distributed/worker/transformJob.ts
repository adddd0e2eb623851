/**
 * A batch-transform job in a worker: the dump's `transform` of the input arrays file's `x`, written as the output
 * arrays file's `y`. An output already in storage is the job's result from an earlier run: nothing is computed or
 * written again. Dumps are loaded once per worker and version: where the storage pins versions (`openTree`), a dump
 * saved again under the same name is loaded again.
 */
import { PackStorage } from '../../../adapters/pack.ts';
import { hasErrorCode, InvalidInputError, NotFoundError } from '../../errors/index.ts';
import { isNDArray, type NDArray } from '../../ndarray/NDArray.ts';
import { ExecutionContext } from '../../saving/ExecutionContext.ts';
import type { BaseStep } from '../../step/BaseStep.ts';
import type { TransformJobData } from '../jobs.ts';
import { decodeNDArrays, encodeNDArrays, loadNDArrays, type NamedArray } from '../ndarraysFile.ts';
import { cached, type JobContext, writeResult } from './JobContext.ts';

/** What a transform job answers (its BullMQ return value). */
export interface TransformJobResult {
  readonly output: string;
  readonly rows: number;
  /** True when the output was already there and nothing was run or written. */
  readonly skipped: boolean;
}

function rowsOf(value: NamedArray): number {
  return isNDArray(value) ? (value.ndim === 0 ? 1 : value.shape[0]) : value.length;
}

/** The step saved at `dump` (`<root>/<name>` or a `.ferrypack` key), loaded once per version. */
async function loadDump(context: JobContext, dump: string): Promise<BaseStep> {
  const { storage } = context;
  if (dump.endsWith('.ferrypack')) {
    return cached(context, `dump:${dump}`, async () => {
      const pack = new PackStorage(await storage.read(dump), dump);
      return new ExecutionContext(pack).load(await pack.root());
    });
  }
  const slash = dump.lastIndexOf('/');
  const parents = slash < 0 ? [] : [dump.slice(0, slash)];
  const name = dump.slice(slash + 1);
  const generation = storage.openTree ? (await storage.openTree(dump)).generation : undefined;
  return cached(context, `dump:${dump}@${generation ?? ''}`, () => new ExecutionContext(storage, parents).load(name));
}

async function existingOutput(context: JobContext, key: string): Promise<Uint8Array | undefined> {
  try {
    return await context.storage.read(key);
  } catch (error) {
    if (hasErrorCode(error, NotFoundError.code)) return undefined;
    throw error;
  }
}

/** Runs a transform job; see the module comment. */
export async function runTransformJob(
  id: string,
  job: TransformJobData,
  context: JobContext,
): Promise<TransformJobResult> {
  const done = await existingOutput(context, job.output);
  if (done) {
    const { y } = await decodeNDArrays(done, job.output);
    context.emit({ event: 'skip', job: id, reason: `output ${job.output} exists` });
    return { output: job.output, rows: y === undefined ? 0 : rowsOf(y), skipped: true };
  }
  const [step, input] = await Promise.all([loadDump(context, job.dump), loadNDArrays(context.storage, job.input)]);
  const x = input.x;
  if (!isNDArray(x)) throw new InvalidInputError(job.input, 'a batch input needs an array "x" (an NDArray)');
  const y = await context.compute(() => step.transform(x));
  if (!isNDArray(y) && !(Array.isArray(y) && y.every((v) => typeof v === 'string'))) {
    throw new InvalidInputError(job.dump, 'transform gave neither an NDArray nor string labels');
  }
  const bytes = await encodeNDArrays({ y: y as NDArray | string[] }, job.output);
  await writeResult(context, id, job.output, () => context.storage.write(job.output, bytes));
  return { output: job.output, rows: rowsOf(y as NamedArray), skipped: false };
}
