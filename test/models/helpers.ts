/** Shared set-up of the tfjs tests: the cpu backend, without tfjs's Node.js banner. */
import * as tf from '@tensorflow/tfjs';

/** Uses tfjs's cpu backend (deterministic, no native code) and keeps test output tidy. */
export async function useCpuBackend(): Promise<typeof tf> {
  // PROD silences tfjs's console banner ("looks like you are running TensorFlow.js in Node.js").
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  return tf;
}

/** Bit-level equality of two float32 arrays (distinguishes -0 and +0, compares NaN payloads). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}
