/**
 * Writes the golden dumps of the current format version under test/golden/v<major>/ with the
 * predictions they must keep giving. Run once per format version (never to "fix" a failing golden
 * test: old dumps must keep loading with identical outputs).
 * Usage: node --import tsx scripts/make-golden.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { ExecutionContext, FileSystemStorage, FORMAT_MAJOR, type NDArray, Pipeline } from 'ferryml';
import { saveArrays, TfjsModelStep } from 'ferryml/tfjs';
import { buildSeedPipeline } from '../examples/seed/seedPipeline.ts';
import { buildSeedMlp } from '../examples/tfjs/mlp.ts';
import { GOLDEN_INPUTS } from '../test/golden/inputs.ts';

const dir = new URL(`../test/golden/v${FORMAT_MAJOR}/`, import.meta.url).pathname;
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const storage = new FileSystemStorage(dir);
const expected: Record<string, unknown> = {};

const seed = buildSeedPipeline('seed_pipeline');
await seed.fit([[0], [1], [2], [3]], [[0], [2], [4], [6]]);
await seed.save(new ExecutionContext(storage), { fullDump: true });
expected.seed_pipeline = Array.from(((await seed.transform(GOLDEN_INPUTS.seed)) as NDArray).data as Float64Array);

// The MXNet seed's MLP (256-256-1, relu, Normal(σ=1)) as a step of a pipeline, on tfjs's cpu backend.
await tf.setBackend('cpu');
const mlp = new Pipeline([new TfjsModelStep({ model: buildSeedMlp({ seed: 7 }), fitted: true })]).setName('mlp');
await mlp.save(new ExecutionContext(storage), { fullDump: true });
expected.mlp = Array.from(((await mlp.transform(GOLDEN_INPUTS.mlp)) as NDArray).data as Float32Array);

// The notebook's nd.save of a list and of a dict of arrays.
const X = tf.ones([100, 100]);
const Y = tf.zeros([100, 100]);
await saveArrays(storage, 'arrays/list.ferry', [X, Y]);
await saveArrays(storage, 'arrays/dict.ferry', { X, Y, small: tf.tensor1d([1.5, -2, 3.25]) });

writeFileSync(`${dir}expected.json`, `${JSON.stringify({ formatMajor: FORMAT_MAJOR, expected }, null, 1)}\n`);
console.log(`golden dumps written to ${dir}`);
