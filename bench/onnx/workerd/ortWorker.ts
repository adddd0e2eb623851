/**
 * The onnxruntime-web worker of the ONNX comparison, on workerd. workerd (like Cloudflare Workers) refuses to
 * compile WebAssembly from bytes ("Wasm code generation disallowed by embedder"), and onnxruntime-web 1.30 always
 * compiles its wasm from bytes (`WebAssembly.instantiate(bytes)`, or `instantiateStreaming(fetch(...))`); its
 * emscripten glue has an `instantiateWasm` hook, but onnxruntime-web does not pass one through. So the worker
 * embeds `ort-wasm-simd-threaded.wasm` as a `wasm` module (compiled by workerd when the worker loads), gives
 * onnxruntime a placeholder `wasmBinary` (which skips the fetch), and redirects the one
 * `WebAssembly.instantiate(bytes, imports)` call to the precompiled module.
 *
 * Built with `WASM_AS: 'bytes'` (the wasm embedded as a `data` module and handed to onnxruntime as `wasmBinary`,
 * the documented way to give it its binary), the worker shows why: onnxruntime's own instantiate is refused.
 */
import * as ort from 'onnxruntime-web/wasm';
import { configureOrt, ortPredictor } from '../ortPredictor.ts';
import { predictHandler } from './handle.ts';
import model from './model.onnx';
import ortWasm from './ort-wasm-simd-threaded.wasm';
import { usePrecompiledWasm } from './precompiledWasm.ts';

/** Features per row, the graph's input type and how the wasm is handed over, set at bundle time (esbuild `define`). */
declare const FEATURES: number;
declare const PRECISION: 'float32' | 'float64';
declare const WASM_AS: 'module' | 'bytes';

configureOrt(ort);
if (WASM_AS === 'module') {
  usePrecompiledWasm(ortWasm);
  ort.env.wasm.wasmBinary = new Uint8Array(8); // a placeholder: skips the fetch; never compiled
} else {
  ort.env.wasm.wasmBinary = ortWasm as unknown as ArrayBuffer; // a `data` module: the bytes
}

const handle = predictHandler(() => ortPredictor(ort, new Uint8Array(model), PRECISION, FEATURES));

export default { fetch: handle };
