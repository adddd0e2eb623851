/** Run by runtimes.test.ts under Deno and Bun: pickBackend() with the defaults, then one product on it. */
import * as tf from '@tensorflow/tfjs';
import { pickBackend } from '../../src/backend/index.ts';

tf.env().set('PROD', true);
const picked = await pickBackend();
const product = await tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])).data();
console.log(JSON.stringify({ ...picked, active: tf.getBackend(), product: [...product] }));
