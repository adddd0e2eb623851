/** Loads @tensorflow/tfjs with the WASM backend (XNNPACK, SIMD, one thread in Node) from the local node_modules. */
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** The tfjs namespace with the 'wasm' backend active. */
export async function tfjsWasm(): Promise<typeof tf> {
  setWasmPaths(fileURLToPath(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
  await tf.setBackend('wasm');
  await tf.ready();
  if (tf.getBackend() !== 'wasm') throw new Error(`tfjs backend is ${tf.getBackend()}, not wasm`);
  return tf;
}
