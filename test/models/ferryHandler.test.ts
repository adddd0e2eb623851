import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStorage } from 'ferryml';
import { loadArrays } from '../../src/models/arrays.ts';
import { ferryHandler } from '../../src/models/ferryHandler.ts';
import { sameBits, useCpuBackend } from './helpers.ts';
import { buildMlp } from './mlp.ts';

const tf = await useCpuBackend();

describe('ferryHandler (tfjs IOHandler)', () => {
  it('model.save / tf.loadLayersModel round-trip topology, weights, training config and optimizer state', async () => {
    const net = buildMlp(tf, { inputs: 6, hidden: 8 });
    net.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    const x = tf.randomNormal([16, 6], 0, 1, 'float32', 3);
    const y = tf.randomNormal([16, 1], 0, 1, 'float32', 4);
    await net.fit(x, y, { epochs: 2, verbose: 0 });
    const storage = new MemoryStorage();
    const result = await net.save(ferryHandler(storage, 'models/mlp.ferry'), { includeOptimizer: true });
    assert.equal(result.modelArtifactsInfo.modelTopologyType, 'JSON');
    assert.deepEqual(await storage.list(''), ['models/mlp.ferry']);

    const back = await tf.loadLayersModel(ferryHandler(storage, 'models/mlp.ferry'));
    assert.deepEqual(
      back.layers.map((l) => l.getClassName()),
      ['Dense', 'Dense', 'Dense'],
    );
    const p1 = (await (net.predict(x) as import('@tensorflow/tfjs').Tensor).data()) as Float32Array;
    const p2 = (await (back.predict(x) as import('@tensorflow/tfjs').Tensor).data()) as Float32Array;
    assert.ok(sameBits(p1, p2));
    assert.ok(back.optimizer, 'compiled again from the training config');
    const o1 = await net.optimizer.getWeights();
    const o2 = await back.optimizer.getWeights();
    assert.equal(o2.length, o1.length);
    for (let i = 0; i < o1.length; i++) assert.deepEqual(await o2[i].tensor.data(), await o1[i].tensor.data());
  });

  it('is not an arrays file: loadArrays refuses it by kind', async () => {
    const storage = new MemoryStorage();
    await buildMlp(tf, { inputs: 2, hidden: 2 }).save(ferryHandler(storage, 'm.ferry'));
    await assert.rejects(loadArrays(storage, 'm.ferry'), /not an arrays file \(header kind "model"/);
  });
});
