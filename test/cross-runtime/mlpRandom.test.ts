/** The portable random numbers behind the cross-runtime MLP: a correct logarithm and a real Normal(0, σ). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mlpWeights } from './mlpData.ts';
import { mulberry32, normal, normalF32, portableLn } from './mlpRandom.ts';

describe('mlpRandom', () => {
  it('portableLn agrees with Math.log to a few ulps over many magnitudes', () => {
    const u = mulberry32(7);
    const xs = [1, 2, 0.5, Math.SQRT2, Math.SQRT1_2, 1e-300, 1e300, 5e-324, Number.MAX_VALUE, 1 - 2 ** -53];
    for (let i = 0; i < 20_000; i++) xs.push(u() * 2 ** Math.floor(u() * 200 - 100) || 1);
    for (const x of xs) {
      const want = Math.log(x);
      const got = portableLn(x);
      assert.ok(
        Math.abs(got - want) <= 4 * Number.EPSILON * Math.max(Math.abs(want), 2 ** -52),
        `ln ${x}: ${got} vs ${want}`,
      );
    }
    assert.throws(() => portableLn(0), RangeError);
    assert.throws(() => portableLn(-1), RangeError);
    assert.throws(() => portableLn(Number.POSITIVE_INFINITY), RangeError);
  });

  it('mulberry32 repeats with its seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const va = Array.from({ length: 1000 }, a);
    assert.deepEqual(Array.from({ length: 1000 }, b), va);
    assert.notDeepEqual(Array.from({ length: 1000 }, c), va);
    assert.ok(va.every((v) => v >= 0 && v < 1));
  });

  it('normal() has the moments of a standard normal', () => {
    const next = normal(mulberry32(1));
    const n = 200_000;
    let s1 = 0;
    let s2 = 0;
    let s4 = 0;
    let within1 = 0;
    for (let i = 0; i < n; i++) {
      const z = next();
      s1 += z;
      s2 += z * z;
      s4 += z ** 4;
      if (Math.abs(z) < 1) within1++;
    }
    const mean = s1 / n;
    const variance = s2 / n - mean * mean;
    assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 0.02, `variance ${variance}`);
    assert.ok(Math.abs(s4 / n - 3) < 0.1, `fourth moment ${s4 / n} (3 for a normal)`);
    assert.ok(Math.abs(within1 / n - 0.6826894921) < 0.005, `P(|z| < 1) = ${within1 / n}`);
  });

  it("the MLP's weights: kernels Normal(σ=1), biases Normal(σ=0.5), the seed's shapes", () => {
    const w = mlpWeights();
    assert.deepEqual(
      w.map((x) => x.shape),
      [[100, 256], [256], [256, 256], [256], [256, 1], [1]],
    );
    const sd = (v: Float32Array) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
    };
    assert.ok(Math.abs(sd(w[0].values) - 1) < 0.02, `layer 0 kernel σ ${sd(w[0].values)}`);
    assert.ok(Math.abs(sd(w[2].values) - 1) < 0.02, `layer 1 kernel σ ${sd(w[2].values)}`);
    assert.ok(Math.abs(sd(normalF32(50_000, 5, 0.5)) - 0.5) < 0.01);
  });
});
