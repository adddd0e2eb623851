/**
 * A fresh Node process's first onnxruntime-web prediction (bundled by coldStart.ts, `onnxruntime-web` left to
 * Node: its node build, wasm read from the package): create the session, predict one row, print
 * `{"ms": performance.now(), ...}` — ms since the process started. Args: <model.onnx> <precision> <features> <row>.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { configureOrt, type OrtPrecision, ortPredictor } from '../ortPredictor.ts';

const [model, precision, features, row] = process.argv.slice(2);
configureOrt(ort);
const predictor = await ortPredictor(ort, readFileSync(model), precision as OrtPrecision, Number(features));
const out = await predictor.predict(Float64Array.from(JSON.parse(row) as number[]), 1);
const ms = performance.now();
console.log(JSON.stringify({ ms, labels: Array.from(out.labels), values: Array.from(out.values) }));
