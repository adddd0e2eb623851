import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStorage } from 'ferryml';
import { ExtraParameterError, MissingParameterError, ParameterShapeError } from '../../src/errors/modelErrors.ts';
import { loadArrays } from '../../src/models/arrays.ts';
import { namedWeights } from '../../src/models/parameterNames.ts';
import { loadParameters, saveParameters } from '../../src/models/parameters.ts';
import { sameBits, useCpuBackend } from './helpers.ts';
import { buildMlp } from './mlp.ts';

const tf = await useCpuBackend();

async function output(
  model: import('@tensorflow/tfjs').LayersModel,
  x: import('@tensorflow/tfjs').Tensor,
): Promise<Float32Array> {
  return (await (model.predict(x) as import('@tensorflow/tfjs').Tensor).data()) as Float32Array;
}

describe('saveParameters / loadParameters', () => {
  it('two models built by the same code share stable names, though tfjs auto-names differ', async () => {
    const a = buildMlp(tf, { inputs: 5, hidden: 4, seed: 1 });
    const b = buildMlp(tf, { inputs: 5, hidden: 4, seed: 99 });
    assert.notEqual(a.layers[0].name, b.layers[0].name, 'tfjs counts layer names up across the process');
    const names = namedWeights(a).map((w) => w.name);
    assert.deepEqual(names, [
      'layers.0/kernel',
      'layers.0/bias',
      'layers.1/kernel',
      'layers.1/bias',
      'layers.2/kernel',
      'layers.2/bias',
    ]);
    assert.deepEqual(
      namedWeights(b).map((w) => w.name),
      names,
    );

    const storage = new MemoryStorage();
    await saveParameters(a, storage, 'net.params');
    const x = tf.randomNormal([3, 5], 0, 1, 'float32', 7);
    assert.ok(!sameBits(await output(a, x), await output(b, x)));
    await loadParameters(b, storage, 'net.params');
    assert.ok(sameBits(await output(a, x), await output(b, x)));
    // Every weight, bit for bit.
    const wa = namedWeights(a);
    const wb = namedWeights(b);
    for (let i = 0; i < wa.length; i++) {
      assert.ok(
        sameBits(
          (await wa[i].weight.read().data()) as Float32Array,
          (await wb[i].weight.read().data()) as Float32Array,
        ),
        wa[i].name,
      );
    }
  });

  it('the file is an arrays record readable by loadArrays (MXNet: nd.load of a .params file)', async () => {
    const net = buildMlp(tf, { inputs: 3, hidden: 2 });
    const storage = new MemoryStorage();
    await saveParameters(net, storage, 'p.ferry');
    const record = await loadArrays(storage, 'p.ferry', { as: 'ndarray' });
    assert.ok(!Array.isArray(record));
    assert.deepEqual(record['layers.0/kernel'].shape, [3, 2]);
    assert.deepEqual(record['layers.2/bias'].shape, [1]);
  });

  it('names do not depend on whether the model was compiled or trained (input layers are not counted)', async () => {
    const net = buildMlp(tf, { inputs: 3, hidden: 2 });
    const fresh = namedWeights(net).map((w) => w.name);
    net.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await net.fit(tf.ones([2, 3]), tf.ones([2, 1]), { epochs: 1, verbose: 0 });
    assert.deepEqual(
      namedWeights(net).map((w) => w.name),
      fresh,
    );
    const input = tf.input({ shape: [3] });
    const functional = tf.model({
      inputs: input,
      outputs: tf.layers.dense({ units: 1 }).apply(input) as import('@tensorflow/tfjs').SymbolicTensor,
    });
    assert.deepEqual(
      namedWeights(functional).map((w) => w.name),
      ['layers.0/kernel', 'layers.0/bias'],
    );
  });

  it('keeps explicit layer names and walks nested models', async () => {
    const inner = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    const outer = tf.sequential();
    outer.add(inner);
    outer.add(tf.layers.dense({ units: 1, name: 'head' }));
    assert.deepEqual(
      namedWeights(outer).map((w) => w.name),
      ['layers.0/layers.0/kernel', 'layers.0/layers.0/bias', 'head/kernel', 'head/bias'],
    );
  });

  it('a missing, extra or mis-shaped parameter is a typed error naming it; nothing changes', async () => {
    const storage = new MemoryStorage();
    const small = buildMlp(tf, { inputs: 4, hidden: 3 });
    await saveParameters(small, storage, 'small.params');

    const wider = buildMlp(tf, { inputs: 4, hidden: 5 });
    const before = (await namedWeights(wider)[0].weight.read().data()).slice();
    await assert.rejects(loadParameters(wider, storage, 'small.params'), (e: unknown) => {
      assert.ok(e instanceof ParameterShapeError);
      assert.equal(e.parameter, 'layers.0/kernel');
      assert.equal(e.expected, 'float32 [4, 5]');
      assert.equal(e.found, 'float32 [4, 3]');
      assert.match(e.message, /small\.params/);
      return true;
    });
    assert.deepEqual(await namedWeights(wider)[0].weight.read().data(), before);

    const deeper = tf.sequential();
    deeper.add(tf.layers.dense({ units: 3, activation: 'relu', inputShape: [4] }));
    deeper.add(tf.layers.dense({ units: 3, activation: 'relu' }));
    deeper.add(tf.layers.dense({ units: 1 }));
    deeper.add(tf.layers.dense({ units: 1, name: 'extra_head' }));
    await assert.rejects(loadParameters(deeper, storage, 'small.params'), (e: unknown) => {
      assert.ok(e instanceof MissingParameterError);
      assert.deepEqual(e.missing, ['extra_head/kernel', 'extra_head/bias']);
      assert.match(e.message, /allowMissing/);
      return true;
    });
    await loadParameters(deeper, storage, 'small.params', { allowMissing: true });

    const shallow = tf.sequential();
    shallow.add(tf.layers.dense({ units: 3, activation: 'relu', inputShape: [4] }));
    await assert.rejects(loadParameters(shallow, storage, 'small.params'), (e: unknown) => {
      assert.ok(e instanceof ExtraParameterError);
      assert.deepEqual(e.extra, ['layers.1/kernel', 'layers.1/bias', 'layers.2/kernel', 'layers.2/bias']);
      return true;
    });
    await loadParameters(shallow, storage, 'small.params', { ignoreExtra: true });
    assert.deepEqual(
      await namedWeights(shallow)[0].weight.read().data(),
      await namedWeights(small)[0].weight.read().data(),
    );
  });
});
