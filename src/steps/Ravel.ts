import { type ArrayInput, asNDArray } from '../ndarray/asNDArray.ts';
import type { NDArray } from '../ndarray/NDArray.ts';
import { BaseStep } from '../step/BaseStep.ts';

/** Flattens its input to one dimension (numpy's `ravel`); `null`/`undefined` pass through. */
export class Ravel extends BaseStep {
  protected transformStep(x: unknown): NDArray | null | undefined {
    if (x === null || x === undefined) return x;
    const a = asNDArray(x as ArrayInput, `Step "${this.name}"`);
    return a.reshape([a.size]);
  }
}
