/**
 * A workerd worker serving the Neuraxle seed pipeline from a bundled pack: `POST /predict` with
 * `{"inputs": [[x], ...]}` answers `{"predictions": [...]}`. The pack is a `data` module (an
 * ArrayBuffer), the kernels a `wasm` module (a compiled `WebAssembly.Module`): nothing is compiled at
 * run time. With an `MLP` service binding (config.capnp), `/predict/mlp` is forwarded to the MLP worker.
 */
import { createPredictHandler, ExecutionContext, PackStorage } from 'ferryml';
// Registers IdentityWithQueue and its saver, so that the dump loads.
import '../../seed/IdentityWithQueue.ts';
import seedPack from './seed.ferrypack';

/** The worker's bindings: an optional service binding to the MLP worker. */
interface Env {
  readonly MLP?: { fetch(request: Request): Promise<Response> };
}

const predict = createPredictHandler({
  features: 1,
  maxBodyBytes: 64 * 1024,
  load: async () => {
    const storage = new PackStorage(new Uint8Array(seedPack));
    return new ExecutionContext(storage).load(await storage.root());
  },
});

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    if (env.MLP && new URL(request.url).pathname === '/predict/mlp') return env.MLP.fetch(request);
    return predict(request);
  },
};
