/**
 * What `@tensorflow/tfjs` resolves to in the MLP worker's bundle: tfjs-core, tfjs-layers and the cpu
 * backend only. The rest of the umbrella package is no use on workerd (webgl needs a GPU context, the
 * converter and tfjs-data are not used to run a LayersModel), and the wasm backend cannot run there:
 * it always compiles its `.wasm` from fetched bytes, with no way to hand it a precompiled
 * `WebAssembly.Module`, and workerd forbids compiling WASM at run time.
 */
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

export * from '@tensorflow/tfjs-backend-cpu';
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
