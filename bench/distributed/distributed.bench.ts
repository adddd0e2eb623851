/**
 * `npm run bench distributed`: distributed work on this machine, against one process in the same run.
 *
 * - Trials per minute of a search (StandardScaler + LogisticRegression, 5-fold) with 1, 2 and 4 `ferry worker`
 *   processes over file:// storage, against the single-process AutoML (trials in its own thread) on the same search.
 * - Batch rows per second of a transform (StandardScaler + PCA on float64 rows, batches of arrays files) with 1, 2
 *   and 4 worker processes, against one process reading, transforming and writing the same batches.
 * - Overhead per job, one job at a time (queue round trip + storage), medians: a 1-row transform through an Identity
 *   dump and a job whose result exists (skipped), on file:// and on S3 (s3rver on 127.0.0.1); Redis commands and S3
 *   requests per job are counted (Redis INFO, a counting fetch), for docs/scale.md's capacity model.
 *
 * The machine has 2 cores shared with other work: figures taken with `uptime` load above ~1 are provisional.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  AutoML,
  ExecutionContext,
  FileSystemStorage,
  Identity,
  KFoldSplitter,
  KMeans,
  NDArray,
  Pipeline,
  StandardScaler,
  type StorageAdapter,
} from 'ferryml';
import {
  type BatchKeys,
  DistributedSearch,
  DistributedWorker,
  distributedTransform,
  loadNDArrays,
  saveNDArrays,
  writeBatchInputs,
} from 'ferryml/distributed';
import { S3Storage } from '../../adapters/s3.ts';
import { JobQueue } from '../../src/distributed/JobQueue.ts';
import type { FerryJobData, TrialJobData } from '../../src/distributed/jobs.ts';
import { packStep } from '../../src/parallel/stageDump.ts';
import { redisMissing, startRedis } from '../../test/distributed/redisServer.ts';
import { searchPipeline } from '../../test/distributed/searchData.ts';
import { startWorker, type WorkerProcess } from '../../test/distributed/workerProcess.ts';
import { S3RVER_KEY, S3RVER_SECRET, startS3rver, TEST_BUCKET } from '../../test/s3/s3rver.ts';
import { median, ms } from '../timing.ts';

const TRIALS = 16;
const TRIAL_ROWS = 20_000;
const FOLDS = 5;
const TRIAL_FEATURES = 16;
const BATCH_ROWS = 5_000;
const ROWS = 100_000;
const FEATURES = 32;
const CLUSTERS = 128;
const OVERHEAD_JOBS = 30;

/** A two-class problem of `n` rows and `d` features with a nonlinear boundary. */
function trialData(n: number, d: number): { X: NDArray; y: NDArray } {
  const X = rowsData(n, d);
  const y = new NDArray('float64', [n], new Float64Array(n));
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Math.sin((j + 1) * Number(X.data[i * d + j]));
    y.data[i] = s > 0 ? 1 : 0;
  }
  return { X, y };
}

function redisInfo(url: string, section: string): string {
  return execFileSync('/usr/bin/redis-cli', ['-p', new URL(url).port, 'info', section], { encoding: 'utf8' });
}

function redisCommands(url: string): number {
  return Number(/total_commands_processed:(\d+)/.exec(redisInfo(url, 'stats'))?.[1]);
}

/** CPU seconds redis-server has used (user + system, main thread and others). */
function redisCpu(url: string): number {
  const info = redisInfo(url, 'cpu');
  return Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1]);
}

