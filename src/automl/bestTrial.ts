/**
 * The outcome of a search from its records: where early stopping stopped it and its best trial. It depends only on
 * the records by index, never on the order trials finished in, so parallel, sequential and resumed runs agree.
 */
import { NoSuccessfulTrialError } from './errors.ts';
import type { TrialRecord } from './trialRecord.ts';

/** Stop the search after `patience` trials in a row without an improvement greater than `minDelta`. */
export interface EarlyStopping {
  readonly patience: number;
  readonly minDelta?: number;
}

/** Where a search stands. */
export interface SearchOutcome {
  /** The best successful trial among those that count (ties: the lowest index), if any. */
  readonly best: TrialRecord | undefined;
  /** The index of the last trial that counts when early stopping stopped the search, else null. */
  readonly stoppedAt: number | null;
}

function beats(higherIsBetter: boolean, a: number, b: number, delta: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return higherIsBetter ? a > b + delta : a < b - delta;
}

/**
 * Early stopping walks the finished trials in index order from trial 0 (stopping at the first unfinished one): after
 * `patience` trials in a row that do not beat the best so far by more than `minDelta` (a failed trial never does), the
 * search stops there. The best trial is the best score among successful trials up to that index (all of them when it
 * did not stop); the lowest index wins ties.
 */
export function searchOutcome(
  trials: readonly TrialRecord[],
  higherIsBetter: boolean,
  earlyStopping: EarlyStopping | null,
): SearchOutcome {
  const byIndex = new Map(trials.map((t) => [t.index, t]));
  let stoppedAt: number | null = null;
  if (earlyStopping) {
    let bestScore: number | undefined;
    let since = 0;
    for (let i = 0; ; i++) {
      const t = byIndex.get(i);
      if (!t || t.status === 'started') break;
      const score = t.status === 'success' ? (t.score as number) : Number.NaN;
      if (
        bestScore === undefined
          ? !Number.isNaN(score)
          : beats(higherIsBetter, score, bestScore, earlyStopping.minDelta ?? 0)
      ) {
        bestScore = score;
        since = 0;
      } else if (++since >= earlyStopping.patience) {
        stoppedAt = i;
        break;
      }
    }
  }
  let best: TrialRecord | undefined;
  for (const t of [...trials].sort((a, b) => a.index - b.index)) {
    if (t.status !== 'success' || (stoppedAt !== null && t.index > stoppedAt)) continue;
    if (!best || beats(higherIsBetter, t.score as number, best.score as number, 0)) best = t;
  }
  return { best, stoppedAt };
}

/**
 * A finished search's trials in index order and its best trial; a {@link NoSuccessfulTrialError} (naming the first
 * failure) when no trial succeeded.
 */
export function finishedSearch(
  records: Iterable<TrialRecord>,
  outcome: SearchOutcome,
): { trials: TrialRecord[]; best: TrialRecord } {
  const trials = [...records].sort((a, b) => a.index - b.index);
  const best = outcome.best;
  if (!best) {
    const failed = trials.find((t) => t.error);
    throw new NoSuccessfulTrialError(
      trials.length,
      failed?.error ? `${failed.error.name}: ${failed.error.message}` : 'none',
    );
  }
  return { trials, best };
}
