import { InvalidInputError, LifecycleError } from '../errors/index.ts';
import { type ArrayInput, asMatrixF64 } from '../ndarray/asNDArray.ts';
import type { NDArray } from '../ndarray/NDArray.ts';

/** A float64 row-major matrix view of step input. */
export interface MatrixInput {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** The step's input `x` as a float64 n×d matrix (1-d input is one column); errors name the step. */
export function inputMatrix(stepName: string, x: unknown): MatrixInput {
  return asMatrixF64(x as ArrayInput, `Step "${stepName}" inputs`);
}

/** An {@link InvalidInputError} unless X has the number of features the step was fitted with. */
export function checkFeatureCount(stepName: string, X: MatrixInput, nFeaturesIn: number): void {
  if (X.cols !== nFeaturesIn) {
    throw new InvalidInputError(
      `Step "${stepName}"`,
      `X has ${X.cols} features, but the step was fitted with ${nFeaturesIn} features`,
    );
  }
}

/** An {@link InvalidInputError} unless X has at least `min` rows. */
export function checkMinRows(stepName: string, X: MatrixInput, min: number, why: string): void {
  if (X.rows < min) {
    throw new InvalidInputError(
      `Step "${stepName}"`,
      `found array with ${X.rows} sample(s) while a minimum of ${min} is required ${why}`,
    );
  }
}

/** The fitted field's value, or a {@link LifecycleError} naming the step and field when it was never fitted. */
export function fitted(stepName: string, field: string, value: NDArray | null): NDArray {
  if (value === null) throw new LifecycleError(stepName, `field "${field}" is not set: call fit() first`);
  return value;
}
