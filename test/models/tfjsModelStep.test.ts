import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  DataShuffler,
  ExecutionContext,
  FileSystemStorage,
  InvalidInputError,
  LifecycleError,
  MemoryStorage,
  type NDArray,
  Pipeline,
  Ravel,
  TrainOnlyWrapper,
} from 'ferryml';
import { TfjsModelStep } from '../../src/models/index.ts';
import { sameBits, useCpuBackend } from './helpers.ts';
import { buildMlp } from './mlp.ts';

const tf = await useCpuBackend();
const tmp = mkdtempSync(join(tmpdir(), 'ferry-tfjs-step-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** y = 2·x0 − x1 + 0.5, on a seeded grid. */
function data(n: number): { x: number[][]; y: number[] } {
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = ((i * 37) % 17) / 8 - 1;
    const b = ((i * 11) % 13) / 6 - 1;
    x.push([a, b]);
    y.push(2 * a - b + 0.5);
  }
  return { x, y };
}

function modelStep(): TfjsModelStep {
  const net = buildMlp(tf, { inputs: 2, hidden: 16, sigma: 0.3 });
  net.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
  return new TfjsModelStep({ model: net, hyperparams: { epochs: 30, batchSize: 8 } });
}

function pipeline(): Pipeline {
  return new Pipeline([new TrainOnlyWrapper(new DataShuffler()), modelStep(), new Ravel()]).setName('regression');
}

describe('TfjsModelStep', () => {
  it('fits and predicts inside a Pipeline with classical steps; the loaded pipeline predicts the same bits', async () => {
    const { x, y } = data(64);
    const p = pipeline();
    await p.fit(x, y);
    const step = p.getStep('TfjsModelStep') as TfjsModelStep;
    assert.ok(step.lastFitLogs && step.lastFitLogs.loss < 0.5, `training lowered the loss (${step.lastFitLogs?.loss})`);
    const predicted = (await p.transform(x)) as NDArray;
    assert.deepEqual(predicted.shape, [64]);

    const storage = new MemoryStorage();
    await p.save(new ExecutionContext(storage), { fullDump: true });
    const files = await storage.list('regression');
    assert.ok(files.includes('regression/TfjsModelStep/model.ferry'));
    assert.ok(files.includes('regression/TfjsModelStep/TfjsModelStep.ferry'));

    const loaded = (await new ExecutionContext(storage).load('regression')) as Pipeline;
    const again = (await loaded.transform(x)) as NDArray;
    assert.ok(sameBits(again.data as Float32Array, predicted.data as Float32Array));
    // The loaded model is compiled again, so training goes on.
    const loadedStep = loaded.getStep('TfjsModelStep') as TfjsModelStep;
    assert.ok(loadedStep.model?.optimizer);
    await loaded.fit(x, y);
  });

  it('a fresh process that imports only ferryml and ferryml/tfjs loads and predicts', async () => {
    const { x, y } = data(32);
    const p = pipeline();
    await p.fit(x, y);
    const predicted = (await p.transform(x)) as NDArray;
    const root = join(tmp, 'dump');
    await p.save(new ExecutionContext(new FileSystemStorage(root)), { fullDump: true });
    const loader = fileURLToPath(new URL('./loadInFreshProcess.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', loader, root, 'regression', JSON.stringify(x)], {
      encoding: 'utf8',
    });
    const bytes = Buffer.from(out.trim(), 'base64');
    const fromChild = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    assert.ok(sameBits(fromChild, predicted.data as Float32Array));
  });

  it('refuses fit without compile and transform before fit, naming the step', async () => {
    const raw = new TfjsModelStep({ model: buildMlp(tf, { inputs: 2, hidden: 2 }), name: 'raw' });
    await assert.rejects(
      raw.fit([[1, 2]], [1]),
      (e: unknown) => e instanceof LifecycleError && /"raw".*compile/.test(e.message),
    );
    await assert.rejects(
      raw.transform([[1, 2]]),
      (e: unknown) => e instanceof LifecycleError && /before fit/.test(e.message),
    );
    const pretrained = new TfjsModelStep({ model: buildMlp(tf, { inputs: 2, hidden: 2 }), fitted: true });
    assert.deepEqual(((await pretrained.transform([[1, 2]])) as NDArray).shape, [1, 1]);
  });

  it('answers inputs of the wrong width with InvalidInputError naming the step, leaving no tensors (tfjs would throw its own ValueError)', async () => {
    const step = new TfjsModelStep({ model: buildMlp(tf, { inputs: 2, hidden: 2 }), name: 'narrow', fitted: true });
    const before = tf.memory().numTensors;
    await assert.rejects(
      step.transform([[1, 2, 3]]),
      (e: unknown) =>
        e instanceof InvalidInputError &&
        e.message === 'Step "narrow" inputs: the model takes inputs of shape [rows, 2]; got [1, 3]',
    );
    assert.equal(tf.memory().numTensors, before, 'the refused input tensor is disposed');
    assert.deepEqual(((await step.transform([[1, 2]])) as NDArray).shape, [1, 1]);
  });

  it('refuses training data that does not fit the model with InvalidInputError naming the step, leaving no tensors', async () => {
    const step = modelStep().setName('fit');
    const cases: [number[][], unknown, string][] = [
      [[[1, 2, 3]], [1], 'Step "fit" inputs: the model takes inputs of shape [rows, 2]; got [1, 3]'],
      [[[1, 2]], [[1, 2]], 'Step "fit" expected outputs: the model gives outputs of shape [rows, 1]; got [1, 2]'],
      [
        [
          [1, 2],
          [3, 4],
        ],
        [1, 2, 3],
        'Step "fit": 2 rows of inputs but 3 rows of expected outputs',
      ],
    ];
    for (const [x, y, message] of cases) {
      const before = tf.memory().numTensors;
      await assert.rejects(step.fit(x, y), (e: unknown) => e instanceof InvalidInputError && e.message === message);
      assert.equal(tf.memory().numTensors, before, message);
    }
    // Expected outputs that fail to convert do not leak the inputs' tensor either.
    const before = tf.memory().numTensors;
    await assert.rejects(step.fit([[1, 2]], [['a']] as never), (e: unknown) => e instanceof InvalidInputError);
    assert.equal(tf.memory().numTensors, before);
    // Sparse categorical cross-entropy takes class indices, one per row (as tfjs does).
    const classifier = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [2], units: 3, activation: 'softmax' })],
    });
    classifier.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    const sparse = new TfjsModelStep({ model: classifier, name: 'sparse', hyperparams: { epochs: 1 } });
    await sparse.fit(
      [
        [1, 2],
        [3, 4],
      ],
      [0, 2],
    );
    await assert.rejects(
      sparse.fit([[1, 2]], [[0, 1, 0]]),
      (e: unknown) =>
        e instanceof InvalidInputError &&
        e.message ===
          'Step "sparse" expected outputs: sparse categorical cross-entropy takes expected outputs of shape [rows, 1]; got [1, 3]',
    );
  });

  it('setup() picks the backend named by the `backend` hyperparameter and reports it', async () => {
    const step = new TfjsModelStep({
      model: buildMlp(tf, { inputs: 2, hidden: 2 }),
      fitted: true,
      hyperparams: { backend: ['cpu'] },
    });
    await step.setup();
    assert.equal(step.backend?.name, 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    const bad = new TfjsModelStep({ model: buildMlp(tf, { inputs: 2, hidden: 2 }), hyperparams: { backend: ['gpu'] } });
    await assert.rejects(bad.setup(), /backend.*must be null, 'auto' or a list/);
  });
});
