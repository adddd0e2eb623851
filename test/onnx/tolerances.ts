/**
 * The tolerances of the ONNX comparison's tests, on |ours − sklearn| / max(1, |sklearn|) (the plain absolute
 * difference for probabilities, which are at most 1):
 * - Ferry, and onnxruntime on the float64 graphs: 1e-12;
 * - onnxruntime on the float32 graphs (sklearn-onnx's default: ai.onnx.ml Scaler/LinearClassifier/LinearRegressor,
 *   which compute in float32 from float32 inputs): 1e-6 for probabilities and regressions; 1e-4 for KMeans
 *   distances, where the square root of a float32 ‖x‖² − 2x·c + ‖c‖² near a center amplifies its rounding
 *   (measured 3.7e-5 on iris).
 * Labels must be identical.
 */
import assert from 'node:assert/strict';
import type { OrtPrecision } from '../../bench/onnx/ortPredictor.ts';
import type { Agreement } from '../../bench/onnx/predictor.ts';
import type { OnnxCase } from '../../bench/onnx/reference.ts';

/** Who computed the outputs. */
export type Contender = 'ferry' | OrtPrecision;

/** The largest scaled difference allowed for `who` on case `c`. */
export function tolerance(c: OnnxCase, who: Contender): number {
  if (who !== 'float32') return 1e-12;
  return c.kind === 'kmeans' ? 1e-4 : 1e-6;
}

/** Prints the agreement and fails beyond the tolerance or on any label difference. */
export function checkAgreement(where: string, who: Contender, c: OnnxCase, a: Agreement): void {
  const what = `${where} ${who === 'ferry' ? 'Ferry' : `ORT ${who}`} ${c.name}`;
  console.log(
    `  ${what}: max |diff| ${a.maxAbsDiff.toExponential(2)}, scaled ${a.maxScaledDiff.toExponential(2)}, ` +
      `${a.labelMismatches} label mismatches over ${a.rows} rows`,
  );
  assert.equal(a.rows, c.rows);
  const tol = tolerance(c, who);
  assert.ok(a.maxScaledDiff <= tol, `${what}: scaled difference ${a.maxScaledDiff} > ${tol}`);
  assert.equal(a.labelMismatches, 0, `${what}: labels differ from scikit-learn's`);
}
