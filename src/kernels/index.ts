export { Arena } from './arena.ts';
export {
  axpyF32,
  axpyF64,
  dotF32,
  dotF64,
  type GemvOptions,
  gemvF32,
  gemvF64,
  permutation,
  scalF32,
  scalF64,
} from './blas.ts';
export type { FerryExports } from './exports.ts';
export { type LbfgsOptions, type LbfgsResult, minimizeLbfgs, type ObjectiveFn } from './lbfgs.ts';
export {
  type KernelSource,
  type KernelSourceProvider,
  type Kernels,
  loadKernels,
  resetKernelCacheForTests,
  setDefaultKernelSource,
} from './loadKernels.ts';
export {
  decisionFunction,
  fitLogisticRegression,
  type LogisticFitOptions,
  type LogisticFitResult,
  predictProba,
} from './logisticRegression.ts';
export { assertWasmSimd, type ValidateFn } from './simd.ts';
