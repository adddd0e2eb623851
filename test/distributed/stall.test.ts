/**
 * Batch transforms on a real Redis with `ferry worker` processes: outputs equal the dump's own transform, and a worker
 * killed mid-job (SIGKILL) is found by BullMQ's stalled-job check, its job re-run by the other worker and written
 * once; a batch whose output exists is not computed again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ExecutionContext, FileSystemStorage, NDArray, PCA, Pipeline, StandardScaler } from 'ferryml';
import {
  DistributedJobFailedError,
  distributedTransform,
  loadNDArrays,
  readBatchOutputs,
  writeBatchInputs,
} from 'ferryml/distributed';
import { redisMissing } from './redisServer.ts';
import { Pause } from './slowSteps.ts';
import { TestCluster } from './testCluster.ts';
import { FAST_STALLS, type WorkerProcess } from './workerProcess.ts';

const MODULE = fileURLToPath(new URL('./slowSteps.ts', import.meta.url));

function rows(n: number, d: number): NDArray {
  const data = new Float64Array(n * d);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37) * (1 + (i % d));
  return new NDArray('float64', [n, d], data);
}

describe('distributed batch transforms', { skip: redisMissing }, () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start();
  });
  after(async () => {
    await cluster?.close();
  });

  it('a worker killed mid-job: the stalled job runs on the other worker, its output written once', async () => {
    const storage = new FileSystemStorage(cluster.root);
    const x = rows(600, 6);
    const model = new Pipeline([
      new Pause().setHyperparams({ delayMs: 700 }),
      new StandardScaler(),
      new PCA().setHyperparams({ nComponents: 3 }),
    ]).setName('scorer');
    await model.fit(x);
    await model.save(new ExecutionContext(storage, ['models']), { fullDump: true });
    const expected = (await model.transform(x)) as NDArray;
    const batches = await writeBatchInputs(storage, 'batches/kill', x, 200);

    const [a, b] = await cluster.addWorkers(2, ['--module', MODULE, ...FAST_STALLS]);
    const run = distributedTransform({
      storage,
      dump: 'models/scorer',
      batches,
      redis: cluster.redis.url,
      pollMs: 200,
    });
    // Kill whichever worker starts the first batch, while its Pause step waits.
    const first = `transform/${batches[0].output}`;
    const victim = await Promise.race(
      [a, b].map((w) => w.waitFor((e) => e.event === 'start' && e.job === first).then(() => w)),
    );
    victim.child.kill('SIGKILL');
    const survivor = victim === a ? b : a;
    const result = await run;

    assert.equal(result.rows, 600);
    const out = await readBatchOutputs(storage, batches);
    assert.deepEqual([...out.shape], [600, 3]);
    for (let i = 0; i < out.data.length; i++)
      assert.ok(Math.abs(Number(out.data[i]) - Number(expected.data[i])) < 1e-12);
    // The killed job started again on the survivor, and every output was written exactly once, all by the survivor.
    assert.ok(
      survivor.events.some((e) => e.event === 'start' && e.job === first),
      'the stalled job re-ran',
    );
    const writes = [...a.events, ...b.events].filter((e) => e.event === 'write');
    assert.deepEqual(writes.map((e) => e.key).sort(), batches.map((k) => k.output).sort());
    assert.ok(victim.events.every((e) => e.event !== 'write' || e.job !== first));

    // Again: every output exists, so nothing is computed or written.
    const again = await distributedTransform({ storage, dump: 'models/scorer', batches, redis: cluster.redis.url });
    assert.ok(again.results.every((r) => r.skipped));
    assert.equal([...a.events, ...b.events].filter((e) => e.event === 'write').length, 3);
    const { y } = await loadNDArrays(storage, batches[1].output);
    assert.deepEqual([...(y as NDArray).shape], [200, 3]);
  });

  it('a damaged input, a missing dump and a job of another shape fail at once with typed errors', async () => {
    const storage = new FileSystemStorage(cluster.root);
    const alive = cluster.workers.find(
      (w) => w.child.exitCode === null && w.child.signalCode === null,
    ) as WorkerProcess;
    await storage.write('bad/in.ferry', new TextEncoder().encode('not an arrays file'));
    const fail = (dump: string, input: string, output: string) =>
      distributedTransform({ storage, dump, batches: [{ input, output }], redis: cluster.redis.url, pollMs: 200 });
    const t0 = performance.now();
    await assert.rejects(fail('models/scorer', 'bad/in.ferry', 'bad/out.ferry'), (error: unknown) => {
      assert.ok(error instanceof DistributedJobFailedError);
      assert.equal(error.jobId, 'transform/bad/out.ferry');
      assert.match(error.reason, /CorruptDumpError \[FERRY_CORRUPT_DUMP\]/);
      assert.equal(error.attempts, 1, 'not retried: the same bytes fail the same way');
      return true;
    });
    await assert.rejects(fail('models/nothing', 'batches/kill/in-00000.ferry', 'bad/out2.ferry'), /FERRY_NOT_FOUND/);
    assert.ok(performance.now() - t0 < 10_000);
    // A job of another producer on the queue fails in the worker, typed, and the worker goes on.
    const { Queue } = await import('bullmq');
    const { Redis } = await import('ioredis');
    const connection = new Redis(cluster.redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('ferry', { connection });
    try {
      await queue.add('shell', { kind: 'shell', command: 'rm -rf /' }, { jobId: 'evil' });
      await alive.waitFor((e) => e.event === 'failed' && e.job === 'evil');
      const reason = alive.events.find((e) => e.job === 'evil' && e.event === 'failed')?.reason ?? '';
      assert.match(reason, /unknown kind "shell"/);
      for (let i = 0; (await queue.getJobState('evil')) !== 'failed'; i++) {
        assert.ok(i < 100, 'the job ends failed, not retried');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await queue.close();
      await connection.quit();
    }
    assert.equal(alive.child.exitCode, null, 'the worker still runs');
  });
});
