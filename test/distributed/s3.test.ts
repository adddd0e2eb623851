/**
 * Distributed work over the real servers together: redis-server and s3rver (an S3-compatible server) on 127.0.0.1,
 * two `ferry worker --storage s3://…` processes. A search's trials and a batch transform go through S3Storage; the
 * results equal AutoML's and the dump's own transform. Also: storage URLs and job data that cannot be used are typed
 * errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AutoML, ExecutionContext, KMeans, NDArray, TrialRepository } from 'ferryml';
import {
  DistributedSearch,
  distributedTransform,
  InvalidJobError,
  InvalidStorageUrlError,
  RedisConnectionError,
  readBatchOutputs,
  writeBatchInputs,
} from 'ferryml/distributed';
import { S3Storage } from '../../adapters/s3.ts';
import { parseJobData } from '../../src/distributed/jobs.ts';
import { connectRedis } from '../../src/distributed/redisConnection.ts';
import { openStorageUrl } from '../../src/distributed/storageUrl.ts';
import { type RunningS3, S3RVER_KEY, S3RVER_SECRET, startS3rver, TEST_BUCKET } from '../s3/s3rver.ts';
import { freePort, type RunningRedis, redisMissing, startRedis } from './redisServer.ts';
import { classificationData, searchPipeline } from './searchData.ts';
import { startWorker, type WorkerProcess } from './workerProcess.ts';

const CREDENTIALS = { AWS_ACCESS_KEY_ID: S3RVER_KEY, AWS_SECRET_ACCESS_KEY: S3RVER_SECRET };

describe('distributed work on redis-server and s3rver', { skip: redisMissing }, () => {
  let redis: RunningRedis;
  let s3: RunningS3;
  let storage: S3Storage;
  let workers: WorkerProcess[] = [];
  before(async () => {
    [redis, s3] = await Promise.all([startRedis(), startS3rver()]);
    const prefix = `dist-${process.pid}`;
    storage = new S3Storage({
      endpoint: s3.endpoint,
      bucket: TEST_BUCKET,
      accessKeyId: S3RVER_KEY,
      secretAccessKey: S3RVER_SECRET,
      prefix,
    });
    const url = `s3://${TEST_BUCKET}/${prefix}?endpoint=${encodeURIComponent(s3.endpoint)}`;
    workers = await Promise.all([0, 1].map(() => startWorker(redis.url, url, [], CREDENTIALS)));
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all([redis?.close(), s3?.close()]);
  });

  it('a search and a batch transform through S3Storage, results equal to one process', async () => {
    const { X, y } = classificationData(160);
    const options = { metric: 'logLoss' as const, nTrials: 6, seed: 11 };
    const result = await new DistributedSearch({
      ...options,
      pipeline: searchPipeline(),
      storage,
      repository: 'search',
      redis: redis.url,
      pollMs: 200,
    }).fit(X, y);
    const local = await new AutoML({ ...options, pipeline: searchPipeline() }).fit(X, y);
    assert.deepEqual(
      result.trials.map((t) => [t.hyperparams, t.scores]),
      local.trials.map((t) => [t.hyperparams, t.scores]),
    );
    const repo = new TrialRepository(storage, 'search');
    assert.equal(await repo.refitName(), 'search');
    assert.deepEqual(await repo.modelIndexes(), [local.best.index]);

    const x = new NDArray(
      'float64',
      [300, 2],
      Float64Array.from({ length: 600 }, (_, i) => Math.sin(i * 0.71) * 3),
    );
    const model = new KMeans().setHyperparams({ nClusters: 3, seed: 0 }).setName('clusters');
    await model.fit(x);
    await model.save(new ExecutionContext(storage, ['models']), { fullDump: true });
    const batches = await writeBatchInputs(storage, 'batches', x, 100);
    const done = await distributedTransform({
      storage,
      dump: 'models/clusters',
      batches,
      redis: redis.url,
      pollMs: 200,
    });
    assert.equal(done.rows, 300);
    const out = await readBatchOutputs(storage, batches);
    assert.deepEqual([...out.data], [...((await model.transform(x)) as NDArray).data]);
  });

  it('storage URLs, Redis URLs and job data that cannot be used are typed errors', async () => {
    const bad = [
      'not a url',
      'ftp://host/x',
      's3://user:secret@bucket/x',
      's3://bucket/x?endpoint=http://127.0.0.1:1&color=blue',
      's3://bucket/x?addressing=sideways',
      's3://Bad_Bucket/x',
      'file:///tmp/x?query=1',
    ];
    for (const url of bad) assert.throws(() => openStorageUrl(url, CREDENTIALS), InvalidStorageUrlError, url);
    assert.throws(() => openStorageUrl('s3://bucket/x', {}), /AWS_ACCESS_KEY_ID/);
    assert.ok(openStorageUrl(`s3://${TEST_BUCKET}/p?endpoint=${s3.endpoint}`, CREDENTIALS) instanceof S3Storage);

    await assert.rejects(connectRedis('http://127.0.0.1:1'), RedisConnectionError);
    const closed = await freePort();
    await assert.rejects(connectRedis(`redis://127.0.0.1:${closed}`, { connectTimeoutMs: 500 }), RedisConnectionError);

    const trial = {
      kind: 'trial',
      repository: 'r',
      index: 0,
      hyperparams: {},
      pipeline: 'r/p.ferrypack',
      data: 'r/d.ferry',
      splitter: { splitter: 'holdout', validationSize: 0.2, shuffle: true },
      metric: 'accuracy',
      seed: 0,
    };
    assert.equal(parseJobData('trial/r/0', trial).kind, 'trial');
    const hostile: [string, unknown][] = [
      ['trial/r/0', null],
      ['trial/r/0', { ...trial, kind: 'shell' }],
      ['trial/r/1', trial],
      ['trial/r/0', { ...trial, pipeline: '../../etc/passwd' }],
      ['trial/r/0', { ...trial, index: -1 }],
      ['trial/r/0', { ...trial, hyperparams: { a: { nested: 1 } } }],
      ['transform/o', { kind: 'transform', dump: 'm', input: 'i', output: '/abs' }],
    ];
    for (const [id, data] of hostile)
      assert.throws(() => parseJobData(id, data), InvalidJobError, JSON.stringify(data));
  });
});
