import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidHyperparameterError, InvalidInputError, type NDArray, UnknownHyperparameterError } from 'ferryml';
import { LinearRegression } from '../../src/steps/LinearRegression.ts';
import { Ridge } from '../../src/steps/Ridge.ts';
import { fixture, randoms, roundTrip, values } from './helpers.ts';

type Matrix = number[][];
interface LstsqCase {
  name: string;
  X: Matrix;
  y: number[] | Matrix;
  sampleWeight: number[] | null;
  fitIntercept: boolean;
  condition: number;
  wellPosed: boolean;
  rssMin: number | number[] | null;
  lstsq: {
    coef: number[] | Matrix;
    intercept: number | number[];
    rank: number;
    singular: number[];
    rss: number | number[];
  };
  sklearn: { predict: number[] | Matrix; score: number };
}
interface RidgeCase {
  name: string;
  params: { alpha: number; fit_intercept?: boolean; solver?: 'svd' };
  X: Matrix;
  y: number[] | Matrix;
  sampleWeight: number[] | null;
  coef_: number[] | Matrix;
  intercept_: number | number[];
  predict: number[] | Matrix;
  score: number;
}
const fx = fixture<{ lstsq: LstsqCase[]; ridge: RidgeCase[] }>('lstsq.json');

const flat = (a: number | number[] | Matrix): number[] => (typeof a === 'number' ? [a] : (a as number[]).flat());
const norm = (a: ArrayLike<number>): number => Math.sqrt(Array.from(a).reduce((s, v) => s + v * v, 0));

/** ‖a − b‖ / ‖b‖ over each of the t targets (rows of t×d coefficients), the largest. */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>, t: number): number {
  const d = b.length / t;
  let worst = 0;
  for (let c = 0; c < t; c++) {
    const diff = Array.from({ length: d }, (_, j) => a[c * d + j] - b[c * d + j]);
    worst = Math.max(worst, norm(diff) / norm(Array.from({ length: d }, (_, j) => b[c * d + j])));
  }
  return worst;
}

/** a + b as an unevaluated double-double sum [hi, lo] (Knuth's TwoSum). */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const v = s - a;
  return [s, a - (s - v) + (b - v)];
}

/** a·b as [hi, lo] exactly (Dekker's TwoProduct with Veltkamp splitting). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const split = (x: number): [number, number] => {
    const c = 134217729 * x;
    const hi = c - (c - x);
    return [hi, x - hi];
  };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

/**
 * Weighted residual sum of squares per target of the model (coef t×d, intercept t) on X, y, each residual
 * y − b − x·c evaluated in double-double (compensated) arithmetic: with coefficients near 1e9 (condition 1e12) a plain
 * float64 evaluation is off by 1e-6 relative, which would hide what is compared. The fixture's figures are exact.
 */
function rss(
  X: Matrix,
  y: number[],
  coef: ArrayLike<number>,
  intercept: ArrayLike<number>,
  w: number[] | null,
): number[] {
  const t = intercept.length;
  const d = X[0].length;
  const out = new Array<number>(t).fill(0);
  X.forEach((row, i) => {
    for (let c = 0; c < t; c++) {
      let hi = y[i * t + c];
      let lo = 0;
      const terms = [-intercept[c], ...row.map((v, j) => [v, -coef[c * d + j]] as const)];
      for (const term of terms) {
        const [ph, pl] = typeof term === 'number' ? [term, 0] : twoProduct(term[0], term[1]);
        const [sh, sl] = twoSum(hi, ph);
        hi = sh;
        lo += sl + pl;
      }
      const r = hi + lo;
      out[c] += (w ? w[i] : 1) * r * r;
    }
  });
  return out;
}

/** (RSS − min)/min per target, as text. */
function fmtExcess(got: number[], min: number | number[]): string {
  const m = flat(min);
  return got.map((g, i) => ((g - m[i]) / m[i]).toExponential(1)).join('/');
}

