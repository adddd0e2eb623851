/**
 * The graph model worker on tfjs's cpu backend, for comparison with graphWorker.ts (wasm):
 * `POST /predict/graph` from the same pack, with tfjs-core, tfjs-converter and the cpu backend.
 */
import { createPredictHandler, ExecutionContext, PackStorage } from 'ferryml';
import { pickBackend } from 'ferryml/tfjs-graph';
import graphPack from './graph.ferrypack';

const predict = createPredictHandler({
  features: 100,
  maxBodyBytes: 256 * 1024,
  maxRows: 256,
  path: '/predict/graph',
  load: async () => {
    await pickBackend({ order: ['cpu'] });
    const storage = new PackStorage(new Uint8Array(graphPack));
    return new ExecutionContext(storage).load(await storage.root());
  },
});

export default { fetch: predict };
