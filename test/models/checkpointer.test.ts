import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as tfType from '@tensorflow/tfjs';
import { MemoryStorage } from 'ferryml';
import { CheckpointError } from '../../src/errors/modelErrors.ts';
import { Checkpointer } from '../../src/models/Checkpointer.ts';
import { deriveCheckpointMode } from '../../src/models/checkpointMode.ts';
import { namedWeights } from '../../src/models/parameterNames.ts';
import { sameBits, useCpuBackend } from './helpers.ts';
import { buildMlp } from './mlp.ts';

const tf = await useCpuBackend();

/** A small regression problem: y = x · w + noise, all drawn from seeded generators. */
function regression(n: number, d: number): { x: tfType.Tensor; y: tfType.Tensor } {
  const x = tf.randomNormal([n, d], 0, 1, 'float32', 11);
  const w = tf.randomNormal([d, 1], 0, 1, 'float32', 12);
  const y = tf.add(tf.matMul(x, w), tf.randomNormal([n, 1], 0, 0.1, 'float32', 13));
  return { x, y };
}

function compiled(seed: number): tfType.Sequential {
  const net = buildMlp(tf, { inputs: 4, hidden: 8, seed, sigma: 0.3 });
  net.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  return net;
}

async function weightsOf(model: tfType.LayersModel): Promise<Float32Array[]> {
  return Promise.all(namedWeights(model).map(async (w) => (await w.weight.read().data()) as Float32Array));
}

