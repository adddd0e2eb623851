/**
 * What `@tensorflow/tfjs` resolves to in the wasm MLP worker's bundle (mlpWorker.ts): tfjs-core and
 * tfjs-layers only. The wasm backend itself is imported by `pickBackend` (ferryml/tfjs), which
 * creates it from the precompiled `tfjs-backend-wasm-simd.wasm` module; the cpu and webgl backends,
 * the converter and tfjs-data are not needed to run a LayersModel on wasm.
 */
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