/** BullMQ alone: `n` empty jobs added in bulk, one worker running 64 at once; jobs/s and Redis CPU per job. */
async function emptyJobs(redis: string, n: number): Promise<{ perSecond: number; cpuUs: number; commands: number }> {
  const { Queue, Worker } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const connect = () => new Redis(redis, { maxRetriesPerRequest: null });
  const [a, b] = [connect(), connect()];
  const queue = new Queue('empty', { connection: a });
  let done = 0;
  let resolveAll: () => void = () => {};
  const all = new Promise<void>((r) => {
    resolveAll = r;
  });
  const worker = new Worker(
    'empty',
    async () => {
      if (++done === n) resolveAll();
      return null;
    },
    { connection: b, concurrency: 64, autorun: false },
  );
  await queue.addBulk(
    Array.from({ length: n }, (_, i) => ({ name: 'e', data: { i }, opts: { removeOnComplete: true } })),
  );
  const cpu0 = redisCpu(redis);
  const ops0 = redisCommands(redis);
  const t0 = performance.now();
  void worker.run();
  await all;
  const seconds = (performance.now() - t0) / 1000;
  const result = {
    perSecond: n / seconds,
    cpuUs: ((redisCpu(redis) - cpu0) / n) * 1e6,
    commands: (redisCommands(redis) - ops0) / n,
  };
  await worker.close();
  await queue.close();
  a.disconnect();
  b.disconnect();
  return result;
}

function rowsData(n: number, d: number): NDArray {
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37) * (1 + (i % d)) + ((i * 13) % 7);
  return new NDArray('float64', [n, d], data);
}