describe('LinearRegression is least squares: numpy lstsq on test/fixtures/lstsq.json (scripts/make_lstsq_fixture.py)', () => {
  for (const c of fx.lstsq) {
    const t = Array.isArray(c.y[0]) ? (c.y[0] as number[]).length : 1;
    const label = `${c.name} (condition ${c.condition.toExponential(1)}, ${c.wellPosed ? 'coefficients 1e-8' : 'RSS 1e-10'})`;
    it(label, async () => {
      const m = new LinearRegression({ hyperparams: { fitIntercept: c.fitIntercept } });
      await m.fit(c.X, c.y, c.sampleWeight ? { sampleWeight: c.sampleWeight } : {});
      assert.equal(m.rank, c.lstsq.rank, 'rank');
      const s = values(m.singular);
      assert.equal(s.length, c.lstsq.singular.length);
      const sErr = Math.max(...c.lstsq.singular.map((v, i) => Math.abs(s[i] - v)));
      assert.ok(sErr <= 1e-12 * c.lstsq.singular[0], `singular values off by ${sErr}`);
      const pred = (await m.predict(c.X)).data as Float64Array;
      const got = rss(c.X, flat(c.y), values(m.coef), values(m.intercept), c.sampleWeight);
      const want = flat(c.lstsq.rss);
      const ySquares = rss(
        c.X,
        flat(c.y),
        new Float64Array(values(m.coef).length),
        new Float64Array(t),
        c.sampleWeight,
      );
      // Not above numpy's RSS by more than 1e-10 relative (plus 1e-20 of Σw·y² for exact fits, where RSS ≈ 1e-30).
      // One-sided: at condition 1e12 both are ~1e-7 above the exact minimum and Ferry's is 1.8e-10 below numpy's.
      const excess = Math.max(...want.map((v, i) => (got[i] - v) / (v + 1e-20 * ySquares[i])));
      const coefErr = relErr(values(m.coef), flat(c.lstsq.coef), t);
      const vsMin =
        c.rssMin === null ? '' : `, RSS − min: Ferry ${fmtExcess(got, c.rssMin)}, numpy ${fmtExcess(want, c.rssMin)}`;
      console.log(
        `  ${c.name}: coef rel err ${coefErr.toExponential(2)}, RSS vs numpy ${excess.toExponential(2)}${vsMin}`,
      );
      assert.ok(excess <= 1e-10, `RSS ${got} vs lstsq ${want}: relative excess ${excess}`);
      if (c.wellPosed) {
        assert.ok(coefErr <= 1e-8, `coefficients off by relative ${coefErr}`);
        const predErr = relErr(pred, flat(c.sklearn.predict), 1);
        assert.ok(predErr <= 1e-8, `predictions off by relative ${predErr}`);
      }
      // R² from float64 predictions: where coefficients reach 1e9 (ill-posed cases) both sides' RSS carries ~1e-6
      // relative rounding, so there the bound is on 1 − R² instead.
      const score = await m.score(c.X, c.y, c.sampleWeight ?? undefined);
      const scoreTol = c.wellPosed ? 1e-10 : 1e-5 * (1 - c.sklearn.score);
      assert.ok(Math.abs(score - c.sklearn.score) <= scoreTol, `score ${score} vs scikit-learn ${c.sklearn.score}`);
    });
  }
});

describe('Ridge with sample weights and its SVD solver vs scikit-learn 1.2.1 (test/fixtures/lstsq.json)', () => {
  for (const c of fx.ridge) {
    const t = Array.isArray(c.y[0]) ? (c.y[0] as number[]).length : 1;
    it(`${c.name}: alpha ${c.params.alpha}${c.params.solver ? `, solver ${c.params.solver}` : ''}`, async () => {
      const m = new Ridge({
        hyperparams: {
          alpha: c.params.alpha,
          fitIntercept: c.params.fit_intercept ?? true,
          solver: c.params.solver ?? 'auto',
        },
      });
      await m.fit(c.X, c.y, c.sampleWeight ? { sampleWeight: c.sampleWeight } : {});
      const coefErr = relErr(values(m.coef), flat(c.coef_), t);
      const pred = (await m.predict(c.X)).data as Float64Array;
      const predErr = relErr(pred, flat(c.predict), 1);
      console.log(`  ${c.name}: coef rel err ${coefErr.toExponential(2)}, predictions ${predErr.toExponential(2)}`);
      assert.ok(coefErr <= 1e-8, `coefficients off by relative ${coefErr}`);
      assert.ok(predErr <= 1e-10, `predictions off by relative ${predErr}`);
      const score = await m.score(c.X, c.y, c.sampleWeight ?? undefined);
      assert.ok(Math.abs(score - c.score) <= 1e-10, `score ${score} vs scikit-learn ${c.score}`);
    });
  }

  it('falls back to the SVD solver when Cholesky fails (alpha 0, a constant column): rank by the SVD rule', async () => {
    const c = fx.ridge.find((r) => r.name === 'ridge-alpha0-constant-column');
    assert.ok(c);
    const m = new Ridge({ hyperparams: { alpha: 0 } });
    await m.fit(c.X, c.y);
    // After a successful Cholesky the rank would be d = 4; the SVD drops the zero singular value.
    assert.equal(m.rank, 3);
    assert.equal(values(m.coef)[3], 0);
  });
});

