// Child process of memoryRecycle.test.ts (run with --expose-gc): fits a StandardScaler on small data, then on
// ~192 MiB, drops everything, collects garbage and prints the RSS and kernel memory at each point as one JSON line.
// Argument: the retain limit in bytes, or `keep` (Infinity).
import { NDArray } from 'ferryml';
import { loadKernels, setKernelMemoryRetainLimit } from '../../src/kernels/loadKernels.ts';
import { StandardScaler } from '../../src/steps/StandardScaler.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
setKernelMemoryRetainLimit(process.argv[2] === 'keep' ? Number.POSITIVE_INFINITY : Number(process.argv[2]));

async function settle(): Promise<{ rss: number; kernelBytes: number }> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 20));
    gc?.();
  }
  return { rss: process.memoryUsage().rss, kernelBytes: (await loadKernels()).memory.buffer.byteLength };
}

async function fitRows(rows: number): Promise<void> {
  const data = new Float64Array(rows * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i % 1000) * 0.001;
  await new StandardScaler().fit(new NDArray('float64', [rows, 3], data));
}

await fitRows(1000);
const baseline = await settle();
await fitRows(8_000_000);
const afterLarge = await settle();
await fitRows(1000);
const afterSmall = await settle();
console.log(JSON.stringify({ baseline, afterLarge, afterSmall }));
