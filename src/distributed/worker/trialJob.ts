/**
 * A trial job in a worker: the same work as one AutoML trial (`evaluateTrial` on every validation split, the metric on
 * each), recorded in the trial repository as one record. A trial whose record is already final is not run again, and
 * nothing is written: a job re-run after a stall, or enqueued again by a resumed coordinator, writes its result once.
 */
import { evaluateTrial } from '../../automl/evaluateTrial.ts';
import { takeTargets } from '../../automl/searchData.ts';
import { TrialRepository } from '../../automl/TrialRepository.ts';
import { checkTrialRecord, decodeRecord, type TrialRecord } from '../../automl/trialRecord.ts';
import { isFerryError } from '../../errors/FerryError.ts';
import { hasErrorCode, NotFoundError } from '../../errors/index.ts';
import type { StorageAdapter } from '../../storage/StorageAdapter.ts';
import { joinStoragePath } from '../../storage/validateStoragePath.ts';
import type { TrialJobData } from '../jobs.ts';
import { type JobContext, writeResult } from './JobContext.ts';
import { freshPipeline, metricByName, searchDataAt, splitterFromDescription } from './searchInputs.ts';

/** What a trial job answers (its BullMQ return value). */
export interface TrialJobResult {
  readonly index: number;
  readonly status: TrialRecord['status'];
  readonly score: number | null;
  /** True when the record was already final and nothing was run or written. */
  readonly skipped: boolean;
}

/** The key of trial `index`'s record (as `TrialRepository` writes it). */
export function trialRecordKey(repository: string, index: number): string {
  return joinStoragePath(repository, 'trials', `${String(index).padStart(5, '0')}.json`);
}

/** Trial `index`'s record, or undefined when there is none. */
export async function readTrialRecord(
  storage: StorageAdapter,
  repository: string,
  index: number,
): Promise<TrialRecord | undefined> {
  const key = trialRecordKey(repository, index);
  let bytes: Uint8Array;
  try {
    bytes = await storage.read(key);
  } catch (error) {
    if (hasErrorCode(error, NotFoundError.code)) return undefined;
    throw error;
  }
  return checkTrialRecord(decodeRecord(bytes, key), key, index);
}

function isFinal(record: TrialRecord | undefined): record is TrialRecord {
  return record !== undefined && record.status !== 'started';
}

function summary(record: TrialRecord, skipped: boolean): TrialJobResult {
  return { index: record.index, status: record.status, score: record.score, skipped };
}

/** Runs a trial job; see the module comment. */
export async function runTrialJob(id: string, job: TrialJobData, context: JobContext): Promise<TrialJobResult> {
  const { storage } = context;
  const before = await readTrialRecord(storage, job.repository, job.index);
  if (isFinal(before)) {
    context.emit({ event: 'skip', job: id, reason: `record ${trialRecordKey(job.repository, job.index)} is final` });
    return summary(before, true);
  }
  const [fresh, data] = await Promise.all([freshPipeline(context, job.pipeline), searchDataAt(context, job.data)]);
  const splitter = splitterFromDescription(id, job.splitter);
  const metric = metricByName(id, job.metric);
  const splits = splitter.splits(data.x.shape[0], job.seed);
  const startedAt = new Date();
  const started = performance.now();
  let record: TrialRecord;
  try {
    const out = await context.compute(() =>
      evaluateTrial({ fresh, data, splits, input: metric.input, keepModel: false }, job.hyperparams),
    );
    const scores = out.predictions.map((p, k) =>
      metric.score(takeTargets(data.y, splits[k].validation), p, out.classes[k] ?? undefined),
    );
    record = {
      index: job.index,
      status: 'success',
      hyperparams: job.hyperparams,
      scores,
      score: scores.reduce((a, b) => a + b, 0) / scores.length,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: performance.now() - started,
      splitDurationsMs: out.splitDurationsMs,
      attempt: context.attempt,
      error: null,
    };
  } catch (error) {
    if (!isFerryError(error)) throw error;
    record = {
      index: job.index,
      status: 'failed',
      hyperparams: job.hyperparams,
      scores: [],
      score: null,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: performance.now() - started,
      splitDurationsMs: [],
      attempt: context.attempt,
      error: { name: error.name, code: error.code, message: error.message },
    };
  }
  const now = await readTrialRecord(storage, job.repository, job.index);
  if (isFinal(now)) {
    context.emit({ event: 'skip', job: id, reason: 'another worker recorded it meanwhile' });
    return summary(now, true);
  }
  const repository = new TrialRepository(storage, job.repository);
  await writeResult(context, id, trialRecordKey(job.repository, job.index), () => repository.writeTrial(record));
  return summary(record, false);
}