describe('LinearRegression and Ridge: sample weights, score, hyperparameters, errors', () => {
  const r = randoms(40 * 3, 77);
  const X = Array.from({ length: 40 }, (_, i) => [r[3 * i], r[3 * i + 1], r[3 * i + 2]]);
  const y = X.map((row, i) => 2 * row[0] - row[1] + 0.25 * row[2] + 1 + 0.1 * Math.sin(i));

  it('a weight of 2 is the row counted twice; a weight of 0 drops it', async () => {
    const w = X.map((_, i) => (i % 5 === 0 ? 2 : i % 7 === 0 ? 0 : 1));
    const Xd: number[][] = [];
    const yd: number[] = [];
    X.forEach((row, i) => {
      for (let k = 0; k < w[i]; k++) {
        Xd.push(row);
        yd.push(y[i]);
      }
    });
    for (const make of [() => new LinearRegression(), () => new Ridge({ hyperparams: { alpha: 0.3 } })]) {
      const a = await make().fit(X, y, { sampleWeight: w });
      const b = await make().fit(Xd, yd);
      assert.ok(relErr(values(a.coef), values(b.coef), 1) <= 1e-12);
      assert.ok(Math.abs(values(a.intercept)[0] - values(b.intercept)[0]) <= 1e-12);
    }
  });

  it('refuses bad sample weights and non-finite data with errors naming the step', async () => {
    const named = (e: unknown) => e instanceof InvalidInputError && /"lin"/.test(e.message);
    const m = () => new LinearRegression({ name: 'lin' });
    await assert.rejects(m().fit(X, y, { sampleWeight: X.map(() => -1) }), named);
    await assert.rejects(m().fit(X, y, { sampleWeight: X.map(() => 0) }), named);
    await assert.rejects(m().fit(X, y, { sampleWeight: [1, 2] }), named);
    await assert.rejects(m().fit(X, y, { sampleWeight: X.map((_, i) => (i === 3 ? Number.NaN : 1)) }), named);
    const bad = X.map((row, i) => (i === 5 ? [row[0], Number.POSITIVE_INFINITY, row[2]] : row));
    await assert.rejects(m().fit(bad, y), (e: unknown) => named(e) && /row 5, column 1/.test((e as Error).message));
    await assert.rejects(
      m().fit(
        X,
        y.map((v, i) => (i === 9 ? Number.NaN : v)),
      ),
      (e: unknown) => named(e) && /y contains NaN at row 9/.test((e as Error).message),
    );
    await assert.rejects(
      new Ridge({ name: 'lin' }).fit(bad, y),
      (e: unknown) => named(e) && /row 5, column 1/.test((e as Error).message),
    );
  });

  it('extreme magnitudes (1e-200 and 1e200) give the same coefficients as unit-scale data', async () => {
    const base = await new LinearRegression().fit(X, y);
    for (const s of [1e-200, 1e200]) {
      const m = await new LinearRegression().fit(
        X.map((row) => row.map((v) => v * s)),
        y.map((v) => v * s),
      );
      assert.equal(m.rank, 3);
      assert.ok(relErr(values(m.coef), values(base.coef), 1) <= 1e-12, `scale ${s}`);
    }
  });

  it('score is R² (1 on exact predictions, NaN for one row as in scikit-learn)', async () => {
    const m = await new LinearRegression().fit(X, y);
    const exact = await m.predict(X);
    assert.equal(await m.score(X, exact), 1);
    assert.ok(Number.isNaN(await m.score([X[0]], [y[0]])));
    await assert.rejects(m.score(X, y.slice(1)), InvalidInputError);
  });

  it('every hyperparameter changes the fit, or selects an algorithm with the same optimum; others are refused', async () => {
    assert.deepEqual(new LinearRegression().ownHyperparamNames(), ['fitIntercept']);
    assert.deepEqual(new Ridge().ownHyperparamNames(), ['alpha', 'fitIntercept', 'solver']);
    const coefOf = async (m: LinearRegression | Ridge) => values((await m.fit(X, y)).coef);
    const changes = async (a: LinearRegression | Ridge, b: LinearRegression | Ridge) =>
      relErr(await coefOf(a), await coefOf(b), 1);
    assert.ok(
      (await changes(new LinearRegression(), new LinearRegression({ hyperparams: { fitIntercept: false } }))) > 1e-3,
    );
    assert.ok((await changes(new Ridge(), new Ridge({ hyperparams: { fitIntercept: false } }))) > 1e-3);
    assert.ok((await changes(new Ridge(), new Ridge({ hyperparams: { alpha: 5 } }))) > 1e-3);
    // `solver` picks the algorithm, not the optimum (documented in Ridge's TSDoc).
    assert.ok((await changes(new Ridge(), new Ridge({ hyperparams: { solver: 'svd' } }))) <= 1e-12);
    assert.ok((await changes(new Ridge(), new Ridge({ hyperparams: { solver: 'cholesky' } }))) === 0);
    const refused = async (m: LinearRegression | Ridge, name: string) =>
      assert.rejects(
        m.fit(X, y),
        (e: unknown) => e instanceof InvalidHyperparameterError && e.message.includes(`"${name}"`),
      );
    for (const solver of ['lsqr', 'sparse_cg', 'sag', 'saga', 'lbfgs', 'eigen'])
      await refused(new Ridge({ hyperparams: { solver } }), 'solver');
    await refused(new Ridge({ hyperparams: { alpha: Number.NaN } }), 'alpha');
    await refused(new Ridge({ hyperparams: { alpha: Number.POSITIVE_INFINITY } }), 'alpha');
    await refused(new LinearRegression({ hyperparams: { fitIntercept: 'no' } }), 'fitIntercept');
    await refused(new Ridge({ hyperparams: { fitIntercept: 0 } }), 'fitIntercept');
    for (const name of ['positive', 'copyX', 'nJobs'])
      assert.throws(() => new LinearRegression({ hyperparams: { [name]: true } }), UnknownHyperparameterError);
    assert.throws(() => new Ridge({ hyperparams: { maxIter: 10 } }), UnknownHyperparameterError);
  });

  it('saves rank and singular, and a loaded model predicts the same', async () => {
    const m = await new LinearRegression({ name: 'ols' }).fit(X, y, { sampleWeight: X.map((_, i) => 1 + (i % 3)) });
    const loaded = await roundTrip(m);
    assert.equal(loaded.rank, 3);
    assert.deepEqual(Array.from(values(loaded.singular)), Array.from(values(m.singular)));
    assert.deepEqual(
      Array.from((await loaded.predict(X)).data as Float64Array),
      Array.from((await m.predict(X)).data as Float64Array),
    );
    const ridge = await new Ridge({ name: 'ridge', hyperparams: { solver: 'svd' } }).fit(X, y);
    const back = await roundTrip(ridge);
    assert.equal(back.hyperparams.get('solver'), 'svd');
    assert.deepEqual(Array.from(values(back.coef)), Array.from(values(ridge.coef)));
  });

  it('fitTransform takes sample weights too', async () => {
    const w = X.map((_, i) => (i % 2 ? 3 : 1));
    const a = (await new LinearRegression().fitTransform(X, y, { sampleWeight: w })) as NDArray;
    const b = await (await new LinearRegression().fit(X, y, { sampleWeight: w })).predict(X);
    assert.deepEqual(Array.from(a.data as Float64Array), Array.from(b.data as Float64Array));
  });
});
