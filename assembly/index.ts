// Ferry's WASM numeric core. Every export takes raw pointers into `memory` plus lengths.

export * from './checksum';
export * from './gemm';
export * from './kmeans';
export * from './linalg';
export * from './logistic';
export * from './lstsq';
export * from './random';
export * from './solve';
export * from './stats';

/** First byte past the static data: the JS arena allocates from here (16-byte aligned). */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
