/**
 * What giving kernel memory back costs: StandardScaler fit+transform in place (`copy: false`) on 1,000,000 × 16 f64
 * (128 MiB in WASM memory) with a 64 MiB retain limit, which replaces the WASM instance after every fit so the next
 * one grows fresh memory, vs the default limit (256 MiB), which keeps it. This is why the default is 256 MiB.
 * Also a 1,000 × 16 fit (no replacement) with both settings. Same run, medians.
 * Run alone: node --import tsx bench/kernels/memoryRecycle.bench.ts
 */
import { NDArray, setKernelMemoryRetainLimit } from 'ferryml';
import { StandardScaler } from '../../src/steps/StandardScaler.ts';
import { median, ms } from '../timing.ts';

const D = 16;

async function inPlaceRuns(rows: number, runs: number): Promise<number> {
  const x = new Float64Array(rows * D);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.37) * (1 + (i % D));
  const work = new Float64Array(rows * D);
  const times: number[] = [];
  for (let r = 0; r < runs + 1; r++) {
    work.set(x);
    const t0 = performance.now();
    await new StandardScaler({ hyperparams: { copy: false } }).fitTransform(new NDArray('float64', [rows, D], work));
    if (r > 0) times.push(performance.now() - t0);
  }
  return median(times);
}

/** Runs both settings on large and small data; returns the large-fit cost ratio (recycled / kept). */
export async function runMemoryRecycleBench(runs = 7): Promise<{ recycled: number; kept: number; ratio: number }> {
  const kept = await inPlaceRuns(1_000_000, runs);
  const smallKept = await inPlaceRuns(1_000, 50);
  const previous = setKernelMemoryRetainLimit(64 * 2 ** 20);
  let recycled: number;
  let smallRecycled: number;
  try {
    recycled = await inPlaceRuns(1_000_000, runs);
    smallRecycled = await inPlaceRuns(1_000, 50);
  } finally {
    setKernelMemoryRetainLimit(previous);
  }
  const ratio = recycled / kept;
  console.log(`memoryRecycle.bench — StandardScaler in place, ${D} columns (median of ${runs}; small: of 50)`);
  console.log(
    `  1,000,000 rows: given back after each fit (limit 64 MiB) ${ms(recycled)}  kept (default, 256 MiB) ${ms(kept)}  → ${ratio.toFixed(2)}×`,
  );
  console.log(
    `  1,000 rows (below the limit, nothing replaced): ${ms(smallRecycled)} vs ${ms(smallKept)}  → ${(smallRecycled / smallKept).toFixed(2)}×`,
  );
  return { recycled, kept, ratio };
}

if (import.meta.url === `file://${process.argv[1]}`) await runMemoryRecycleBench();
