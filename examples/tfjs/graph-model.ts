/**
 * A tfjs graph model (what tfjs-converter makes of a TensorFlow or Keras model) as a pipeline step, with only
 * tfjs-core, tfjs-converter and the cpu backend installed: `ferryml/tfjs-graph` needs no tfjs-layers. The pipeline
 * scales its input, runs the graph, is saved quantized (uint8), packed into one file and loaded back without source.
 *
 * Run: node --import tsx examples/tfjs/graph-model.ts
 */
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { ExecutionContext, MemoryStorage, type NDArray, PackStorage, Pipeline, pack, StandardScaler } from 'ferryml';
import { TfjsGraphModelStep } from 'ferryml/tfjs-graph';
import { graphMlpArtifacts } from './graphMlp.ts';

await tf.setBackend('cpu');
// In an app: `await loadGraphModel('https://…/model.json')`. Here, a small graph built in memory.
const graph = await loadGraphModel(tf.io.fromMemory(graphMlpArtifacts([2, 3, 1], 256, 3)));
const rows = [
  [0.5, -1, 2, 0.25, 3, -0.75],
  [1, 1, 1, 1, 1, 1],
  [-2, 0.5, 0, 4, -1, 2],
];

const pipeline = new Pipeline([new StandardScaler(), new TfjsGraphModelStep({ model: graph, quantize: 'uint8' })]);
pipeline.setName('vision');
await pipeline.fit(rows, null); // fits the scaler; a graph model is inference only
const before = (await pipeline.transform(rows)) as NDArray;

const storage = new MemoryStorage();
await pipeline.save(new ExecutionContext(storage), { fullDump: true });
const bytes = await pack(storage, 'vision');
const loaded = await new ExecutionContext(new PackStorage(bytes)).load('vision');
const after = (await loaded.transform(rows)) as NDArray;

let maxDiff = 0;
for (let i = 0; i < before.data.length; i++)
  maxDiff = Math.max(maxDiff, Math.abs(Number(before.data[i]) - Number(after.data[i])));
console.log(`pack: ${bytes.byteLength} bytes (weights stored as uint8)`);
console.log(
  `probabilities of row 0 before: ${Array.from(before.data.subarray(0, 3) as Float32Array, (v) => v.toFixed(4)).join(', ')}`,
);
console.log(`max difference after the uint8 round trip: ${maxDiff.toExponential(2)}`);
