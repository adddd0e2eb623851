/**
 * What the ONNX side-by-side compares: a predictor (Ferry or onnxruntime-web) that turns a batch of rows into the
 * outputs scikit-learn gives for the same estimator, and the comparison of those outputs with scikit-learn's
 * (bench/onnx/models/reference.json, written by make_onnx.py). No runtime-specific imports: the same code runs
 * in Node, in the Chromium pages and in the workerd workers.
 */

/** What a case's estimator outputs, as scikit-learn names it. */
export type CaseKind = 'classifier' | 'kmeans' | 'regressor';

/** One batch's outputs: labels (classifiers, KMeans; empty for regressors) and the values beside them. */
export interface ModelOutputs {
  /** Predicted labels (`predict`), one per row; empty for a regressor. */
  readonly labels: Float64Array;
  /** Row-major `[rows, cols]`: `predict_proba` (classifier), `transform` distances (KMeans), `predict` (regressor). */
  readonly values: Float64Array;
  readonly cols: number;
}

/** A loaded model: `predict(x, rows)` takes `rows` row-major float64 rows. */
export interface Predictor {
  predict(x: Float64Array, rows: number): Promise<ModelOutputs>;
}

/** scikit-learn's outputs on a case's rows, flattened (the part of a reference case the comparison needs). */
export interface ExpectedOutputs {
  readonly labels: Float64Array;
  readonly values: Float64Array;
  readonly cols: number;
}

/** How far a predictor's outputs are from scikit-learn's. */
export interface Agreement {
  readonly rows: number;
  /** max |ours − sklearn| over every value. */
  readonly maxAbsDiff: number;
  /** max |ours − sklearn| / max(1, |sklearn|): the scale-free figure for regressions and distances. */
  readonly maxScaledDiff: number;
  /** Rows whose label differs from scikit-learn's. */
  readonly labelMismatches: number;
}

/**
 * Compares `got` (a batch of `rows` rows) with `expected`; the batch's row i is the reference's row
 * `i % expected rows` (the benchmark's larger batches cycle through the data set).
 */
export function compareOutputs(got: ModelOutputs, expected: ExpectedOutputs, rows: number): Agreement {
  const refRows = expected.values.length / expected.cols;
  if (got.cols !== expected.cols || got.values.length !== rows * got.cols)
    throw new Error(`outputs are [${got.values.length / got.cols}, ${got.cols}], expected [${rows}, ${expected.cols}]`);
  if (got.labels.length !== (expected.labels.length > 0 ? rows : 0))
    throw new Error(`${got.labels.length} labels for ${rows} rows`);
  let maxAbsDiff = 0;
  let maxScaledDiff = 0;
  let labelMismatches = 0;
  for (let i = 0; i < rows; i++) {
    const r = i % refRows;
    for (let c = 0; c < got.cols; c++) {
      const want = expected.values[r * got.cols + c];
      const diff = Math.abs(got.values[i * got.cols + c] - want);
      // NaN never compares greater: count it as an infinite difference.
      const d = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff;
      maxAbsDiff = Math.max(maxAbsDiff, d);
      maxScaledDiff = Math.max(maxScaledDiff, d / Math.max(1, Math.abs(want)));
    }
    if (got.labels.length > 0 && got.labels[i] !== expected.labels[r]) labelMismatches++;
  }
  return { rows, maxAbsDiff, maxScaledDiff, labelMismatches };
}

/** `rows` rows cycled from the `refRows` rows of `x` (`d` features each), row-major. */
export function cycleRows(x: Float64Array, d: number, rows: number): Float64Array {
  const refRows = x.length / d;
  const out = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) out.set(x.subarray((i % refRows) * d, ((i % refRows) + 1) * d), i * d);
  return out;
}
