import { type Kernels, loadKernels, setDefaultKernelSource } from '../../src/kernels/index.ts';
import { nodeKernelSource } from '../../src/kernels/nodeKernelSource.ts';

/** Load the kernels from build/ferry.wasm (run `npm run build:wasm` first). */
export function kernels(): Promise<Kernels> {
  setDefaultKernelSource(nodeKernelSource);
  return loadKernels();
}

/** Deterministic pseudo-random numbers in [-1, 1) (mulberry32). */
export function randoms(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.push((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1);
  }
  return out;
}

/** Largest |a_i − b_i|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
