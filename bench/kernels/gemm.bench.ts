/**
 * gemm 1024×1024 f32: Ferry's cache-blocked WASM SIMD kernel vs @tensorflow/tfjs-backend-wasm (XNNPACK) vs a plain
 * JS i-k-j loop, in the same run. Prints medians, GFLOP/s and ratios. Target: Ferry ≥ 1.0× tfjs-wasm.
 * Run alone: node --import tsx bench/kernels/gemm.bench.ts
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gemmF32, gemmF32Ptr } from '../../src/kernels/gemm.ts';
import { loadKernels, setDefaultKernelSource } from '../../src/kernels/loadKernels.ts';
import { nodeKernelSource } from '../../src/kernels/nodeKernelSource.ts';
import { median, ms, timeRuns } from '../timing.ts';
import { tfjsWasm } from './tfjsWasm.ts';

const N = 1024;
const FLOP = 2 * N * N * N;

function gflops(t: number): string {
  return `${(FLOP / t / 1e6).toFixed(1)} GFLOP/s`;
}

function jsLoop(a: Float32Array, b: Float32Array, c: Float32Array): void {
  c.fill(0);
  for (let i = 0; i < N; i++) {
    for (let p = 0; p < N; p++) {
      const aip = a[i * N + p];
      const bo = p * N;
      const co = i * N;
      for (let j = 0; j < N; j++) c[co + j] += aip * b[bo + j];
    }
  }
}

/** Runs the gemm benchmark; returns the medians in ms and Ferry's ratio to tfjs-wasm (> 1 = Ferry faster). */
export async function runGemmBench(runs = 15): Promise<{ ferry: number; tfjs: number; js: number; ratio: number }> {
  setDefaultKernelSource(nodeKernelSource);
  const k = await loadKernels();
  const a = new Float32Array(N * N);
  const b = new Float32Array(N * N);
  for (let i = 0; i < a.length; i++) {
    a[i] = Math.sin(i);
    b[i] = Math.cos(i);
  }
  // Ferry with operands resident in WASM memory (what steps do), and through the copy-in/copy-out wrapper.
  const mark = k.arena.mark();
  const pa = k.arena.putF32(a);
  const pb = k.arena.putF32(b);
  const pc = k.arena.alloc(N * N * 4);
  const work = k.arena.alloc(k.exports.gemmF32WorkBytes());
  const ferry = median(await timeRuns(() => gemmF32Ptr(k, N, N, N, pa, pb, pc, work), runs, 3));
  k.arena.release(mark);
  const ferryCopy = median(await timeRuns(() => gemmF32(k, a, b, N, N, N), runs, 1));

  const tf = await tfjsWasm();
  const ta = tf.tensor2d(a, [N, N]);
  const tb = tf.tensor2d(b, [N, N]);
  const tfjs = median(
    await timeRuns(
      () => {
        const c = tf.matMul(ta, tb);
        c.dataSync();
        c.dispose();
      },
      runs,
      3,
    ),
  );
  ta.dispose();
  tb.dispose();

  const c = new Float32Array(N * N);
  const js = median(await timeRuns(() => jsLoop(a, b, c), 3, 0));

  const wasmPath = fileURLToPath(new URL('../../build/ferry.wasm', import.meta.url));
  const ratio = tfjs / ferry;
  console.log(`gemm.bench — ${N}×${N}×${N} f32, one thread (median of ${runs}; JS loop median of 3)`);
  console.log(`  Ferry WASM SIMD (resident)   ${ms(ferry)}  ${gflops(ferry)}`);
  console.log(`  Ferry incl. copy in/out      ${ms(ferryCopy)}  ${gflops(ferryCopy)}`);
  console.log(`  tfjs-backend-wasm (XNNPACK)  ${ms(tfjs)}  ${gflops(tfjs)}  (matMul + dataSync)`);
  console.log(`  plain JS i-k-j loop          ${ms(js)}  ${gflops(js)}`);
  console.log(
    `  Ferry vs tfjs-wasm: ${ratio.toFixed(2)}× (incl. copies ${(tfjs / ferryCopy).toFixed(2)}×; target ≥ 1.0×); vs JS loop: ${(js / ferry).toFixed(1)}×`,
  );
  console.log(`  ferry.wasm: ${statSync(wasmPath).size} bytes (target ≤ 65536)`);
  return { ferry, tfjs, js, ratio };
}

if (import.meta.url === `file://${process.argv[1]}`) await runGemmBench();
