import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BaseStep, LogisticRegression } from 'ferryml';
import { loadKernels } from '../../src/kernels/loadKernels.ts';
import { KMeans } from '../../src/steps/KMeans.ts';
import { LinearRegression } from '../../src/steps/LinearRegression.ts';
import { MinMaxScaler } from '../../src/steps/MinMaxScaler.ts';
import { PCA } from '../../src/steps/PCA.ts';
import { Ridge } from '../../src/steps/Ridge.ts';
import { StandardScaler } from '../../src/steps/StandardScaler.ts';
import { randoms } from './helpers.ts';

const n = 40;
const d = 4;
const r = randoms(n * d, 9);
const X = Array.from({ length: n }, (_, i) => Array.from(r.subarray(i * d, (i + 1) * d)));
const yReg = X.map((row) => row[0] - 2 * row[1] + 0.1 * row[3]);
const yCls = X.map((row, i) => (row[0] + row[2] > 0 ? 1 : 0) + (i % 5 === 0 ? 1 : 0));

const families: Array<[string, () => BaseStep, unknown]> = [
  [
    'scalers',
    (() => {
      let t = 0;
      return () => (t++ % 2 === 0 ? new StandardScaler() : new MinMaxScaler());
    })(),
    undefined,
  ],
  ['linear models', () => new LinearRegression(), yReg],
  ['ridge', () => new Ridge({ hyperparams: { alpha: 0.5 } }), yReg],
  ['logistic regression', () => new LogisticRegression({ hyperparams: { maxIter: 30 } }), yCls],
  ['PCA', () => new PCA({ hyperparams: { nComponents: 2 } }), undefined],
  ['KMeans', () => new KMeans({ hyperparams: { nClusters: 3, maxIter: 20 } }), undefined],
];

describe('WASM memory stays bounded over 1,000 fits per step family', () => {
  for (const [name, make, y] of families) {
    it(name, async () => {
      const k = await loadKernels();
      const sizes: number[] = [];
      for (let t = 0; t < 1000; t++) {
        const step = make();
        await step.fit(X, y);
        await step.transform(X);
        sizes.push(k.memory.buffer.byteLength);
      }
      assert.equal(sizes[999], sizes[10], `${name}: memory grew from ${sizes[10]} to ${sizes[999]} bytes`);
      assert.ok(sizes[999] <= 64 * 1024 * 1024, `${name}: memory ${sizes[999]} bytes`);
      assert.equal(k.arena.mark(), k.arena.base, `${name}: arena not released`);
    });
  }
});
