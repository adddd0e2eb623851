/**
 * The Ferry worker of the ONNX comparison: the case's dump as a pack (a workerd `data` module), `ferryml`'s edge
 * build (kernels as a compiled `WebAssembly.Module` import, `./ferry.wasm`). Nothing compiles at run time.
 */
import { ExecutionContext, PackStorage } from 'ferryml';
import { ferryPredictor } from '../ferryPredictor.ts';
import { predictHandler } from './handle.ts';
import modelPack from './model.ferrypack';

/** Features per row, set at bundle time (esbuild `define`). */
declare const FEATURES: number;

const handle = predictHandler(async () => {
  const storage = new PackStorage(new Uint8Array(modelPack));
  return ferryPredictor(await new ExecutionContext(storage).load(await storage.root()), FEATURES);
});

export default { fetch: handle };
