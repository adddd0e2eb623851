/**
 * The onnxruntime-web page of the Chromium measurements: `onnxruntime-web/wasm` (its wasm fetched from /ort/ and
 * compiled by the page; the JS glue is in the bundle), the graph of the precision in the URL (`?precision=float32|float64`).
 */
import * as ort from 'onnxruntime-web/wasm';
import { configureOrt, type OrtPrecision, ortPredictor } from '../ortPredictor.ts';
import { startPage } from './harness.ts';

configureOrt(ort);
// Only the wasm: the JS glue is already in this bundle (onnxruntime-web/wasm is the glue-embedding build).
ort.env.wasm.wasmPaths = { wasm: '/ort/ort-wasm-simd-threaded.wasm' };
const precision = (new URLSearchParams(location.search).get('precision') ?? 'float32') as OrtPrecision;

await startPage(async (features) => {
  const model = new Uint8Array(await (await fetch(`/model.${precision}.onnx`)).arrayBuffer());
  return ortPredictor(ort, model, precision, features);
});
