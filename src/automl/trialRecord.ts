/**
 * Records of a trial repository, as JSON: a search's description and one record per trial. Numbers JSON cannot hold
 * (NaN, ±Infinity: a log-loss of a certain mistake, a diverged fit) are written as `{"$number": "Infinity"}`.
 */
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { CorruptTrialRecordError } from './errors.ts';

/** Where a trial is: started (and not finished: re-run on resume), finished with scores, or failed with an error. */
export type TrialStatus = 'started' | 'success' | 'failed';

/** One trial, as recorded. */
export interface TrialRecord {
  /** Its index in the search (0-based); its hyperparameters follow from it and the seed. */
  readonly index: number;
  readonly status: TrialStatus;
  /** Flat `step__name` values. */
  readonly hyperparams: Record<string, HyperparameterValue>;
  /** The metric on each validation split (success only). */
  readonly scores: readonly number[];
  /** The mean of `scores`, or null. */
  readonly score: number | null;
  /** ISO times; `finishedAt` null while started. */
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** Wall time of the trial, and the fit + predict time of each split, in ms. */
  readonly durationMs: number | null;
  readonly splitDurationsMs: readonly number[];
  /** How many times the trial was started (more than 1 when a run was interrupted and resumed). */
  readonly attempt: number;
  /** The failure (failed only). */
  readonly error: { readonly name: string; readonly code?: string; readonly message: string } | null;
}

/** What a search was, as recorded in `search.json`; a resumed search must match it. */
export interface SearchDescription {
  readonly format: 'ferry.trials/1';
  readonly pipeline: string;
  readonly metric: { readonly name: string; readonly higherIsBetter: boolean; readonly input: string };
  readonly splitter: Record<string, unknown>;
  readonly sampler: Record<string, unknown>;
  readonly seed: number;
  readonly nTrials: number;
  readonly earlyStopping: { readonly patience: number; readonly minDelta: number } | null;
  /** xxHash64 (hex) of the pipeline's dump (its classes, hyperparameters and space). */
  readonly pipelineHash: string;
  /** xxHash64 (hex) of the data (shapes and bytes). */
  readonly dataHash: string;
  readonly rows: number;
  readonly splits: number;
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const tagged = (value as { $number?: unknown }).$number;
    if (keys.length === 1 && typeof tagged === 'string') {
      if (tagged === 'NaN') return Number.NaN;
      if (tagged === 'Infinity') return Number.POSITIVE_INFINITY;
      if (tagged === '-Infinity') return Number.NEGATIVE_INFINITY;
    }
  }
  return value;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A record's bytes. */
export function encodeRecord(value: unknown): Uint8Array {
  return encoder.encode(`${JSON.stringify(value, replacer, 1)}\n`);
}

/** A record from its bytes; a {@link CorruptTrialRecordError} naming `key` when it is not JSON. */
export function decodeRecord(bytes: Uint8Array, key: string): unknown {
  try {
    return JSON.parse(decoder.decode(bytes), reviver);
  } catch (error) {
    throw new CorruptTrialRecordError(key, error instanceof Error ? error.message : String(error));
  }
}

const STATUSES: readonly string[] = ['started', 'success', 'failed'];

/** Checks that a decoded trial record has the shape Ferry writes. */
export function checkTrialRecord(value: unknown, key: string, expectedIndex: number): TrialRecord {
  const bad = (what: string): never => {
    throw new CorruptTrialRecordError(key, what);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad('not an object');
  const r = value as Record<string, unknown>;
  if (r.index !== expectedIndex) bad(`index is ${JSON.stringify(r.index)}, the key says ${expectedIndex}`);
  if (typeof r.status !== 'string' || !STATUSES.includes(r.status)) bad(`status ${JSON.stringify(r.status)}`);
  if (typeof r.hyperparams !== 'object' || r.hyperparams === null || Array.isArray(r.hyperparams)) bad('hyperparams');
  if (!Array.isArray(r.scores) || r.scores.some((s) => typeof s !== 'number')) bad('scores');
  if (r.score !== null && typeof r.score !== 'number') bad('score');
  if (r.status === 'success' && (r.score === null || (r.scores as number[]).length === 0))
    bad('success without scores');
  if (typeof r.startedAt !== 'string') bad('startedAt');
  if (!Number.isSafeInteger(r.attempt) || (r.attempt as number) < 1) bad('attempt');
  if (!Array.isArray(r.splitDurationsMs)) bad('splitDurationsMs');
  return r as unknown as TrialRecord;
}

/** Checks that a decoded `search.json` has the shape Ferry writes. */
export function checkSearchDescription(value: unknown, key: string): SearchDescription {
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== 'ferry.trials/1') {
    throw new CorruptTrialRecordError(key, 'not a ferry.trials/1 search description');
  }
  return value as SearchDescription;
}
