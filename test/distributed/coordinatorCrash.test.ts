/**
 * The coordinator resumes after its own crash from what Redis and storage hold: a DistributedSearch in a process of
 * its own is killed (SIGKILL) mid-search and started again; the search ends with the same trials as the
 * single-process AutoML, each trial job ran once, each record was written once, and the restarted coordinator wrote
 * nothing to storage (the inputs and search.json were there).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AutoML, FileSystemStorage, HoldoutSplitter, TrialRepository } from 'ferryml';
import { redisMissing } from './redisServer.ts';
import { classificationData, searchPipeline } from './searchData.ts';
import { TestCluster } from './testCluster.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const MODULE = join(HERE, 'slowSteps.ts');
const N_TRIALS = 10;

interface Line {
  event: string;
  key?: string;
  index?: number;
  trials?: { index: number; hyperparams: unknown; scores: number[]; status: string }[];
  best?: number;
  resumed?: number;
  enqueued?: number;
}

/** Starts the coordinator; `lines` fills as it prints. */
function coordinator(redis: string, root: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(HERE, 'coordinatorProcess.ts'), redis, root, 'crash', String(N_TRIALS)],
    { cwd: join(HERE, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: Line[] = [];
  let text = '';
  child.stdout.on('data', (d: Buffer) => {
    text += d.toString();
    const parts = text.split('\n');
    text = parts.pop() ?? '';
    for (const p of parts) if (p.startsWith('{')) lines.push(JSON.parse(p) as Line);
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, lines, exited, stderr: () => err };
}

describe('a coordinator killed mid-search resumes', { skip: redisMissing }, () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await TestCluster.start();
    await cluster.addWorkers(2, ['--module', MODULE]);
  });
  after(async () => {
    await cluster?.close();
  });

  it('SIGKILL after two trials, restart: same results, nothing run or written twice', async () => {
    const storage = new FileSystemStorage(cluster.root);
    const repo = new TrialRepository(storage, 'crash');
    const first = coordinator(cluster.redis.url, cluster.root);
    // Kill it once two trials are recorded (and more are queued or running).
    for (let i = 0; ; i++) {
      const done = (await repo.readTrials().catch(() => [])).length;
      if (done >= 2) break;
      assert.ok(i < 400 && first.child.exitCode === null, `the first coordinator ended early: ${first.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    assert.equal(
      first.lines.find((l) => l.event === 'result'),
      undefined,
      'killed before its end',
    );
    assert.deepEqual(
      first.lines.filter((l) => l.event === 'write').map((l) => l.key),
      ['crash/pipeline.ferrypack', 'crash/data.ferry', 'crash/search.json'],
    );

    const second = coordinator(cluster.redis.url, cluster.root);
    assert.equal(await second.exited, 0, second.stderr());
    const result = second.lines.find((l) => l.event === 'result') as Line;
    assert.ok(result, second.stderr());
    assert.deepEqual(
      second.lines.filter((l) => l.event === 'write'),
      [],
      'the restarted coordinator wrote nothing',
    );
    assert.ok((result.resumed ?? 0) >= 2);
    assert.equal((result.resumed ?? 0) + (result.enqueued ?? 0), N_TRIALS);

    // The same trials as AutoML in one process (Pause passes rows through unchanged).
    const { X, y } = classificationData(150);
    const local = await new AutoML({
      pipeline: searchPipeline(),
      metric: 'accuracy',
      validation: new HoldoutSplitter({ validationSize: 0.25 }),
      nTrials: N_TRIALS,
      seed: 3,
    }).fit(X, y);
    assert.deepEqual(
      result.trials,
      local.trials.map((t) => ({ index: t.index, hyperparams: t.hyperparams, scores: t.scores, status: t.status })),
    );
    assert.equal(result.best, local.best.index);

    // Each trial job started once (no duplicate from re-enqueuing) and each record was written once.
    const events = cluster.workers.flatMap((w) => w.events);
    for (let i = 0; i < N_TRIALS; i++) {
      const starts = events.filter((e) => e.event === 'start' && e.job === `trial/crash/${i}`).length;
      assert.equal(starts, 1, `trial ${i} started ${starts} times`);
    }
    const writes = events.filter((e) => e.event === 'write' && e.key?.startsWith('crash/trials/'));
    assert.equal(writes.length, N_TRIALS);
    assert.equal(new Set(writes.map((e) => e.key)).size, N_TRIALS);
  });
});
