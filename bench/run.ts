/** `npm run bench`: every benchmark, each printing ratios against a baseline measured in the same run. */
import { runDumpBench } from './dump.bench.ts';
import { runSeedBench } from './seed.bench.ts';

const only = process.argv[2];
if (!only || only === 'seed') await runSeedBench();
if (!only || only === 'dump') await runDumpBench();
