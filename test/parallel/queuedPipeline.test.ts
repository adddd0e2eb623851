/**
 * Queued pipelines in Node (worker_threads, from source through tsx): the same answers as a Pipeline in this thread,
 * outputs in input order while later batches finish first, backpressure on a stream, a failing batch and a dying
 * worker as typed errors naming the stage and the batch (a worker that dies once is replaced and its batch retried),
 * teardown ending every worker (counted by Ferry and by the threads of this process), saving without the live queue
 * and loading without source, and reloading the workers when a stage is refitted.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  BatchFailedError,
  BatchQueue,
  ExecutionContext,
  Identity,
  InvalidDumpFieldError,
  InvalidParallelOptionError,
  KMeans,
  LifecycleError,
  liveWorkerCount,
  MemoryStorage,
  NDArray,
  ParallelQueuedFeatureUnion,
  PCA,
  Pipeline,
  SequentialQueuedPipeline,
  StageLoadError,
  StandardScaler,
  schemaOf,
  WorkerCrashedError,
  WorkerStartError,
  WorkerTaskError,
} from 'ferryml';
import { LIVE_FIELDS } from '../../src/parallel/QueuedPipelineSaver.ts';
import { BASE_STEP_FIELDS } from '../../src/schema/baseStepFields.ts';
import { DIE_ALWAYS, DIE_ONCE, Doubler, FAIL, SLOW } from './testSteps.ts';

const WORKER_MODULE = new URL('./testSteps.ts', import.meta.url).href;
const tmp = mkdtempSync(join(tmpdir(), 'ferry-queued-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Threads of this process (Linux): each live worker adds its thread (from source, also the thread of the tsx loader
 * hooks it registers).
 */
function threadCount(): number {
  return readdirSync('/proc/self/task').length;
}

function matrix(n: number, d: number, seed = 1): NDArray {
  const data = new Float64Array(n * d);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = (s / 2 ** 32) * 10 - 5 + (i % d);
  }
  return new NDArray('float64', [n, d], data);
}

