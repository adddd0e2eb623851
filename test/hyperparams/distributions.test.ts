import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeededRandom } from '../../src/hyperparams/index.ts';
import { CONTINUOUS, DISCRETE } from './cases.ts';
import { logTrapezoid, sampleStats, trapezoid } from './helpers.ts';

const N = 10_000;

describe('continuous distributions', () => {
  for (const c of CONTINUOUS) {
    describe(c.name, () => {
      const d = c.make();
      const integrate = (f: (x: number) => number, a: number, b: number) =>
        c.logGrid ? logTrapezoid(f, a, b) : trapezoid(f, a, b);

      it('sampling is reproducible per seed', () => {
        assert.deepEqual(d.rvsMany(50, 11), d.rvsMany(50, 11));
        assert.notDeepEqual(d.rvsMany(50, 11), d.rvsMany(50, 12));
        assert.equal(d.rvs(3), d.rvsMany(1, 3)[0]);
        const r1 = new SeededRandom(4);
        const r2 = new SeededRandom(4);
        assert.deepEqual([d.rvs(r1), d.rvs(r1)], d.rvsMany(2, r2));
      });

      it('10,000 samples match mean/std and stay within [min, max]', () => {
        const xs = d.rvsMany(N, 2024);
        assert.ok(
          xs.every((x) => x >= d.min() && x <= d.max()),
          'sample out of bounds',
        );
        const { mean, std } = sampleStats(xs);
        const se = d.std() / Math.sqrt(N);
        assert.ok(Math.abs(mean - d.mean()) < 5 * se, `mean ${mean} vs ${d.mean()}`);
        assert.ok(Math.abs(std - d.std()) < 0.05 * d.std(), `std ${std} vs ${d.std()}`);
      });

      it('pdf integrates to 1 and matches cdf', () => {
        const [a, b] = c.range;
        assert.ok(Math.abs(integrate((x) => d.pdf(x), a, b) - 1) < 1e-3);
        const mid = c.logGrid ? Math.sqrt(a * b) : (a + b) / 2;
        assert.ok(Math.abs(integrate((x) => d.pdf(x), a, mid) - d.cdf(mid)) < 1e-3);
      });

      it('cdf is monotone from 0 to 1', () => {
        const [a, b] = c.range;
        let previous = d.cdf(a - 1);
        assert.ok(previous >= 0 && previous < 1e-6);
        for (let i = 0; i <= 1000; i++) {
          const value = d.cdf(a + ((b - a) * i) / 1000);
          assert.ok(value >= previous - 1e-15, 'cdf decreased');
          previous = value;
        }
        assert.equal(d.cdf(d.max()), 1);
        assert.ok(Math.abs(d.cdf(b) - 1) < 1e-6);
        if (Number.isFinite(d.min())) assert.equal(d.cdf(d.min()), 0);
        assert.equal(d.isDiscrete(), false);
      });
    });
  }
});

describe('discrete distributions', () => {
  for (const c of DISCRETE) {
    describe(c.name, () => {
      const d = c.make();
      const key = (v: unknown) => JSON.stringify(v);

      it('sampling is reproducible per seed', () => {
        assert.deepEqual(d.rvsMany(50, 11), d.rvsMany(50, 11));
        if (c.support.length > 1) assert.notDeepEqual(d.rvsMany(50, 11), d.rvsMany(50, 12));
        assert.deepEqual(d.rvs(3), d.rvsMany(1, 3)[0]);
      });

      it('10,000 samples match the probabilities and moments', () => {
        const xs = d.rvsMany(N, 2024);
        const counts = new Map<string, number>();
        for (const x of xs) {
          assert.ok(d.pdf(x) > 0, `sample ${key(x)} has no mass`);
          counts.set(key(x), (counts.get(key(x)) ?? 0) + 1);
        }
        for (const v of c.support) {
          const p = d.pdf(v);
          const freq = (counts.get(key(v)) ?? 0) / N;
          assert.ok(Math.abs(freq - p) < 5 * Math.sqrt((p * (1 - p)) / N) + 1e-3, `${key(v)}: ${freq} vs ${p}`);
        }
        const nums = xs.map(c.toNumber);
        assert.ok(
          nums.every((x) => x >= d.min() && x <= d.max()),
          'sample out of bounds',
        );
        const { mean, std } = sampleStats(nums);
        assert.ok(Math.abs(mean - d.mean()) <= 5 * (d.std() / Math.sqrt(N)) + 1e-12, `mean ${mean} vs ${d.mean()}`);
        assert.ok(Math.abs(std - d.std()) <= 0.05 * d.std() + 1e-12, `std ${std} vs ${d.std()}`);
      });

      it('probability masses sum to 1 and cdf is monotone up to 1', () => {
        const total = c.support.reduce<number>((acc, v) => acc + d.pdf(v), 0);
        assert.ok(Math.abs(total - 1) < 1e-9, `sum ${total}`);
        let previous = 0;
        let running = 0;
        for (const v of c.support) {
          const value = d.cdf(v);
          running += d.pdf(v);
          assert.ok(value >= previous - 1e-15, 'cdf decreased');
          assert.ok(Math.abs(value - running) < 1e-9, `cdf(${key(v)}) = ${value}, running sum ${running}`);
          previous = value;
        }
        assert.equal(d.cdf(c.support[c.support.length - 1]), 1);
        assert.equal(d.isDiscrete(), true);
      });
    });
  }
});
