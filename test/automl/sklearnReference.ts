/**
 * Runs test/automl/sklearn_reference.py with /usr/bin/python3 and scikit-learn (the expected values of the AutoML
 * tests come from it, never from Ferry). Where scikit-learn is missing, the tests that need it are skipped loudly, and
 * fail under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });

/** Why scikit-learn cannot run here, or null. */
export const sklearnUnavailable: string | null =
  probe.status === 0 ? null : `${PYTHON} with scikit-learn and numpy is not available: ${probe.stderr || probe.error}`;
if (sklearnUnavailable && process.env.CI === 'true') throw new Error(`CI=true: ${sklearnUnavailable}`);
if (sklearnUnavailable) console.warn(`\n!!! SKIPPING scikit-learn comparisons: ${sklearnUnavailable}\n`);

/** scikit-learn's answer to `job` (see the script's docstring). */
export function sklearnReference<T>(job: unknown): T {
  const script = fileURLToPath(new URL('./sklearn_reference.py', import.meta.url));
  const r = spawnSync(PYTHON, [script], { input: JSON.stringify(job), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`sklearn_reference.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** A seeded binary classification problem: `n` rows of `d` features, labels from a noisy linear rule. */
export function classificationData(n: number, d: number, seed: number): { x: number[][]; y: number[] } {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const weights = Array.from({ length: d }, (_, j) => (j % 2 === 0 ? 1 : -0.6) / (j + 1));
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: d }, (_, j) => (uniform() * 4 - 2) * (j + 1) + j);
    const z = row.reduce((acc, v, j) => acc + weights[j] * (v - j), 0) + (uniform() - 0.5) * 1.5;
    x.push(row);
    y.push(z > 0 ? 1 : 0);
  }
  return { x, y };
}