const stages = () => [
  new StandardScaler(),
  new PCA({ hyperparams: { nComponents: 3 } }),
  new KMeans({ hyperparams: { nClusters: 4, nInit: 2 } }),
];

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SequentialQueuedPipeline and ParallelQueuedFeatureUnion on worker_threads', () => {
  it('give exactly the answers of the same steps in this thread; teardown ends every worker and thread', async () => {
    const X = matrix(5000, 6);
    const threadsBefore = threadCount();
    const reference = new Pipeline(stages());
    await reference.fit(X);
    const expected = (await reference.transform(X)) as NDArray;

    const [scaler, pca, kmeans] = stages();
    const queued = new SequentialQueuedPipeline([scaler, ['PCA', 2, pca], kmeans], { workers: 1, batchSize: 700 });
    await queued.fit(X);
    const out = (await queued.transform(X)) as NDArray;
    assert.deepEqual(out.shape, [5000]);
    assert.deepEqual([...out.data], [...expected.data]);
    assert.equal(liveWorkerCount(), 4, 'one worker per stage, two for PCA');
    assert.ok(threadCount() >= threadsBefore + 4, 'each worker is (at least) one thread of this process');

    const union = new ParallelQueuedFeatureUnion(
      [new StandardScaler(), ['pca', 1, new PCA({ hyperparams: { nComponents: 2 } })], new Identity()],
      { workers: 1, batchSize: 999 },
    );
    await union.fit(X);
    const joined = (await union.transform(X)) as NDArray;
    const scaled = (await (union.steps[0] as StandardScaler).transform(X)) as NDArray;
    const pcs = (await union.steps[1].transform(X)) as NDArray;
    assert.deepEqual(joined.shape, [5000, 14]);
    for (let r = 0; r < 5000; r++) {
      const row = [...joined.data.subarray(r * 14, r * 14 + 14)];
      assert.deepEqual(row.slice(0, 6), [...scaled.data.subarray(r * 6, r * 6 + 6)]);
      assert.deepEqual(row.slice(6, 8), [...pcs.data.subarray(r * 2, r * 2 + 2)]);
      assert.deepEqual(row.slice(8), [...X.data.subarray(r * 6, r * 6 + 6)], `row ${r}: Identity's output`);
    }
    assert.equal(liveWorkerCount(), 7);

    await queued.teardown();
    await union.teardown();
    assert.equal(liveWorkerCount(), 0);
    await waitFor(() => threadCount() === threadsBefore);
  });

  it('hands outputs back in input order when later batches finish first', async () => {
    const p = new SequentialQueuedPipeline([new Doubler({ hyperparams: { delayMs: 300 } })], {
      workers: 2,
      batchSize: 10,
      workerModule: WORKER_MODULE,
    });
    const x = Array.from({ length: 60 }, (_, i) => [i === 0 ? SLOW : i]);
    const out = (await p.transform(x)) as NDArray;
    assert.deepEqual(
      [...out.data],
      x.map(([v]) => 2 * v),
    );
    await p.teardown();
  });

  it('reads a stream only as far as its queue allows ahead of the consumer (backpressure)', async () => {
    const p = new SequentialQueuedPipeline([new Doubler()], {
      workers: 2,
      maxQueueSize: 1,
      workerModule: WORKER_MODULE,
    });
    let pulled = 0;
    let consumed = 0;
    let mostAhead = 0;
    function* source() {
      for (let i = 0; i < 40; i++) {
        pulled++;
        mostAhead = Math.max(mostAhead, pulled - consumed);
        yield [[i, i + 0.5]];
      }
    }
    const outputs: number[] = [];
    for await (const out of p.transformBatches(source())) {
      await new Promise((r) => setTimeout(r, 5)); // a slow consumer
      consumed++;
      outputs.push(...((out as NDArray).data as Float64Array));
    }
    assert.equal(consumed, 40);
    assert.deepEqual(outputs, Array.from({ length: 40 }, (_, i) => [2 * i, 2 * i + 1]).flat());
    assert.equal(p.queueCapacity, 3, 'two workers + maxQueueSize 1');
    assert.ok(mostAhead <= p.queueCapacity + 1, `read ${mostAhead} batches ahead of the consumer`);
    assert.ok(mostAhead >= 2, 'batches did run ahead on the workers');
    await p.teardown();
  });

  it('rejects a failing batch with a BatchFailedError naming the stage and the batch', async () => {
    const p = new SequentialQueuedPipeline([new Identity(), ['double', new Doubler()]], {
      workers: 2,
      batchSize: 5,
      workerModule: WORKER_MODULE,
    });
    const x = Array.from({ length: 30 }, (_, i) => [i === 15 ? FAIL : i]);
    const error = await p.transform(x).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BatchFailedError, String(error));
    assert.equal(error.code, 'FERRY_BATCH_FAILED');
    assert.equal(error.stage, 'double');
    assert.equal(error.batch, 3);
    assert.deepEqual(error.rows, [15, 20]);
    assert.match(error.message, /stage "double", batch 3 \(rows 15–19\)/);
    assert.ok(error.cause instanceof WorkerTaskError);
    assert.equal(error.cause.remote.name, 'InvalidInputError');
    assert.equal(error.cause.remote.code, 'FERRY_INVALID_INPUT');
    // The pipeline still works afterwards.
    const ok = (await p.transform([[1], [2]])) as NDArray;
    assert.deepEqual([...ok.data], [2, 4]);
    await p.teardown();
  });

  it('replaces a worker that dies and retries its batch once; twice is a WorkerCrashedError', async () => {
    const marker = join(tmp, 'died-once');
    const p = new SequentialQueuedPipeline([new Doubler({ hyperparams: { marker } })], {
      workers: 2,
      batchSize: 4,
      workerModule: WORKER_MODULE,
    });
    const x = Array.from({ length: 20 }, (_, i) => [i === 8 ? DIE_ONCE : i]);
    const out = (await p.transform(x)) as NDArray;
    assert.deepEqual(
      [...out.data],
      x.map(([v]) => 2 * v),
    );
    assert.ok(readdirSync(tmp).includes('died-once'), 'a worker did die');
    assert.equal(liveWorkerCount(), 2, 'the dead worker was replaced');

    const y = Array.from({ length: 20 }, (_, i) => [i === 12 ? DIE_ALWAYS : i]);
    const error = await p.transform(y).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof WorkerCrashedError, String(error));
    assert.equal(error.stage, 'Doubler');
    assert.equal(error.batch, 3);
    assert.match(error.reason, /exited with code 7/);
    assert.equal(liveWorkerCount(), 2);
    await p.teardown();
    assert.equal(liveWorkerCount(), 0);

    // A batch that hangs past batchTimeoutMs counts as a dead worker: replaced, retried once, then a typed error.
    const hanging = new SequentialQueuedPipeline([new Doubler({ hyperparams: { delayMs: 60_000 } })], {
      workers: 1,
      batchTimeoutMs: 300,
      workerModule: WORKER_MODULE,
    });
    const timedOut = await hanging.transform([[SLOW], [1]]).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(timedOut instanceof WorkerCrashedError, String(timedOut));
    assert.match(timedOut.reason, /longer than jobTimeoutMs \(300 ms\)/);
    assert.deepEqual([...((await hanging.transform([[1], [2]])) as NDArray).data], [2, 4]);
    await hanging.teardown();
    assert.equal(liveWorkerCount(), 0);
  });

  it('saves without its live queue and workers, loads without source, and setup() makes a new queue', async () => {
    const X = matrix(600, 4, 7);
    const [scaler, pca, kmeans] = stages();
    const p = new SequentialQueuedPipeline([scaler, ['PCA', 1, pca], kmeans], { workers: 0, batchSize: 100 }).setName(
      'queued',
    );
    await p.fit(X);
    const before = (await p.transform(X)) as NDArray;
    assert.ok(p.queue instanceof BatchQueue);
    const storage = new MemoryStorage();
    await p.save(new ExecutionContext(storage), { fullDump: true });
    assert.ok(p.queue instanceof BatchQueue, 'the live pipeline keeps its queue');
    assert.equal(p.pools?.filter((pool) => pool !== null).length, 1);
    await p.teardown();

    const loaded = (await new ExecutionContext(storage).load('queued')) as SequentialQueuedPipeline;
    assert.ok(loaded instanceof SequentialQueuedPipeline);
    assert.equal(loaded.queue, null);
    assert.equal(loaded.pools, null);
    assert.deepEqual(loaded.stageWorkers, [0, 1, 0]);
    const saved = Object.keys(loaded).filter((k) => !['isInitialized', 'isInvalidated', 'isTrain'].includes(k));
    const live: readonly string[] = LIVE_FIELDS;
    const declared = [
      ...Object.keys(BASE_STEP_FIELDS),
      ...Object.keys(schemaOf('ferry.SequentialQueuedPipeline')?.fields ?? {}),
    ];
    assert.deepEqual(saved.filter((k) => !live.includes(k)).sort(), declared.sort());
    await loaded.setup();
    assert.ok((loaded.queue as BatchQueue | null) instanceof BatchQueue);
    const after = (await loaded.transform(X)) as NDArray;
    assert.deepEqual([...after.data], [...before.data]);
    assert.throws(() => loaded.useWorkers({ workerModule: WORKER_MODULE }), LifecycleError);
    assert.equal(liveWorkerCount(), 1);
    await loaded.teardown();
    assert.equal(liveWorkerCount(), 0);

    // A dump never chooses code for workers to run, nor thousands of workers: such fields are refused on load.
    const hostile = new SequentialQueuedPipeline([new StandardScaler()], { workerModule: 'data:text/javascript,1' });
    hostile.setName('hostile').savers = []; // written without the saver that strips the live fields
    await hostile.save(new ExecutionContext(storage), { fullDump: true });
    await assert.rejects(new ExecutionContext(storage).load('hostile'), (e: unknown) => {
      assert.ok(e instanceof InvalidDumpFieldError, String(e));
      return true;
    });
    const greedy = new SequentialQueuedPipeline([new StandardScaler()]).setName('greedy');
    greedy.stageWorkers = [100_000];
    await greedy.save(new ExecutionContext(storage), { fullDump: true });
    await assert.rejects(new ExecutionContext(storage).load('greedy'), /stageWorkers\[0\]".*at most 256/);
    assert.throws(() => new SequentialQueuedPipeline([new StandardScaler()], { workers: 257 }), /in \[0, 256\]/);
  });

  it('reloads its workers when a stage changes (refit with new hyperparameters)', async () => {
    const X = matrix(800, 5, 3);
    const [scaler, pca, kmeans] = stages();
    const p = new SequentialQueuedPipeline([scaler, pca, ['KMeans', 1, kmeans]], { workers: 0, batchSize: 200 });
    await p.fit(X);
    const first = (await p.transform(X)) as NDArray;
    p.setHyperparams({ KMeans__nClusters: 2 });
    await p.fit(X);
    const second = (await p.transform(X)) as NDArray;
    const reference = new Pipeline(stages());
    reference.setHyperparams({ KMeans__nClusters: 2 });
    await reference.fit(X);
    assert.deepEqual([...second.data], [...((await reference.transform(X)) as NDArray).data]);
    assert.ok(Math.max(...(second.data as Float64Array)) <= 1 && Math.max(...(first.data as Float64Array)) > 1);
    await p.teardown();
  });

  it('says which stage its workers cannot load (a class not registered there), and refuses bad options', async () => {
    const p = new SequentialQueuedPipeline([new Doubler()], { workers: 1 });
    const error = await p.transform([[1]]).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StageLoadError, String(error));
    assert.equal(error.stage, 'Doubler');
    assert.match(error.message, /FERRY_UNKNOWN_CLASS|Unknown class id "test\.Doubler"/);
    await p.teardown();

    // A stage whose loading kills every worker: a typed error, and the pool stops replacing workers.
    const deadly = new SequentialQueuedPipeline([new Doubler({ hyperparams: { dieInSetup: true } })], {
      workers: 2,
      workerModule: WORKER_MODULE,
    });
    const died = await deadly.transform([[1], [2], [3]]).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(died instanceof WorkerCrashedError || died instanceof WorkerStartError, String(died));
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(liveWorkerCount() <= 2, `${liveWorkerCount()} workers alive`);
    await deadly.teardown();
    assert.equal(liveWorkerCount(), 0);

    assert.throws(() => new SequentialQueuedPipeline([new Doubler()], { workers: -1 }), InvalidParallelOptionError);
    assert.throws(() => new SequentialQueuedPipeline([new Doubler()], { batchSize: 0 }), /option "batchSize"/);
    assert.throws(() => new SequentialQueuedPipeline([]), /at least one step/);
    assert.throws(() => new SequentialQueuedPipeline([new Doubler(), new Doubler()]), /two steps named "Doubler"/);
    const stream = new SequentialQueuedPipeline([new Doubler()], { workers: 0 }).transformBatches(
      42 as unknown as Iterable<unknown>,
    );
    await assert.rejects(stream.next(), /expected an iterable of batches/);
    const unfitted = new SequentialQueuedPipeline(stages(), { workers: 0 });
    await assert.rejects(unfitted.transform([[1, 2]]), LifecycleError);
  });

  it('runs stages with workers: 0 in this thread, with the same answers', async () => {
    const X = matrix(300, 3, 5);
    const p = new SequentialQueuedPipeline(stages(), { workers: 0, batchSize: 64 });
    await p.fit(X);
    const reference = new Pipeline(stages());
    await reference.fit(X);
    assert.deepEqual(
      [...((await p.transform(X)) as NDArray).data],
      [...((await reference.transform(X)) as NDArray).data],
    );
    assert.equal(liveWorkerCount(), 0);
    await p.teardown();
  });
});
