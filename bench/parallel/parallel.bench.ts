/**
 * Queued pipeline throughput: a fitted StandardScaler → PCA(32) → KMeans(256) pipeline (CPU-bound: 65 ms of KMeans per
 * 25,000 rows; FERRY_BENCH_PCA=8 FERRY_BENCH_CLUSTERS=16 gives a memory-bound one) transforms 1,000,000 × 32 f64 as
 * one stage of a SequentialQueuedPipeline on 1 worker and on 2 workers (rounds alternated, medians), against the same
 * pipeline in this thread, all in the same run; once from an ordinary array (each batch is copied out and transferred)
 * and once from an array over a SharedArrayBuffer (workers read the rows where they are). Target: 2 workers ≥ 1.8× the
 * throughput of 1 worker (2-core machine). Peers in the same rounds: a hand-written worker_threads loop over the same
 * batches (no Ferry pool), with the time its workers spend transforming; and the machine's own ceiling, two bare
 * worker_threads spinning on arithmetic against one (other work on the cores lowers all of them alike).
 * Per-batch overhead, the calling thread's work for each batch: copying its rows into a recycled buffer (timed alone),
 * and the round trip of a batch through a worker (an Identity stage on one worker passing 1-row batches: message,
 * transform, reply).
 * Run alone: npm run bench parallel
 */
import { loadavg } from 'node:os';
import {
  ExecutionContext,
  Identity,
  KMeans,
  MemoryStorage,
  NDArray,
  PCA,
  Pipeline,
  pack,
  SequentialQueuedPipeline,
  StandardScaler,
} from 'ferryml';
import { SpareBuffers, sliceRows } from '../../src/parallel/batching.ts';
import { median, ms } from '../timing.ts';

const N = 1_000_000;
const D = 32;
const BATCH = Number(process.env.FERRY_BENCH_BATCH ?? 25_000);
/** The pipeline's PCA components and KMeans clusters (default 32 and 256, CPU-bound; fewer clusters make it memory-bound). */
const PCA_COMPONENTS = Number(process.env.FERRY_BENCH_PCA ?? 32);
const CLUSTERS = Number(process.env.FERRY_BENCH_CLUSTERS ?? 256);

function data(): NDArray {
  const x = new Float64Array(N * D);
  let s = 7;
  for (let i = 0; i < x.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = (s / 2 ** 32) * 4 + Math.sin(i % D) * ((i / D) % 5);
  }
  return new NDArray('float64', [N, D], x);
}

async function fitted(X: NDArray): Promise<Pipeline> {
  const sample = new NDArray('float64', [20_000, D], X.data.subarray(0, 20_000 * D) as Float64Array);
  const p = new Pipeline([
    new StandardScaler(),
    new PCA({ hyperparams: { nComponents: PCA_COMPONENTS } }),
    new KMeans({ hyperparams: { nClusters: CLUSTERS, nInit: 1, seed: 1 } }),
  ]).setName('model');
  await p.fit(sample);
  return p;
}

