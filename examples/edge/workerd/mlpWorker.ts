/**
 * A workerd worker serving the MXNet seed's MLP (a TfjsModelStep) from a bundled pack on
 * `POST /predict/mlp`, on tfjs's wasm backend (XNNPACK kernels, SIMD). workerd forbids compiling
 * WebAssembly at run time, so the backend's binary is a `wasm` module of the config (compiled when
 * the worker loads) and `pickBackend` instantiates it: nothing is compiled at run time.
 * `@tensorflow/tfjs` resolves to tfjsWasm.ts in this bundle (tfjs-core and tfjs-layers).
 */
import { createPredictHandler, ExecutionContext, PackStorage } from 'ferryml';
// pickBackend; importing ferryml/tfjs also registers TfjsModelStep and its saver, so that the dump loads.
import { pickBackend } from 'ferryml/tfjs';
import mlpPack from './mlp.ferrypack';
// @tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm, a compiled WebAssembly.Module.
import tfjsWasm from './tfjs-backend-wasm-simd.wasm';

const predict = createPredictHandler({
  features: 100,
  maxBodyBytes: 256 * 1024,
  maxRows: 256,
  path: '/predict/mlp',
  load: async () => {
    // Only wasm: a failure is an error answer, never a silent switch to the slower cpu backend
    // (order ['wasm', 'cpu'] would fall back, with the cpu backend bundled too).
    await pickBackend({ order: ['wasm'], wasmModule: tfjsWasm });
    const storage = new PackStorage(new Uint8Array(mlpPack));
    return new ExecutionContext(storage).load(await storage.root());
  },
});

export default { fetch: predict };
