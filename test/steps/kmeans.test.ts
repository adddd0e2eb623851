import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError, type NDArray } from 'ferryml';
import { KMeans } from '../../src/steps/KMeans.ts';
import { fixture, maxAbsDiff, randoms, roundTrip, values } from './helpers.ts';

const fx = fixture<{
  kmeans: { X: number[][]; cluster_centers_: number[][]; inertia_: number; labels_: number[] };
}>('classical.json').kmeans;
const X = fx.X;

/** Centers sorted lexicographically, so that label permutations compare equal. */
function sortedCenters(flat: ArrayLike<number>, d: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < flat.length; i += d) rows.push(Array.from({ length: d }, (_, j) => flat[i + j]));
  return rows.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
}

// Tolerances: k-means++ in Ferry's PRNG picks other seeds than numpy's, so on these four well-separated blobs we
// compare the converged solution: sorted centers within 1e-9, inertia within 1e-9 relative, and the same partition
// (labels equal up to a permutation).
describe('KMeans vs scikit-learn 1.2.1 (test/fixtures/classical.json, converged solution)', () => {
  it('finds the same centers, inertia and partition', async () => {
    const km = new KMeans({ hyperparams: { nClusters: 4, seed: 3 } });
    const labels = (await km.fitTransform(X)) as NDArray;
    const got = sortedCenters(values(km.clusterCenters), 3);
    const ref = sortedCenters(fx.cluster_centers_.flat(), 3);
    assert.ok(maxAbsDiff(got.flat(), ref.flat()) <= 1e-9, `centers differ: ${JSON.stringify(got)}`);
    assert.ok(Math.abs(km.inertia - fx.inertia_) / fx.inertia_ <= 1e-9, `inertia ${km.inertia} vs ${fx.inertia_}`);
    const map = new Map<number, number>();
    fx.labels_.forEach((l, i) => {
      const mine = labels.data[i] as number;
      if (!map.has(l)) map.set(l, mine);
      assert.equal(map.get(l), mine, `row ${i} is not in the matching cluster`);
    });
    assert.equal(new Set(map.values()).size, 4);
    assert.deepEqual(Array.from(values(km.labels)), Array.from(labels.data as Float64Array));
  });

  it('is deterministic per seed, also across save/load, and seeds differ', async () => {
    const r = randoms(400 * 2, 11);
    const data = Array.from({ length: 400 }, (_, i) => [r[2 * i], r[2 * i + 1]]);
    const fit = async (seed: number): Promise<KMeans> => {
      const km = new KMeans({ name: 'km', hyperparams: { nClusters: 6, seed, nInit: 2 } });
      await km.fit(data);
      return km;
    };
    const a = await fit(7);
    const b = await fit(7);
    assert.deepEqual(Array.from(values(a.clusterCenters)), Array.from(values(b.clusterCenters)));
    assert.equal(a.inertia, b.inertia);
    const c = await fit(8);
    assert.notDeepEqual(Array.from(values(a.clusterCenters)), Array.from(values(c.clusterCenters)));
    const loaded = await roundTrip(a);
    assert.ok(loaded instanceof KMeans);
    assert.deepEqual(
      Array.from((await loaded.predict(data)).data as ArrayLike<number>),
      Array.from((await a.predict(data)).data as ArrayLike<number>),
    );
    await loaded.fit(data);
    assert.deepEqual(Array.from(values(loaded.clusterCenters)), Array.from(values(a.clusterCenters)));
  });

  it('predict / transformDistances agree with the centers', async () => {
    const km = new KMeans({ hyperparams: { nClusters: 4, seed: 1 } });
    await km.fit(X);
    const dist = await km.transformDistances(X.slice(0, 10));
    assert.deepEqual(dist.shape, [10, 4]);
    const pred = await km.predict(X.slice(0, 10));
    const centers = values(km.clusterCenters);
    for (let i = 0; i < 10; i++) {
      for (let c = 0; c < 4; c++) {
        const ref = Math.hypot(...X[i].map((v, j) => v - centers[c * 3 + j]));
        assert.ok(Math.abs((dist.data[i * 4 + c] as number) - ref) <= 1e-12);
      }
      const row = Array.from(dist.data.subarray(i * 4, i * 4 + 4) as Float64Array);
      assert.equal(pred.data[i], row.indexOf(Math.min(...row)));
    }
  });

  it('needs at least nClusters rows', async () => {
    await assert.rejects(
      new KMeans({ name: 'k', hyperparams: { nClusters: 5 } }).fit([[1], [2]]),
      (e: unknown) => e instanceof InvalidInputError && /"k"/.test(e.message),
    );
  });
});
