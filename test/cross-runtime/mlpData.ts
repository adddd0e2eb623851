/**
 * The cross-runtime MLP's weights and inputs, the same bits in every runtime (see mlpRandom.ts): the
 * MXNet seed's 100 → 256 (relu) → 256 (relu) → 1 network with every kernel from Normal(σ=1), and
 * (unlike gluon's zero biases, so that bias bytes are carried too) every bias from Normal(σ=0.5).
 */
import { normalF32, uniformF32 } from './mlpRandom.ts';

/** Input width, hidden width (the seed's 100 and 256). */
export const MLP_INPUTS = 100;
export const MLP_HIDDEN = 256;
/** Number of deterministic input rows predicted besides ones(1, 100). */
export const MLP_ROWS = 8;

/** One weight: its values and shape, in tfjs's `getWeights()` order. */
export interface MlpWeight {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Kernels and biases of the three Dense layers, in tfjs's order (kernel, bias per layer). */
export function mlpWeights(): MlpWeight[] {
  const widths = [MLP_INPUTS, MLP_HIDDEN, MLP_HIDDEN, 1];
  const out: MlpWeight[] = [];
  for (let l = 0; l < 3; l++) {
    const [nIn, nOut] = [widths[l], widths[l + 1]];
    out.push({ shape: [nIn, nOut], values: normalF32(nIn * nOut, 1000 + l, 1) });
    out.push({ shape: [nOut], values: normalF32(nOut, 2000 + l, 0.5) });
  }
  return out;
}

/** {@link MLP_ROWS} rows of {@link MLP_INPUTS} values uniform in [-1, 1), row-major. */
export function mlpRows(): Float32Array {
  return uniformF32(MLP_ROWS * MLP_INPUTS, 3000, -1, 1);
}
