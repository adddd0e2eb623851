export { type ArrayInput, asMatrixF64, asNDArray, castNDArray } from './asNDArray.ts';
export * from './dtypes.ts';
export { isNDArray, NDArray, type NestedNumbers, shapeSize } from './NDArray.ts';
