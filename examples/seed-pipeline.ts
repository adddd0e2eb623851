/**
 * The Neuraxle "step saving and lifecycle" notebook in Ferry: build the pipeline, fit it, save a
 * full dump, print the dump tree, load it in a fresh process that never imports this file, and
 * predict with the LOADED pipeline. Run: `npm run demo`.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExecutionContext, FileSystemStorage, type NDArray } from 'ferryml';
import { buildSeedPipeline, PIPELINE_NAME } from './seed/seedPipeline.ts';

const cacheFolder = process.argv[2] ?? 'cache_folder';

// The notebook's pipeline (examples/seed/seedPipeline.ts): IdentityWithQueue, TrainOnlyWrapper(DataShuffler),
// OutputTransformerWrapper(Ravel), LogisticRegression with its hyperparameter space.
const pipeline = buildSeedPipeline(PIPELINE_NAME, { cacheFolder });

const dataInputs = [[0], [1], [2], [3]];
const expectedOutputs = [[0], [2], [4], [6]];
const fitOutputs = (await pipeline.fitTransform(dataInputs, expectedOutputs)) as NDArray;
console.log(`outputs (fitTransform, on shuffled rows): ${JSON.stringify(fitOutputs.toNested())}`);

// Full dump: every step, even those neither invalidated nor new.
await pipeline.save(new ExecutionContext(cacheFolder), { fullDump: true });
console.log('saved pipeline !');

const storage = new FileSystemStorage(cacheFolder);
console.log('dump tree:');
for (const key of await storage.list('')) {
  const bytes = (await storage.read(key)).byteLength;
  console.log(`  ${cacheFolder}/${key}  (${bytes} bytes)`);
}

// Load in a fresh process that imports only ferryml and IdentityWithQueue's module.
const loader = fileURLToPath(new URL('./seed/load-and-predict.ts', import.meta.url));
const stdout = execFileSync(
  process.execPath,
  [...process.execArgv, loader, cacheFolder, PIPELINE_NAME, JSON.stringify(dataInputs)],
  {
    encoding: 'utf8',
  },
);
const loaded = JSON.parse(stdout) as { class: string; outputs: number[] };
console.log(`loaded pipeline without any source code (${loaded.class}) !`);
console.log(`outputs (loaded pipeline): ${JSON.stringify(loaded.outputs)}`);

const original = ((await pipeline.transform(dataInputs)) as NDArray).toNested();
console.log(`outputs (original pipeline): ${JSON.stringify(original)}`);
if (JSON.stringify(original) !== JSON.stringify(loaded.outputs)) {
  console.error('MISMATCH between the loaded and the original pipeline');
  process.exitCode = 1;
}

if (process.argv[2] === undefined) rmSync(cacheFolder, { recursive: true, force: true });
