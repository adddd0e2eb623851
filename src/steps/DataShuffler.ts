import { InvalidInputError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { permutation } from '../kernels/blas.ts';
import { loadKernels } from '../kernels/loadKernels.ts';
import { type ArrayInput, asNDArray } from '../ndarray/asNDArray.ts';
import { allocateTyped } from '../ndarray/dtypes.ts';
import { NDArray } from '../ndarray/NDArray.ts';
import { BaseStep } from '../step/BaseStep.ts';
import type { DataContainer } from '../step/DataContainer.ts';

/**
 * Shuffles the rows of the inputs (and of the expected outputs, with the same permutation) with a
 * seeded permutation computed in WASM. Hyperparameters: `seed` (default 42) and
 * `incrementSeedAfterEachFit` (default true, like Neuraxle: each fit draws a new order).
 * Usually wrapped in a {@link TrainOnlyWrapper}.
 */
export class DataShuffler extends BaseStep {
  protected override defaultHyperparams(): Record<string, HyperparameterValue> {
    return { seed: 42, incrementSeedAfterEachFit: true };
  }

  override async handleFitTransform(data: DataContainer): Promise<DataContainer> {
    const out = await this.shuffle(data);
    this.markFitted();
    if (this.hyperparams.get('incrementSeedAfterEachFit') === true) {
      this.hyperparams = this.hyperparams.merge(
        new (this.hyperparams.constructor as new (v: Record<string, HyperparameterValue>) => typeof this.hyperparams)({
          seed: (this.hyperparams.get('seed') as number) + 1,
        }),
      );
    }
    return out;
  }

  override async handleTransform(data: DataContainer): Promise<DataContainer> {
    return this.shuffle(data);
  }

  protected transformStep(x: unknown): Promise<unknown> {
    return this.shuffle({ x }).then((d) => d.x);
  }

  private async shuffle(data: DataContainer): Promise<DataContainer> {
    const x = asNDArray(data.x as ArrayInput, `Step "${this.name}" inputs`);
    const n = x.ndim === 0 ? 0 : x.shape[0];
    const order = permutation(await loadKernels(), n, this.hyperparams.get('seed') as number);
    const y =
      data.y === undefined || data.y === null
        ? data.y
        : asNDArray(data.y as ArrayInput, `Step "${this.name}" expected outputs`);
    if (y && (y.ndim === 0 || y.shape[0] !== n)) {
      throw new InvalidInputError(
        `Step "${this.name}"`,
        `inputs have ${n} rows but expected outputs have ${y.ndim === 0 ? 0 : y.shape[0]}`,
      );
    }
    return { x: takeRows(x, order), y: y ? takeRows(y, order) : data.y };
  }
}

/** Rows of `a` in the order given by `order`. */
function takeRows(a: NDArray, order: Uint32Array): NDArray {
  const stride = a.ndim <= 1 ? 1 : a.size / a.shape[0];
  const out = allocateTyped(a.dtype, a.size);
  for (let i = 0; i < order.length; i++) {
    const from = order[i] * stride;
    (out as Float64Array).set((a.data as Float64Array).subarray(from, from + stride), i * stride);
  }
  return new NDArray(a.dtype, a.shape, out);
}
