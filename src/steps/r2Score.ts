/**
 * The coefficient of determination R² of predictions `yPred` for targets `yTrue` (both row-major n×t), as
 * scikit-learn 1.2's `r2_score(y_true, y_pred, sample_weight=sw)` computes it: per target
 * 1 − Σ w·(y − ŷ)² / Σ w·(y − ȳ_w)² (ȳ_w the weighted mean), 1 when the predictions are exact, 0 when the
 * targets are constant but the predictions are not (`force_finite`), then the plain mean over the t targets
 * (`multioutput='uniform_average'`). Fewer than two rows give NaN, as in scikit-learn (which also warns).
 */
export function r2Score(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  n: number,
  t: number,
  sw?: Float64Array,
): number {
  if (n < 2) return Number.NaN;
  let total = 0;
  for (let c = 0; c < t; c++) {
    let wSum = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      const w = sw ? sw[i] : 1;
      wSum += w;
      mean += w * yTrue[i * t + c];
    }
    mean /= wSum;
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const w = sw ? sw[i] : 1;
      const y = yTrue[i * t + c];
      const r = y - yPred[i * t + c];
      const dev = y - mean;
      num += w * r * r;
      den += w * dev * dev;
    }
    total += num === 0 ? 1 : den === 0 ? 0 : 1 - num / den;
  }
  return total / t;
}
