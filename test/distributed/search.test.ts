/**
 * A distributed search on a real Redis (redis-server started here) with two `ferry worker` processes over file://
 * storage: every trial recorded once, the same scores and best trial as the single-process AutoML with the same seed
 * (which the search's repository is interchangeable with), the best model and the refit dump kept.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AutoML, FileSystemStorage, KFoldSplitter, MemoryStorage, type NDArray, TrialRepository } from 'ferryml';
import { DistributedJobFailedError, DistributedSearch, InvalidDistributedOptionError } from 'ferryml/distributed';
import { redisMissing } from './redisServer.ts';
import { classificationData, searchPipeline } from './searchData.ts';
import { Pause } from './slowSteps.ts';
import { TestCluster } from './testCluster.ts';

const MODULE = fileURLToPath(new URL('./slowSteps.ts', import.meta.url));

describe('distributed search over Redis and file:// storage', { skip: redisMissing }, () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start();
    await cluster.addWorkers(2);
  });
  after(async () => {
    await cluster?.close();
  });

  it('runs 8 trials on two worker processes, each recorded once, equal to AutoML in one process', async () => {
    const storage = new FileSystemStorage(cluster.root);
    const { X, y } = classificationData(200);
    const options = { metric: 'accuracy' as const, validation: new KFoldSplitter({ k: 3 }), nTrials: 8, seed: 7 };
    const written: string[] = [];
    const result = await new DistributedSearch({
      ...options,
      pipeline: searchPipeline(),
      storage,
      repository: 'searches/one',
      redis: cluster.redis.url,
      onWrite: (key) => written.push(key),
      pollMs: 200,
    }).fit(X, y);
    assert.equal(result.trials.length, 8);
    assert.equal(result.enqueued, 8);
    assert.deepEqual(written.sort(), [
      'searches/one/data.ferry',
      'searches/one/pipeline.ferrypack',
      'searches/one/search.json',
    ]);

    const localRepo = new TrialRepository(new MemoryStorage(), 'searches/one');
    const local = await new AutoML({ ...options, pipeline: searchPipeline(), repository: localRepo }).fit(X, y);
    // The same search.json as AutoML's (same hashes of pipeline and data): either resumes the other.
    assert.deepEqual(await new TrialRepository(storage, 'searches/one').readSearch(), await localRepo.readSearch());
    assert.deepEqual(
      result.trials.map((t) => [t.index, t.hyperparams, t.scores, t.status]),
      local.trials.map((t) => [t.index, t.hyperparams, t.scores, t.status]),
    );
    assert.equal(result.best.index, local.best.index);

    // Each trial record written by exactly one worker, once; both workers took part.
    const writes = cluster.workers.flatMap((w) =>
      w.events.filter((e) => e.event === 'write' && e.key?.includes('/trials/')),
    );
    assert.equal(writes.length, 8);
    assert.equal(new Set(writes.map((e) => e.key)).size, 8);
    assert.ok(
      cluster.workers.every((w) => w.events.some((e) => e.event === 'done')),
      'both workers ran jobs',
    );

    // The repository is AutoML's: the best model and the refit dump, loadable without source.
    const repo = new TrialRepository(storage, 'searches/one');
    assert.deepEqual(await repo.modelIndexes(), [result.best.index]);
    assert.equal(result.refitName, 'search');
    const refit = await repo.refitContext().load('search');
    const predicted = (await refit.transform(X.slice(0, 5))) as NDArray;
    assert.equal(predicted.shape[0], 5);

    // Resuming a finished search enqueues nothing and writes nothing.
    const again = await new DistributedSearch({
      ...options,
      pipeline: searchPipeline(),
      storage,
      repository: 'searches/one',
      redis: cluster.redis.url,
      onWrite: (key) => written.push(key),
    }).fit(X, y);
    assert.equal(again.enqueued, 0);
    assert.equal(again.resumed, 8);
    assert.equal(written.length, 3);
  });

  it('a pipeline a worker cannot load fails the job at once, typed, and records no trial', async () => {
    const storage = new FileSystemStorage(cluster.root);
    const { X, y } = classificationData(60);
    // These workers were started without --module: they do not know the Pause step.
    const search = new DistributedSearch({
      pipeline: searchPipeline(new Pause()),
      metric: 'accuracy',
      nTrials: 2,
      storage,
      repository: 'searches/unknown',
      redis: cluster.redis.url,
      pollMs: 200,
    });
    await assert.rejects(search.fit(X, y), (error: unknown) => {
      assert.ok(error instanceof DistributedJobFailedError, String(error));
      assert.match(error.reason, /UnknownClassError \[FERRY_UNKNOWN_CLASS\].*test\.distributed\.Pause/);
      // The workers' own account of each attempt, should a run ever see a second one.
      const seen = JSON.stringify(cluster.workers.flatMap((w) => w.events.filter((e) => e.event !== 'ready')));
      assert.equal(error.attempts, 1, `attempts of ${error.jobId}; the workers saw ${seen}`);
      return true;
    });
    assert.deepEqual(await new TrialRepository(storage, 'searches/unknown').readTrials(), []);

    // Fixed (a worker that knows the step), the same search resumes: the failed jobs are retried, not ignored.
    await cluster.stopWorkers();
    await cluster.addWorkers(1, ['--module', MODULE]);
    const resumed = await search.fit(X, y);
    assert.equal(resumed.trials.length, 2);
    assert.ok(resumed.trials.every((t) => t.status === 'success'));
    assert.throws(() => new DistributedSearch({ metric: 'accuracy' } as never), InvalidDistributedOptionError);
    assert.throws(
      () =>
        new DistributedSearch({
          pipeline: searchPipeline(),
          metric: (() => 1) as never,
          storage,
          repository: 'r',
          redis: cluster.redis.url,
        }),
      InvalidDistributedOptionError,
    );
  });

  it('early stopping: the same stop and best trial as AutoML; queued trials past the stop are dropped', async () => {
    const storage = new FileSystemStorage(cluster.root);
    const { X, y } = classificationData(120);
    const options = { metric: 'accuracy' as const, nTrials: 40, seed: 1, earlyStopping: { patience: 3 } };
    // Each trial waits 40 ms in fit and in transform (the one worker left by the test above has --module), so the
    // trials queued past the stop are still waiting when the coordinator drops them, however loaded the machine is.
    const paused = () => searchPipeline(new Pause({ hyperparams: { delayMs: 40 } }));
    const result = await new DistributedSearch({
      ...options,
      pipeline: paused(),
      storage,
      repository: 'searches/early',
      redis: cluster.redis.url,
      pollMs: 200,
    }).fit(X, y);
    const local = await new AutoML({ ...options, pipeline: paused() }).fit(X, y);
    assert.notEqual(local.stoppedAt, null, 'the search stops early');
    assert.equal(result.stoppedAt, local.stoppedAt);
    assert.equal(result.best.index, local.best.index);
    const upTo = (t: { index: number }) => t.index <= (local.stoppedAt as number);
    assert.deepEqual(
      result.trials.filter(upTo).map((t) => [t.index, t.scores]),
      local.trials.filter(upTo).map((t) => [t.index, t.scores]),
    );
    assert.ok(result.trials.length < 40, `trials past the stop were not all run: ${result.trials.length}`);
  });
});
