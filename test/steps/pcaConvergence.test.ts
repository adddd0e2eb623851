import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isFerryError, PCA, SvdNotConvergedError } from 'ferryml';

it('PCA whose eigen-decomposition cannot converge (a NaN in the data) is a typed error, not NaN axes', async () => {
  const pca = new PCA();
  await assert.rejects(
    pca.fit([
      [1, 2],
      [Number.NaN, 1],
      [3, 4],
    ]),
    (e: unknown) => {
      assert.ok(isFerryError(e) && e instanceof SvdNotConvergedError, String(e));
      assert.match((e as Error).message, /eigen-decomposition \(PCA\).*100 Jacobi sweeps/);
      return true;
    },
  );
  assert.equal(pca.components, null);
});
