/** `npm run bench`: every benchmark, each printing ratios against a baseline measured in the same run. */
import { runDecoderBench } from './decoder.bench.ts';
import { runDumpBench } from './dump.bench.ts';
import { runEdgeBundleSizeBench } from './edge/bundleSize.bench.ts';
import { runEdgeColdStartBench } from './edge/coldStart.bench.ts';
import { runEdgeThroughputBench } from './edge/throughput.bench.ts';
import { runGemmBench } from './kernels/gemm.bench.ts';
import { runLogreg100kBench } from './kernels/logreg100k.bench.ts';
import { runLstsqBench } from './kernels/lstsq.bench.ts';
import { runMemoryRecycleBench } from './kernels/memoryRecycle.bench.ts';
import { runScalerBench } from './kernels/scaler.bench.ts';
import { runArraysBench } from './models/arrays.bench.ts';
import { runBackendsBench } from './models/backends.bench.ts';
import { runRuntimeLoadBench } from './runtimes/load.bench.ts';
import { runSeedBench } from './seed.bench.ts';
import { runSaveModesBench } from './storage/saveModes.bench.ts';

const only = process.argv[2];
if (!only || only === 'seed') await runSeedBench();
if (!only || only === 'dump') await runDumpBench();
if (!only || only === 'decoder') await runDecoderBench();
if (!only || only === 'arrays') await runArraysBench();
if (!only || only === 'modelfile') await (await import('./models/modelFile.bench.ts')).runModelFileBench();
if (!only || only === 'backends') await runBackendsBench();
if (!only || only === 'quantize') await (await import('./models/quantize.bench.ts')).runQuantizeBench();
if (!only || only === 'gemm') await runGemmBench();
if (!only || only === 'scaler') await runScalerBench();
if (!only || only === 'logreg100k') await runLogreg100kBench();
if (!only || only === 'lstsq') await runLstsqBench();
if (!only || only === 'memory') await runMemoryRecycleBench();
if (!only || only === 'runtimes') await runRuntimeLoadBench();
if (!only || only === 'storage') await runSaveModesBench();
if (!only || only === 'edge') {
  await runEdgeBundleSizeBench();
  await runEdgeColdStartBench();
  await runEdgeThroughputBench();
}
if (!only || only === 'onnx') await (await import('./onnx/onnx.bench.ts')).runOnnxBench();
if (!only || only === 'parallel') await (await import('./parallel/parallel.bench.ts')).runParallelBench();
if (!only || only === 'automl') await (await import('./automl/automl.bench.ts')).runAutoMLBench();
if (!only || only === 'distributed') await (await import('./distributed/distributed.bench.ts')).runDistributedBench();
