/**
 * A queued pipeline: StandardScaler → PCA → KMeans transforming 200,000 rows in batches on worker threads, with the
 * same labels as the same steps in this thread; a stream transformed batch by batch with backpressure; the seed's
 * custom step (IdentityWithQueue) as a stage, loaded in its workers without source through `workerModule`; a save and a
 * load; teardown ending every worker. Run: `node --import tsx examples/parallel-pipeline.ts`.
 */
import {
  ExecutionContext,
  KMeans,
  liveWorkerCount,
  MemoryStorage,
  NDArray,
  PCA,
  Pipeline,
  SequentialQueuedPipeline,
  StandardScaler,
} from 'ferryml';
import { IdentityWithQueue } from './seed/IdentityWithQueue.ts';

const n = 200_000;
const d = 16;
const data = new Float64Array(n * d);
for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.7) * 3 + ((i * 7919) % 13) / 4;
const X = new NDArray('float64', [n, d], data);
const model = () =>
  new Pipeline([
    new StandardScaler(),
    new PCA({ hyperparams: { nComponents: 4 } }),
    new KMeans({ hyperparams: { nClusters: 8, nInit: 1 } }),
  ]).setName('model');

// Two stages: the seed's custom step on one worker (its workers import its module to register the class, see
// `workerModule`), then the model on two ([name, workers, step], as in Neuraxle); batches of 20,000 rows.
const queued = new SequentialQueuedPipeline([new IdentityWithQueue(), ['model', 2, model()]], {
  workers: 1,
  batchSize: 20_000,
  workerModule: new URL('./seed/IdentityWithQueue.ts', import.meta.url),
}).setName('queued');
await queued.fit(X); // fitting runs in this thread, on all rows
let t0 = performance.now();
const labels = (await queued.transform(X)) as NDArray;
console.log(
  `queued pipeline: ${n} rows → ${labels.shape} labels in ${(performance.now() - t0).toFixed(0)} ms (worker start-up included)`,
);
console.log(`workers alive: ${liveWorkerCount()}`);
t0 = performance.now();
await queued.transform(X);
console.log(`again, workers warm: ${(performance.now() - t0).toFixed(0)} ms`);

const inThread = new Pipeline([new IdentityWithQueue(), model()]);
await inThread.fit(X);
const expected = (await inThread.transform(X)) as NDArray;
console.log(`same labels as in this thread: ${labels.data.every((v, i) => v === expected.data[i])}`);

// A stream: each item is one batch; it is read only as far as the queue allows ahead of this loop.
async function* batches() {
  for (let start = 0; start < 60_000; start += 10_000)
    yield new NDArray('float64', [10_000, d], data.slice(start * d, (start + 10_000) * d));
}
let streamed = 0;
for await (const out of queued.transformBatches(batches())) streamed += (out as NDArray).shape[0];
console.log(`streamed ${streamed} rows in order`);

// Saved without its live queue, workers and worker module; loaded without source; setup() makes a new queue, the
// first transform new workers.
const storage = new MemoryStorage();
await queued.save(new ExecutionContext(storage), { fullDump: true });
await queued.teardown();
console.log(`after teardown, workers alive: ${liveWorkerCount()}`);
const loaded = (await new ExecutionContext(storage).load('queued')) as SequentialQueuedPipeline;
// A dump never says what code workers run: this process names the module that registers IdentityWithQueue.
loaded.useWorkers({ workerModule: new URL('./seed/IdentityWithQueue.ts', import.meta.url) });
const again = (await loaded.transform(X.reshape([n, d]))) as NDArray;
console.log(
  `loaded (${loaded.constructor.name}, queue recreated: ${loaded.queue !== null}): same labels: ${again.data.every((v, i) => v === labels.data[i])}`,
);
await loaded.teardown();
console.log(`workers alive at the end: ${liveWorkerCount()}`);
