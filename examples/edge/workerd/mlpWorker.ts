/**
 * A workerd worker serving the MXNet seed's MLP (a TfjsModelStep) from a bundled pack on
 * `POST /predict/mlp`. tfjs runs on its cpu backend: the best one workerd allows (see tfjsCpu.ts,
 * which `@tensorflow/tfjs` resolves to in this bundle).
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
