import { InvalidInputError } from '../errors/index.ts';
import { type ArrayInput, asNDArray } from '../ndarray/asNDArray.ts';

/** Options of a `fit` that accepts per-row weights. */
export interface WeightedFitOptions {
  /**
   * One weight per row, scikit-learn's `sample_weight` (a row of weight 2 counts as that row twice). Weights must be
   * finite and ≥ 0 with a positive sum; omitted, every row weighs 1.
   */
  readonly sampleWeight?: ArrayInput;
}

/**
 * The checked weights as float64, or undefined when none were given. Unlike scikit-learn 1.2, which accepts them
 * silently, a negative, NaN or infinite weight, or an all-zero vector, is an {@link InvalidInputError} naming the step.
 */
export function sampleWeightOf(
  stepName: string,
  weights: ArrayInput | undefined,
  rows: number,
): Float64Array | undefined {
  if (weights === undefined) return undefined;
  const where = `Step "${stepName}" sampleWeight`;
  const a = asNDArray(weights, where);
  if (a.ndim !== 1 || a.shape[0] !== rows)
    throw new InvalidInputError(where, `expected shape [${rows}] (one weight per row), got [${a.shape.join(', ')}]`);
  const w = Float64Array.from(a.data as ArrayLike<number>, Number);
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    if (!Number.isFinite(w[i]) || w[i] < 0)
      throw new InvalidInputError(where, `weight ${i} is ${w[i]}; weights must be finite and >= 0`);
    sum += w[i];
  }
  if (!(sum > 0)) throw new InvalidInputError(where, 'the weights sum to 0');
  return w;
}

const pending = new WeakMap<object, ArrayInput>();

/**
 * Runs `fit` with `weights` waiting for `step`'s fitStep (read with {@link takeSampleWeight}); kept outside the step
 * so that it is never a saved field.
 */
export async function withSampleWeight<T>(
  step: object,
  weights: ArrayInput | undefined,
  fit: () => Promise<T>,
): Promise<T> {
  if (weights === undefined) pending.delete(step);
  else pending.set(step, weights);
  try {
    return await fit();
  } finally {
    pending.delete(step);
  }
}

/** The weights given to the fit now running on `step`, or undefined. */
export function takeSampleWeight(step: object): ArrayInput | undefined {
  return pending.get(step);
}
