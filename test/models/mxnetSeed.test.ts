/** The MXNet serialization notebook, run through examples/mxnet-seed.ts, checked cell by cell. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStorage } from 'ferryml';
import { runMxnetSeed } from '../../examples/mxnet-seed.ts';
import { sameBits, useCpuBackend } from './helpers.ts';

const tf = await useCpuBackend();

describe('examples/mxnet-seed.ts', async () => {
  const storage = new MemoryStorage();
  const lines: string[] = [];
  const r = await runMxnetSeed(storage, (...args) => lines.push(args.map(String).join(' ')));

  it('nd.save / nd.load: a list of two 100×100 arrays comes back as a list, a dict as a dict', async () => {
    assert.equal(r.list.length, 2);
    assert.deepEqual(r.list[0].shape, [100, 100]);
    assert.ok((await r.list[0].data()).every((v) => v === 1));
    assert.ok((await r.list[1].data()).every((v) => v === 0));
    assert.deepEqual(Object.keys(r.dict), ['X', 'Y']);
    assert.ok((await r.dict.X.data()).every((v) => v === 1));
  });

  it('the MLP initialised from Normal(σ=1) maps ones(1,100) to the value computed by hand', async () => {
    // Independent scalar reference: the forward pass in float64 from the saved parameters.
    const p = (await import('../../src/models/arrays.ts')).loadArrays(storage, 'checkpoints/testnet.params', {
      as: 'ndarray',
    });
    const params = (await p) as Record<string, import('ferryml').NDArray>;
    let h = new Float64Array(100).fill(1);
    for (const [layer, relu] of [
      ['layers.0', true],
      ['layers.1', true],
      ['layers.2', false],
    ] as const) {
      const k = params[`${layer}/kernel`];
      const b = params[`${layer}/bias`];
      const [nIn, nOut] = k.shape;
      const next = new Float64Array(nOut);
      for (let j = 0; j < nOut; j++) {
        let s = Number(b.data[j]);
        for (let i = 0; i < nIn; i++) s += h[i] * Number(k.data[i * nOut + j]);
        next[j] = relu ? Math.max(0, s) : s;
      }
      h = next;
    }
    assert.ok(Math.abs(r.netOutput[0] - h[0]) <= 1e-4 * Math.max(1, Math.abs(h[0])), `${r.netOutput[0]} vs ${h[0]}`);
    const sd = tf
      .moments(tf.tensor(params['layers.0/kernel'].data as Float32Array))
      .variance.sqrt()
      .dataSync()[0];
    assert.ok(Math.abs(sd - 1) < 0.05, `kernel σ ≈ 1 (got ${sd})`);
  });

  it('parameters loaded into a fresh MLP give bit-identical output (and so does the reloaded model)', () => {
    assert.ok(sameBits(r.net2Output, r.netOutput), `${r.net2Output[0]} vs ${r.netOutput[0]}`);
    assert.ok(sameBits(r.reloadedModelOutput, r.netOutput));
  });

  it('5 epochs with checkpoints: the best epoch is the argmin of val_loss and resumes with that loss', () => {
    assert.equal(r.valLosses.length, 5);
    const argmin = r.valLosses.indexOf(Math.min(...r.valLosses)) + 1;
    assert.equal(r.bestEpoch, argmin);
    const recorded = r.valLosses[r.bestEpoch - 1];
    assert.ok(
      Math.abs(r.resumedValLoss - recorded) <= 1e-6 * Math.max(1, recorded),
      `${r.resumedValLoss} vs ${recorded}`,
    );
    assert.deepEqual(r.continuedEpochs, [r.bestEpoch + 1, r.bestEpoch + 2]);
    assert.equal(r.backend.name, 'cpu');
    assert.ok(lines.some((l) => l.startsWith('net2(nd.ones((1, 100)))')));
  });
});
