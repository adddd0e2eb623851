/**
 * Validation splitters (Neuraxle's `ValidationSplitter` and `KFoldCrossValidationSplitter`): which rows each trial
 * fits on and which it is scored on. Splits depend only on the number of rows and the search's seed, so every trial of
 * a search (and a resumed search) sees the same ones.
 */
import { SeededRandom } from '../hyperparams/random.ts';
import { InvalidAutoMLOptionError } from './errors.ts';

/** One split: rows to fit on and rows to score on, ascending. */
export interface ValidationSplit {
  readonly train: Int32Array;
  readonly validation: Int32Array;
}

/** Makes the splits of a search. */
export interface ValidationSplitter {
  /** What it is, as plain data (recorded with the search; a resumed search must use the same). */
  describe(): Record<string, unknown>;
  /** The splits of `n` rows for a search seeded with `seed`. */
  splits(n: number, seed: number): ValidationSplit[];
}

/** Rows 0..n-1 in a seeded random order (Fisher–Yates), or in order. */
function order(n: number, seed: number, shuffle: boolean): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (!shuffle) return idx;
  const r = new SeededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = r.int(0, i);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx;
}

function sorted(a: Int32Array): Int32Array {
  return a.slice().sort();
}

/** Options of {@link HoldoutSplitter}. */
export interface HoldoutOptions {
  /** Share of the rows scored on, in (0, 1) (default 0.2); rounded up, as scikit-learn's `train_test_split`. */
  readonly validationSize?: number;
  /** Shuffle the rows first, with the search's seed (default true). Without, the last rows are scored on. */
  readonly shuffle?: boolean;
}

/** One split: a share of the rows held out for scoring. */
export class HoldoutSplitter implements ValidationSplitter {
  readonly validationSize: number;
  readonly shuffle: boolean;

  constructor(options: HoldoutOptions = {}) {
    const v = options.validationSize ?? 0.2;
    if (!(v > 0 && v < 1)) throw new InvalidAutoMLOptionError('validationSize', `must be in (0, 1), got ${v}`);
    this.validationSize = v;
    this.shuffle = options.shuffle ?? true;
  }

  describe(): Record<string, unknown> {
    return { splitter: 'holdout', validationSize: this.validationSize, shuffle: this.shuffle };
  }

  splits(n: number, seed: number): ValidationSplit[] {
    const nVal = Math.ceil(this.validationSize * n);
    if (nVal < 1 || n - nVal < 1) {
      throw new InvalidAutoMLOptionError(
        'validationSize',
        `${this.validationSize} of ${n} rows leaves ${n - nVal} to fit on and ${nVal} to score on; both need one`,
      );
    }
    const idx = order(n, seed, this.shuffle);
    return [{ train: sorted(idx.subarray(0, n - nVal)), validation: sorted(idx.subarray(n - nVal)) }];
  }
}

/** Options of {@link KFoldSplitter}. */
export interface KFoldOptions {
  /** Number of folds, ≥ 2 (default 5). */
  readonly k?: number;
  /** Shuffle the rows first, with the search's seed (default true). */
  readonly shuffle?: boolean;
}

/** `k` splits, each scoring on one fold and fitting on the others (fold sizes as scikit-learn's `KFold`). */
export class KFoldSplitter implements ValidationSplitter {
  readonly k: number;
  readonly shuffle: boolean;

  constructor(options: KFoldOptions = {}) {
    const k = options.k ?? 5;
    if (!Number.isSafeInteger(k) || k < 2) throw new InvalidAutoMLOptionError('k', `must be an integer ≥ 2, got ${k}`);
    this.k = k;
    this.shuffle = options.shuffle ?? true;
  }

  describe(): Record<string, unknown> {
    return { splitter: 'kfold', k: this.k, shuffle: this.shuffle };
  }

  splits(n: number, seed: number): ValidationSplit[] {
    if (this.k > n) throw new InvalidAutoMLOptionError('k', `${this.k} folds need at least ${this.k} rows, got ${n}`);
    const idx = order(n, seed, this.shuffle);
    const out: ValidationSplit[] = [];
    let start = 0;
    for (let f = 0; f < this.k; f++) {
      const size = Math.floor(n / this.k) + (f < n % this.k ? 1 : 0);
      const validation = sorted(idx.subarray(start, start + size));
      const train = new Int32Array(n - size);
      train.set(idx.subarray(0, start), 0);
      train.set(idx.subarray(start + size), start);
      out.push({ train: sorted(train), validation });
      start += size;
    }
    return out;
  }
}