describe('Checkpointer', () => {
  it('derives min for losses and errors, max for accuracies and scores, and refuses to guess', () => {
    const cases: [string, 'min' | 'max' | undefined][] = [
      ['loss', 'min'],
      ['val_loss', 'min'],
      ['meanSquaredError', 'min'],
      ['val_mae', 'min'],
      ['categoricalCrossentropy', 'min'],
      ['acc', 'max'],
      ['val_acc', 'max'],
      ['val_accuracy', 'max'],
      ['categoricalAccuracy', 'max'],
      ['auc', 'max'],
      ['precision', 'max'],
      ['lr', undefined],
      ['accuracy_loss', undefined],
    ];
    for (const [name, mode] of cases) assert.equal(deriveCheckpointMode(name), mode, name);
    const storage = new MemoryStorage();
    assert.throws(
      () => new Checkpointer({ storage, root: 'c', monitor: 'lr' }),
      (e: unknown) => e instanceof CheckpointError && /mode: 'min' or 'max'/.test(e.message),
    );
    assert.equal(new Checkpointer({ storage, root: 'c', monitor: 'lr', mode: 'max' }).mode, 'max');
    assert.equal(new Checkpointer({ storage, root: 'c', monitor: 'val_acc' }).mode, 'max');
    assert.equal(new Checkpointer({ storage, root: 'c' }).mode, 'min');
  });

  it('by hand: keeps the best and the last `keep`, deletes the rest, in both modes', async () => {
    const model = buildMlp(tf, { inputs: 2, hidden: 2 });
    for (const [monitor, values, best] of [
      ['loss', [5, 3, 4, 6, 7], 2],
      ['acc', [0.5, 0.9, 0.7, 0.6, 0.8], 2],
    ] as const) {
      const storage = new MemoryStorage();
      const ckpt = new Checkpointer({ storage, root: 'run', model, monitor, keep: 2 });
      for (let e = 0; e < values.length; e++) await ckpt.save(e + 1, { [monitor]: values[e] });
      assert.equal((await ckpt.best())?.epoch, best, monitor);
      assert.equal((await ckpt.latest())?.epoch, 5);
      assert.deepEqual(
        (await ckpt.list()).map((c) => c.epoch),
        [2, 4, 5],
      );
      const folders = new Set((await storage.list('run')).map((k) => k.split('/')[1]));
      assert.deepEqual([...folders].sort(), ['checkpoints.json', 'epoch-0002', 'epoch-0004', 'epoch-0005']);
      // A new checkpointer (a new process) reads the same bookkeeping.
      const again = new Checkpointer({ storage, root: 'run', model, monitor, keep: 2 });
      assert.equal((await again.best())?.epoch, best);
    }
  });

  it('names the monitored metric when the logs lack it, and refuses a root tracking another metric', async () => {
    const model = buildMlp(tf, { inputs: 2, hidden: 2 });
    const storage = new MemoryStorage();
    const ckpt = new Checkpointer({ storage, root: 'r', model });
    await assert.rejects(
      ckpt.save(1, { loss: 1 }),
      (e: unknown) => e instanceof CheckpointError && /"val_loss".*loss/.test(e.message),
    );
    await new Checkpointer({ storage, root: 'r', model, monitor: 'loss' }).save(1, { loss: 1 });
    await assert.rejects(new Checkpointer({ storage, root: 'r', model, monitor: 'acc' }).best(), /track "loss"/);
    await assert.rejects(new Checkpointer({ storage, root: 'empty', model }).resume(), /no checkpoint to resume/);
  });

  it('as a model.fit callback: one checkpoint per epoch, the best by val_loss from the history', async () => {
    const { x, y } = regression(64, 4);
    const model = compiled(1);
    const storage = new MemoryStorage();
    const ckpt = new Checkpointer({ storage, root: 'fit', keep: 1 });
    const history = await model.fit(x, y, {
      epochs: 5,
      batchSize: 16,
      validationSplit: 0.25,
      shuffle: false,
      verbose: 0,
      callbacks: [ckpt],
    });
    const val = history.history.val_loss as number[];
    const bestEpoch = val.indexOf(Math.min(...val)) + 1;
    const best = await ckpt.best();
    assert.equal(best?.epoch, bestEpoch);
    assert.equal(best?.value, val[bestEpoch - 1]);
    assert.equal((await ckpt.latest())?.epoch, 5);
    assert.deepEqual(
      (await ckpt.list()).map((c) => c.epoch),
      [...new Set([bestEpoch, 5])].sort((a, b) => a - b),
    );
  });

  it('resume() restores weights, optimizer state and the epoch counter so training continues', async () => {
    const { x, y } = regression(64, 4);
    const fitOptions = { batchSize: 16, shuffle: false, verbose: 0 } as const;

    // Reference: 5 epochs in one go.
    const straight = compiled(5);
    await straight.fit(x, y, { ...fitOptions, epochs: 5 });
    const reference = await weightsOf(straight);

    // 3 epochs with checkpoints, then a new model (auto-named differently) resumes and trains 2 more.
    const storage = new MemoryStorage();
    const first = compiled(5);
    await first.fit(x, y, {
      ...fitOptions,
      epochs: 3,
      callbacks: [new Checkpointer({ storage, root: 'ck', monitor: 'loss' })],
    });
    const atEpoch3 = await weightsOf(first);

    const second = compiled(77);
    const ckpt = new Checkpointer({ storage, root: 'ck', monitor: 'loss', model: second });
    const resumed = await ckpt.resume();
    assert.equal(resumed.initialEpoch, 3);
    assert.equal(resumed.optimizerRestored, true);
    const restored = await weightsOf(second);
    for (const [i, w] of restored.entries()) assert.ok(sameBits(w, atEpoch3[i]));
    assert.equal(
      (await second.optimizer.getWeights())[0].tensor.dataSync()[0],
      (await first.optimizer.getWeights())[0].tensor.dataSync()[0],
      'Adam iteration count',
    );
    const continued = await second.fit(x, y, {
      ...fitOptions,
      epochs: 5,
      initialEpoch: resumed.initialEpoch,
      callbacks: [ckpt],
    });
    assert.deepEqual(continued.epoch, [3, 4]);
    assert.deepEqual(
      (await ckpt.list()).map((c) => c.epoch),
      [3, 4, 5],
    );
    const after = await weightsOf(second);

    // Without the optimizer state, the same continuation drifts further from the reference.
    const third = compiled(78);
    await new Checkpointer({ storage: new MemoryStorage(), root: 'x', monitor: 'loss', model: third }).save(0, {
      loss: 0,
    });
    for (const [i, w] of namedWeights(third).entries())
      w.weight.write(tf.tensor(atEpoch3[i], w.weight.shape as number[]));
    await third.fit(x, y, { ...fitOptions, epochs: 5, initialEpoch: 3 });
    const naive = await weightsOf(third);

    const maxDiff = (a: Float32Array[], b: Float32Array[]) =>
      Math.max(...a.map((w, i) => Math.max(...w.map((v, j) => Math.abs(v - b[i][j])))));
    const resumedErr = maxDiff(after, reference);
    const naiveErr = maxDiff(naive, reference);
    assert.ok(resumedErr <= 1e-5, `resumed run differs from the straight run by ${resumedErr}`);
    assert.ok(
      naiveErr > 100 * Math.max(resumedErr, 1e-7),
      `restoring the optimizer matters (${naiveErr} vs ${resumedErr})`,
    );
  });
});
