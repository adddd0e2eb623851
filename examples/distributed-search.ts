/**
 * A hyperparameter search spread over worker processes through Redis (BullMQ), with the trials' data and records in
 * shared storage. Run: `node --import tsx examples/distributed-search.ts`.
 *
 * Here everything runs on this machine: a redis-server is started on a free port (or set REDIS_URL), the storage is a
 * temporary folder (file://), and two `ferry worker` processes are started. Across machines, start
 * `npx ferry worker --redis redis://<host>:6379 --storage s3://<bucket>/<prefix>` on each, and give the coordinator
 * the same Redis and an `S3Storage` on the same bucket and prefix (docs/distributed.md).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  FileSystemStorage,
  KFoldSplitter,
  LogisticRegression,
  LogUniform,
  type NDArray,
  Pipeline,
  StandardScaler,
} from 'ferryml';
import { DistributedSearch } from 'ferryml/distributed';

/** `ferry worker …` as a process: the repository's CLI source here; `npx ferry worker …` in your project. */
const FERRY = ['--import', 'tsx', fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server of our own, unless REDIS_URL names one. */
async function redis(): Promise<{ url: string; stop: () => void }> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: () => {} };
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (
    let i = 0;
    spawnSync('redis-cli', ['-p', String(port), 'ping'])
      .stdout?.toString()
      .trim() !== 'PONG';
    i++
  ) {
    if (i > 200) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => server.kill() };
}

/** Starts `ferry worker` and resolves once it pulls jobs; counts the trials it runs. */
function worker(redisUrl: string, storageUrl: string, done: Map<number, number>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...FERRY, 'worker', '--redis', redisUrl, '--storage', storageUrl, '--log', 'json'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const event = JSON.parse(line) as { event: string; job?: string; pid: number };
        if (event.event === 'ready') resolve(child);
        if (event.event === 'done' && event.job?.startsWith('trial/'))
          done.set(event.pid, (done.get(event.pid) ?? 0) + 1);
      }
    });
  });
}

const X = Array.from({ length: 300 }, (_, i) => [Math.sin(i * 1.3), Math.cos(i * 0.7), ((i * 7) % 11) / 11 - 0.5]);
const y = X.map(([a, b, c]) => (a + 0.5 * b - c + 0.3 * Math.sin(a * 5) > 0 ? 1 : 0));

const server = await redis();
const folder = mkdtempSync(join(tmpdir(), 'ferry-distributed-'));
const trialsPerWorker = new Map<number, number>();
const workers = await Promise.all([1, 2].map(() => worker(server.url, pathToFileURL(folder).href, trialsPerWorker)));
try {
  const search = new DistributedSearch({
    pipeline: new Pipeline([
      new StandardScaler(),
      new LogisticRegression({ space: { C: new LogUniform(0.001, 100) } }),
    ]).setName('model'),
    metric: 'accuracy',
    validation: new KFoldSplitter({ k: 3 }),
    nTrials: 8,
    seed: 42,
    storage: new FileSystemStorage(folder),
    repository: 'searches/demo',
    redis: server.url,
    onTrial: (t) =>
      console.log(
        `trial ${t.index}: C=${Number(t.hyperparams.LogisticRegression__C).toPrecision(3)} accuracy ${t.score?.toFixed(3)}`,
      ),
  });
  const result = await search.fit(X, y);
  console.log(
    `trials: ${result.trials.length}, by ${trialsPerWorker.size} worker processes (${[...trialsPerWorker.values()].join(' + ')})`,
  );
  console.log(`best: trial ${result.best.index} (accuracy ${result.best.score?.toFixed(3)})`);
  // The best configuration, fitted on all the data by a worker, loads without source from the shared storage.
  const model = await result.repository.refitContext().load(result.refitName ?? 'model');
  const predicted = (await model.transform(X.slice(0, 10))) as NDArray;
  console.log(`refit model predicts: ${[...predicted.data].join(' ')} (truth: ${y.slice(0, 10).join(' ')})`);
} finally {
  await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r).kill('SIGTERM'))));
  server.stop();
  rmSync(folder, { recursive: true, force: true });
}
