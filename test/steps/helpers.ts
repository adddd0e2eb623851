import { readFileSync } from 'node:fs';
import { type BaseStep, ExecutionContext, MemoryStorage, NDArray, registerStep } from 'ferryml';
import { KMeans } from '../../src/steps/KMeans.ts';
import { LinearRegression } from '../../src/steps/LinearRegression.ts';
import { MinMaxScaler } from '../../src/steps/MinMaxScaler.ts';
import { PCA } from '../../src/steps/PCA.ts';
import { Ridge } from '../../src/steps/Ridge.ts';
import { StandardScaler } from '../../src/steps/StandardScaler.ts';

// The ids these steps get in src/builtins.ts (registering the same class under the same id again is harmless).
registerStep(StandardScaler, 'ferry.StandardScaler');
registerStep(MinMaxScaler, 'ferry.MinMaxScaler');
registerStep(LinearRegression, 'ferry.LinearRegression');
registerStep(Ridge, 'ferry.Ridge');
registerStep(PCA, 'ferry.PCA');
registerStep(KMeans, 'ferry.KMeans');

/** Reads a JSON fixture from test/fixtures. */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** Saves `step` (full dump) into fresh memory storage and loads it back. */
export async function roundTrip<S extends BaseStep>(step: S): Promise<S> {
  const storage = new MemoryStorage();
  await step.save(new ExecutionContext(storage), { fullDump: true });
  return (await new ExecutionContext(storage).load(step.name)) as S;
}

/** Largest |a_i − b_i| over two equally long sequences (throws on a length mismatch). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The data of an NDArray-valued field as numbers (throws when the field is not an NDArray). */
export function values(a: unknown): Float64Array {
  if (!(a instanceof NDArray)) throw new Error(`expected an NDArray, got ${String(a)}`);
  return Float64Array.from(a.data as ArrayLike<number>, Number);
}

/** Deterministic pseudo-random numbers in [-1, 1) (mulberry32). */
export function randoms(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
