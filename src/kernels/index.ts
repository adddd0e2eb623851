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
export { type GemmOptions, gemmF32, gemmF32Ptr, gemmF64, gemmF64Ptr } from './gemm.ts';
export {
  fitKMeans,
  type KMeansFitOptions,
  type KMeansFitResult,
  nearestCenters,
  type RowsAndCenters,
  squaredDistancesToCenters,
} from './kmeans.ts';
export { type LbfgsOptions, type LbfgsResult, minimizeLbfgs, type ObjectiveFn } from './lbfgs.ts';
export {
  type LeastSquaresOptions,
  type LeastSquaresResult,
  type SymmetricEigen,
  solveLeastSquares,
  symmetricEigen,
} from './linearSolve.ts';
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
export { type PrincipalAxes, principalAxes, projectCentered, unproject } from './pca.ts';
export { scoped } from './scoped.ts';
export { assertWasmSimd, type ValidateFn } from './simd.ts';
export {
  columnMean,
  columnMeanVar,
  columnMinMax,
  fitStandardize,
  logSumExpRows,
  mulAddColumns,
  type StandardizeStats,
  sigmoid,
  softmaxRows,
  subDivColumns,
  uniform,
} from './stats.ts';
