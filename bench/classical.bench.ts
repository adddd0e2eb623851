/**
 * The numeric-kernel benchmarks of issue 4, in one run: gemm 1024² f32 vs tfjs-wasm and a JS loop, LogisticRegression
 * on logreg-100k vs scikit-learn / tfjs / ml-logistic-regression, StandardScaler vs a JS loop. Each also runs alone.
 * Run: node --import tsx bench/classical.bench.ts
 */
import { runGemmBench } from './kernels/gemm.bench.ts';
import { runLogreg100kBench } from './kernels/logreg100k.bench.ts';
import { runScalerBench } from './kernels/scaler.bench.ts';

/** Runs the three kernel benchmarks in sequence. */
export async function runClassicalBench(): Promise<void> {
  await runGemmBench();
  await runScalerBench();
  await runLogreg100kBench();
}

if (import.meta.url === `file://${process.argv[1]}`) await runClassicalBench();
