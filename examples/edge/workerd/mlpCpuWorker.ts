/**
 * The MLP worker on tfjs's cpu backend (plain JavaScript kernels), for comparison with mlpWorker.ts
 * (wasm): `POST /predict/mlp` from the same bundled pack. `@tensorflow/tfjs` resolves to tfjsCpu.ts
 * in this bundle. Served alone by mlp-cpu.capnp; its answers are bit for bit Node's cpu answers.
 */
import * as tf from '@tensorflow/tfjs';
import { createPredictHandler, ExecutionContext, PackStorage } from 'ferryml';
// Registers TfjsModelStep and its saver, so that the dump loads.
import 'ferryml/tfjs';
import mlpPack from './mlp.ferrypack';

const predict = createPredictHandler({
  features: 100,
  maxBodyBytes: 256 * 1024,
  maxRows: 256,
  path: '/predict/mlp',
  load: async () => {
    await tf.setBackend('cpu');
    const storage = new PackStorage(new Uint8Array(mlpPack));
    return new ExecutionContext(storage).load(await storage.root());
  },
});

export default { fetch: predict };