async function withWorkers<T>(n: number, redis: string, storageUrl: string, fn: () => Promise<T>): Promise<T> {
  const workers: WorkerProcess[] = await Promise.all(Array.from({ length: n }, () => startWorker(redis, storageUrl)));
  try {
    return await fn();
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/** One job at a time through `queue`, `n` times: the median latency, Redis commands and S3 requests per job. */
async function overhead(
  queue: JobQueue,
  redis: string,
  jobs: readonly FerryJobData[],
  requests: () => number,
): Promise<{ latency: number; redisOps: number; redisCpuUs: number; s3: number }> {
  const times: number[] = [];
  const ops0 = redisCommands(redis);
  const cpu0 = redisCpu(redis);
  const req0 = requests();
  for (const job of jobs) {
    const t0 = performance.now();
    const id = await queue.add(job);
    await queue.waitAll([id], () => []);
    times.push(performance.now() - t0);
  }
  return {
    latency: median(times),
    redisOps: (redisCommands(redis) - ops0) / jobs.length,
    redisCpuUs: ((redisCpu(redis) - cpu0) / jobs.length) * 1e6,
    s3: (requests() - req0) / jobs.length,
  };
}

export async function runDistributedBench(): Promise<void> {
  console.log('distributed/distributed.bench — BullMQ on redis-server, this machine (2 cores shared)');
  if (redisMissing) {
    console.log(`  skipped: ${redisMissing}`);
    return;
  }
  const load = loadavg()[0];
  const note = load > 1 ? ` — PROVISIONAL: load average ${load.toFixed(2)} at start` : '';
  console.log(`  load average at start ${load.toFixed(2)}${note}`);
  const redis = await startRedis();
  const s3 = await startS3rver();
  const root = mkdtempSync(join(tmpdir(), 'ferry-bench-dist-'));
  const storage = new FileSystemStorage(root);
  const url = pathToFileURL(root).href;
  try {
    // Trials.
    const { X, y } = trialData(TRIAL_ROWS, TRIAL_FEATURES);
    const options = {
      metric: 'accuracy' as const,
      validation: new KFoldSplitter({ k: FOLDS }),
      nTrials: TRIALS,
      seed: 5,
    };
    const t0 = performance.now();
    await new AutoML({ ...options, pipeline: searchPipeline(), refit: false, keepBestModel: false }).fit(X, y);
    const local = performance.now() - t0;
    console.log(
      `  trials (${TRIALS}; StandardScaler + LogisticRegression, ${TRIAL_ROWS.toLocaleString('en')} × ${TRIAL_FEATURES}, ${FOLDS}-fold): ` +
        `one-process AutoML ${((TRIALS / local) * 60_000).toFixed(0)} trials/min (${ms(local / TRIALS)} per trial)`,
    );
    for (const n of [1, 2, 4]) {
      const elapsed = await withWorkers(n, redis.url, url, async () => {
        const r = await new DistributedSearch({
          ...options,
          pipeline: searchPipeline(),
          storage,
          repository: `trials-${n}`,
          redis: redis.url,
          refit: false,
          keepBestModel: false,
          pollMs: 500,
        }).fit(X, y);
        return r.elapsedMs;
      });
      console.log(
        `    ${n} worker process(es): ${((TRIALS / elapsed) * 60_000).toFixed(0)} trials/min, ${(local / elapsed).toFixed(2)}× one process`,
      );
    }

    // Batches.
    const x = rowsData(ROWS, FEATURES);
    const model = new Pipeline([
      new StandardScaler(),
      new KMeans().setHyperparams({ nClusters: CLUSTERS, nInit: 1, maxIter: 10, seed: 0 }),
    ]).setName('clusters');
    await model.fit(rowsData(4 * CLUSTERS, FEATURES));
    await model.save(new ExecutionContext(storage, ['models']), { fullDump: true });
    const localBatches = await writeBatchInputs(storage, 'batches-local', x, BATCH_ROWS);
    const oneProcessRun = async (batches: readonly BatchKeys[]) => {
      const t1 = performance.now();
      for (const b of batches) {
        const { x: part } = await loadNDArrays(storage, b.input);
        await saveNDArrays(storage, b.output, { y: (await model.transform(part)) as NDArray });
      }
      return performance.now() - t1;
    };
    await oneProcessRun(localBatches.slice(0, 3)); // warm, as the workers are by their first batches
    const oneProcess = await oneProcessRun(localBatches);
    console.log(
      `  batches (StandardScaler + KMeans ${CLUSTERS} clusters; ${ROWS.toLocaleString('en')} × ${FEATURES} float64 in ${localBatches.length} batches of ${BATCH_ROWS.toLocaleString('en')}): one process (read, transform, write) ${Math.round(ROWS / (oneProcess / 1000)).toLocaleString('en')} rows/s`,
    );
    for (const n of [1, 2, 4]) {
      const batches = await writeBatchInputs(storage, `batches-${n}`, x, BATCH_ROWS);
      const r = await withWorkers(n, redis.url, url, () =>
        distributedTransform({ storage, dump: 'models/clusters', batches, redis: redis.url, pollMs: 500 }),
      );
      console.log(
        `    ${n} worker process(es): ${Math.round(ROWS / (r.elapsedMs / 1000)).toLocaleString('en')} rows/s, ${(oneProcess / r.elapsedMs).toFixed(2)}× one process`,
      );
    }

    // Overhead per job.
    console.log(`  overhead per job, one at a time (median of ${OVERHEAD_JOBS}; worker in this process):`);
    let s3Requests = 0;
    const s3Storage = new S3Storage({
      endpoint: s3.endpoint,
      bucket: TEST_BUCKET,
      accessKeyId: S3RVER_KEY,
      secretAccessKey: S3RVER_SECRET,
      prefix: 'bench',
      fetch: (input, init) => {
        s3Requests++;
        return fetch(input, init);
      },
    });
    const queue = await JobQueue.open({ redis: redis.url, queue: 'overhead', pollMs: 1000 });
    try {
      for (const [label, store] of [
        ['file://', storage],
        ['S3 (s3rver)', s3Storage],
      ] as [string, StorageAdapter][]) {
        await new Identity().setName('identity').save(new ExecutionContext(store, ['models']), { fullDump: true });
        await saveNDArrays(store, 'tiny/in.ferry', { x: rowsData(1, FEATURES) });
        const worker = await DistributedWorker.start({ redis: redis.url, storage: store, queue: 'overhead' });
        try {
          const tag = label.startsWith('S3') ? 's3' : 'fs';
          const jobs = Array.from({ length: OVERHEAD_JOBS }, (_, i) => ({
            kind: 'transform' as const,
            dump: 'models/identity',
            input: 'tiny/in.ferry',
            output: `tiny/${tag}-out-${i}.ferry`,
          }));
          await overhead(queue, redis.url, jobs.slice(0, 3), () => s3Requests); // warm: dump loaded, connections up
          const run = await overhead(queue, redis.url, jobs.slice(3), () => s3Requests);
          const again = await overhead(queue, redis.url, jobs.slice(3), () => s3Requests);
          await queue.remove(jobs.map((j) => `transform/${j.output}`));
          const skip = await overhead(queue, redis.url, jobs.slice(3), () => s3Requests);
          const s3Note = tag === 's3' ? `, ${run.s3.toFixed(1)} S3 requests` : '';
          const s3Skip = tag === 's3' ? `, ${skip.s3.toFixed(1)} S3 requests` : '';
          console.log(
            `    ${label}: 1-row transform ${ms(run.latency)} (${run.redisOps.toFixed(0)} Redis commands, ${run.redisCpuUs.toFixed(0)} µs Redis CPU${s3Note}); ` +
              `output already in storage, the worker skips: ${ms(skip.latency)} (${skip.redisOps.toFixed(0)} Redis commands${s3Skip}); ` +
              `the same job enqueued again, answered from Redis: ${ms(again.latency)} (${again.redisOps.toFixed(0)} Redis commands)`,
          );
          // A trial job: 40 rows, holdout, one LogisticRegression fit (the queue and storage around it dominate).
          const tiny = trialData(40, 4);
          await store.write('tiny/pipeline.ferrypack', await packStep(searchPipeline()));
          await saveNDArrays(store, 'tiny/data.ferry', { x: tiny.X, y: tiny.y });
          const trials: TrialJobData[] = Array.from({ length: OVERHEAD_JOBS }, (_, index) => ({
            kind: 'trial',
            repository: `tiny/trials-${tag}`,
            index,
            hyperparams: { LogisticRegression__C: 1 },
            pipeline: 'tiny/pipeline.ferrypack',
            data: 'tiny/data.ferry',
            splitter: { splitter: 'holdout', validationSize: 0.25, shuffle: true },
            metric: 'accuracy',
            seed: 0,
          }));
          await overhead(queue, redis.url, trials.slice(0, 3), () => s3Requests);
          const trial = await overhead(queue, redis.url, trials.slice(3), () => s3Requests);
          console.log(
            `    ${label}: trial job (40 rows, one fit) ${ms(trial.latency)} (${trial.redisOps.toFixed(0)} Redis commands, ${trial.redisCpuUs.toFixed(0)} µs Redis CPU` +
              `${tag === 's3' ? `, ${trial.s3.toFixed(1)} S3 requests` : ''})`,
          );
        } finally {
          await worker.close();
        }
      }
    } finally {
      await queue.close();
    }
    // Ferry's own jobs under load: 1,000 one-row transforms enqueued at once, one worker in this process running 32 at
    // once (file://): what Redis spends per job when it is busy (the one-at-a-time figures above include its idle work).
    {
      const worker = await DistributedWorker.start({ redis: redis.url, storage, queue: 'load', concurrency: 32 });
      try {
        const batches = Array.from({ length: 1_000 }, (_, i) => ({
          input: 'tiny/in.ferry',
          output: `load/out-${i}.ferry`,
        }));
        const cpu0 = redisCpu(redis.url);
        const ops0 = redisCommands(redis.url);
        const r = await distributedTransform({
          storage,
          dump: 'models/identity',
          batches,
          redis: redis.url,
          queue: 'load',
        });
        console.log(
          `  Ferry transform jobs under load (1,000 one-row jobs, one worker, 32 at once, file://): ` +
            `${Math.round(1_000 / (r.elapsedMs / 1000)).toLocaleString('en')} jobs/s, ${((redisCommands(redis.url) - ops0) / 1_000).toFixed(1)} Redis commands ` +
            `and ${(((redisCpu(redis.url) - cpu0) / 1_000) * 1e6).toFixed(0)} µs of Redis CPU per job (enqueue, run, wait, remove)`,
        );
      } finally {
        await worker.close();
      }
    }
    const empty = await emptyJobs(redis.url, 5_000);
    console.log(
      `  BullMQ alone (5,000 empty jobs, one worker, 64 at once): ${Math.round(empty.perSecond).toLocaleString('en')} jobs/s, ` +
        `${empty.commands.toFixed(1)} Redis commands and ${empty.cpuUs.toFixed(0)} µs of Redis CPU per job`,
    );
    const end = loadavg()[0];
    console.log(`  load average at end ${end.toFixed(2)}${end > 1 ? ' — PROVISIONAL' : ''}`);
  } finally {
    await s3.close();
    await redis.close();
    rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runDistributedBench();
