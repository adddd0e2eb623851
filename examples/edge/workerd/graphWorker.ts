/**
 * A workerd worker serving a tfjs graph model (a TfjsGraphModelStep) from a bundled pack on
 * `POST /predict/graph`, on tfjs's wasm backend from the precompiled `tfjs-backend-wasm-simd.wasm`
 * module (see mlpWorker.ts). It imports `ferryml/tfjs-graph`, so the bundle has tfjs-core,
 * tfjs-converter and the wasm backend, and no tfjs-layers.
 */
import { createPredictHandler, ExecutionContext, PackStorage } from 'ferryml';
// pickBackend; importing ferryml/tfjs-graph also registers TfjsGraphModelStep and its saver.
import { pickBackend } from 'ferryml/tfjs-graph';
import graphPack from './graph.ferrypack';
import tfjsWasm from './tfjs-backend-wasm-simd.wasm';

const predict = createPredictHandler({
  features: 100,
  maxBodyBytes: 256 * 1024,
  maxRows: 256,
  path: '/predict/graph',
  load: async () => {
    await pickBackend({ order: ['wasm'], wasmModule: tfjsWasm });
    const storage = new PackStorage(new Uint8Array(graphPack));
    return new ExecutionContext(storage).load(await storage.root());
  },
});

export default { fetch: predict };