/** Bare worker_threads spinning on arithmetic: what two threads get over one on this machine right now. */
async function spinners(): Promise<{ spin: (n: number) => Promise<void>; close: () => Promise<void> }> {
  const { Worker } = await import('node:worker_threads');
  const code = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (n) => { let x = 0; for (let i = 0; i < n; i++) x = (x + Math.sqrt(i)) % 1e9; parentPort.postMessage(x); });`;
  const workers = [new Worker(code, { eval: true }), new Worker(code, { eval: true })];
  const run = (w: (typeof workers)[number], n: number) =>
    new Promise<void>((resolve) => {
      w.once('message', () => resolve());
      w.postMessage(n);
    });
  return {
    spin: async (n) => {
      if (n > 0) await run(workers[0], n);
      else await Promise.all(workers.map((w) => run(w, -n / 2)));
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * The peer: a hand-written worker_threads loop without Ferry's pool. Each worker loads the same pack (from source, with
 * tsx, like the pool's workers) and transforms the slices posted to it; it also reports how long it spent transforming.
 */
async function handWritten(pack: Uint8Array): Promise<{
  run: (X: NDArray, workers: number) => Promise<{ wall: number; busy: number }>;
  close: () => Promise<void>;
}> {
  const { Worker } = await import('node:worker_threads');
  const entry = new URL('../../src/entries/node.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  (await import(workerData.tsx)).register();
  const f = await import(workerData.entry);
  const model = await new f.ExecutionContext(new f.PackStorage(workerData.pack)).load('model');
  let busy = 0;
  parentPort.on('message', async (m) => {
    if (m === 'busy') { parentPort.postMessage(busy); busy = 0; return; }
    const t = performance.now();
    const out = await model.transform(new f.NDArray('float64', [m.length / ${D}, ${D}], m));
    busy += performance.now() - t;
    parentPort.postMessage(out.data, [out.data.buffer]);
  });
  parentPort.postMessage('ready');
})();`;
  const start = () =>
    new Promise<InstanceType<typeof Worker>>((resolve) => {
      const w = new Worker(code, { eval: true, workerData: { tsx, entry, pack } });
      w.once('message', () => resolve(w));
    });
  const workers = [await start(), await start()];
  const ask = (w: (typeof workers)[number], message: unknown, transfer: ArrayBuffer[] = []) =>
    new Promise<unknown>((resolve) => {
      w.once('message', resolve);
      w.postMessage(message, transfer);
    });
  return {
    run: async (X, n) => {
      const x = X.data as Float64Array;
      const batches = Math.ceil(N / BATCH);
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        workers.slice(0, n).map(async (w) => {
          while (next < batches) {
            const i = next++;
            const rows = x.slice(i * BATCH * D, Math.min(N, (i + 1) * BATCH) * D);
            await ask(w, rows, [rows.buffer]);
          }
        }),
      );
      const wall = performance.now() - t0;
      const busy = (await Promise.all(workers.slice(0, n).map((w) => ask(w, 'busy')))) as number[];
      return { wall, busy: busy.reduce((a, b) => a + b, 0) };
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Runs the benchmark; returns the 2-worker/1-worker throughput ratio and the per-batch overheads in ms. */
export async function runParallelBench(rounds = 5): Promise<{
  ratio: number;
  sharedRatio: number;
  oneWorker: number;
  twoWorkers: number;
  inThread: number;
  roundTrip: number;
  copyPerBatch: number;
  machineRatio: number;
  peerRatio: number;
}> {
  const loadAtStart = loadavg()[0];
  const X = data();
  const model = await fitted(X);
  const one = new SequentialQueuedPipeline([model], { workers: 1, batchSize: BATCH });
  const two = new SequentialQueuedPipeline([model], { workers: 2, batchSize: BATCH });
  // Warm-up: workers started, the stage's dump loaded, kernels compiled (not timed).
  const warm = new NDArray('float64', [BATCH * 2, D], X.data.subarray(0, BATCH * 2 * D) as Float64Array);
  await one.transform(warm);
  await two.transform(warm);
  await model.transform(warm);
  const check = (await model.transform(X)) as NDArray;
  const same = ((await two.transform(X)) as NDArray).data.every((v, i) => v === check.data[i]);

  const shared = new NDArray('float64', [N, D], new Float64Array(new SharedArrayBuffer(N * D * 8)));
  (shared.data as Float64Array).set(X.data as Float64Array);
  const ceiling = await spinners();
  const memory = new MemoryStorage();
  await model.save(new ExecutionContext(memory), { fullDump: true });
  const peer = await handWritten(await pack(memory, 'model'));
  await peer.run(warm, 2);
  const SPIN = 1.5e8;
  await ceiling.spin(1e6);
  const times = {
    spinOne: [] as number[],
    spinTwo: [] as number[],
    one: [] as number[],
    two: [] as number[],
    here: [] as number[],
    oneS: [] as number[],
    twoS: [] as number[],
    peerOne: [] as number[],
    peerTwo: [] as number[],
    busyOne: [] as number[],
    busyTwo: [] as number[],
  };
  for (let r = 0; r < rounds; r++) {
    times.spinOne.push(await time(() => ceiling.spin(SPIN)));
    times.spinTwo.push(await time(() => ceiling.spin(-SPIN)));
    const p1 = await peer.run(X, 1);
    const p2 = await peer.run(X, 2);
    times.peerOne.push(p1.wall);
    times.peerTwo.push(p2.wall);
    times.busyOne.push(p1.busy);
    times.busyTwo.push(p2.busy);
    times.one.push(await time(() => one.transform(X)));
    times.two.push(await time(() => two.transform(X)));
    times.oneS.push(await time(() => one.transform(shared)));
    times.twoS.push(await time(() => two.transform(shared)));
    // Last in the round: the whole input in this thread leaves ~1 GB of garbage, whose collection would otherwise
    // share the cores with the next contender's workers.
    times.here.push(await time(() => model.transform(X)));
  }
  await one.teardown();
  await two.teardown();
  await ceiling.close();
  await peer.close();

  // Round trip of a 1-row batch through one worker (Identity stage).
  const echo = new SequentialQueuedPipeline([new Identity()], { workers: 1, maxQueueSize: 1 });
  const rows = Array.from({ length: 2000 }, (_, i) => new NDArray('float64', [1, D], new Float64Array(D).fill(i)));
  for await (const _ of echo.transformBatches(rows.slice(0, 200))) {
    // warm-up
  }
  const t0 = performance.now();
  for await (const _ of echo.transformBatches(rows)) {
    // consumed
  }
  const roundTrip = (performance.now() - t0) / rows.length;
  await echo.teardown();

  // The copy of each batch's rows into a buffer a worker gave back (what the calling thread does per batch).
  const spares = new SpareBuffers();
  const copies: number[] = [];
  for (let r = 0; r < 3; r++) {
    const c0 = performance.now();
    for (let start = 0; start < N; start += BATCH) {
      const batchRows = sliceRows(X, start, Math.min(N, start + BATCH), spares) as NDArray;
      spares.put(batchRows.data.buffer as ArrayBuffer);
    }
    copies.push((performance.now() - c0) / Math.ceil(N / BATCH));
  }
  const copyPerBatch = median(copies);

  const here = median(times.here);
  const oneWorker = median(times.one);
  const twoWorkers = median(times.two);
  const ratio = oneWorker / twoWorkers;
  const oneShared = median(times.oneS);
  const twoShared = median(times.twoS);
  const sharedRatio = oneShared / twoShared;
  const machineRatio = median(times.spinOne) / median(times.spinTwo);
  const peerOne = median(times.peerOne);
  const peerTwo = median(times.peerTwo);
  const busyRise = median(times.busyTwo) / median(times.busyOne) - 1;
  const batches = Math.ceil(N / BATCH);
  const loadAtEnd = loadavg()[0];
  const rowsPerSecond = (t: number) => `${(((N / t) * 1000) / 1e6).toFixed(2)} M rows/s`;
  console.log(
    `\nQueued pipeline: StandardScaler → PCA(${PCA_COMPONENTS}) → KMeans(${CLUSTERS}) transform of ${N.toLocaleString('en-US')} × ${D} f64, batches of ${BATCH.toLocaleString('en-US')} (${batches}), median of ${rounds} alternated rounds`,
  );
  console.log(`  in this thread (Pipeline.transform)  ${ms(here)}  ${rowsPerSecond(here)}`);
  console.log(`  1 worker                             ${ms(oneWorker)}  ${rowsPerSecond(oneWorker)}`);
  console.log(`  2 workers                            ${ms(twoWorkers)}  ${rowsPerSecond(twoWorkers)}`);
  console.log(
    `  2 workers / 1 worker throughput: ${ratio.toFixed(2)}×   (target ≥ 1.8×: ${ratio >= 1.8 ? '✓' : '✗'}); 2 workers / this thread: ${(here / twoWorkers).toFixed(2)}×`,
  );
  console.log(
    `  input over a SharedArrayBuffer: 1 worker ${ms(oneShared)}, 2 workers ${ms(twoShared)}: ${sharedRatio.toFixed(2)}×   (target ≥ 1.8×: ${sharedRatio >= 1.8 ? '✓' : '✗'})`,
  );
  console.log(
    `  peer, a hand-written worker_threads loop over the same batches (no Ferry pool): 1 worker ${ms(peerOne)}, 2 workers ${ms(peerTwo)}: ${(peerOne / peerTwo).toFixed(2)}×; ` +
      `queued pipeline / peer time: ${(oneWorker / peerOne).toFixed(2)} (1 worker), ${(twoWorkers / peerTwo).toFixed(2)} (2 workers)`,
  );
  console.log(
    `  time the peer's workers spend transforming the same rows: ${busyRise >= 0 ? '+' : ''}${(busyRise * 100).toFixed(0)}% with two running at once (shared caches and memory bandwidth)`,
  );
  console.log(
    `  this machine's ceiling in the same rounds (two bare worker_threads spinning vs one): ${machineRatio.toFixed(2)}×`,
  );
  console.log(`  outputs equal to the in-thread pipeline's: ${same}`);
  console.log(
    `  per-batch overhead in the calling thread: copying a ${BATCH.toLocaleString('en-US')}-row batch into a recycled buffer ${ms(copyPerBatch)}, ` +
      `round trip of a batch through a worker (1 row) ${ms(roundTrip)}; ${batches} batches`,
  );
  console.log(
    `  1-minute load average ${loadAtStart.toFixed(2)} at the start, ${loadAtEnd.toFixed(2)} at the end (this bench's own threads included)` +
      (loadAtStart > 0.5 ? ': other work was using the cores when it started, figures are provisional' : ''),
  );
  return {
    ratio,
    sharedRatio,
    oneWorker,
    twoWorkers,
    inThread: here,
    roundTrip,
    copyPerBatch,
    machineRatio,
    peerRatio: peerOne / peerTwo,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await runParallelBench();
