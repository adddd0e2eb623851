/** The Ferry page of the Chromium measurements: ferryml's browser build (kernels embedded), the case's pack. */
import { ExecutionContext, PackStorage } from 'ferryml';
import { ferryPredictor } from '../ferryPredictor.ts';
import { startPage } from './harness.ts';

await startPage(async (features) => {
  const storage = new PackStorage(new Uint8Array(await (await fetch('/model.ferrypack')).arrayBuffer()));
  return ferryPredictor(await new ExecutionContext(storage).load(await storage.root()), features);
});
