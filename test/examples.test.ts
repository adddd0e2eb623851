/** Every runnable example in examples/ runs as written (the demo and the MXNet seed have their own tests). */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const run = (file: string) =>
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(`../examples/${file}`, import.meta.url))], {
    encoding: 'utf8',
  });

const noRedis = spawnSync('redis-server', ['--version']).status === 0 ? false : 'redis-server is not installed';
if (noRedis && process.env.CI === 'true') throw new Error(`CI: ${noRedis} (apt-get install redis-server)`);
if (noRedis) console.warn(`SKIPPING examples/distributed-search.ts: ${noRedis} (apt-get install redis-server)`);

describe('examples', () => {
  it('classical-pipeline.ts fits, packs and reloads with the same predictions', () => {
    const out = run('classical-pipeline.ts');
    assert.match(out, /training accuracy: 0\.9\d*|training accuracy: 1/);
    assert.match(out, /same predictions: true/);
  });

  it('hyperparameter-search.ts samples the space with flat names and keeps the best', () => {
    const out = run('hyperparameter-search.ts');
    assert.match(out, /space: LogisticRegression__C, LogisticRegression__penalty/);
    assert.equal(out.match(/^trial \d/gm)?.length, 8);
    assert.match(out, /best: \{"LogisticRegression__C":/);
  });

  it('tfjs/graph-model.ts runs a graph model with tfjs-core + tfjs-converter only, saved uint8 and reloaded from a pack', () => {
    const out = run('tfjs/graph-model.ts');
    assert.match(out, /weights stored as uint8/);
    const diff = Number(/max difference after the uint8 round trip: (\S+)/.exec(out)?.[1]);
    assert.ok(diff > 0 && diff < 0.01, `uint8 changes the answers a little, not a lot: ${diff}`);
  });

  it('distributed-search.ts runs a search over 2 ferry worker processes through Redis', { skip: noRedis }, () => {
    const out = run('distributed-search.ts');
    assert.equal(out.match(/^trial \d/gm)?.length, 8);
    assert.match(out, /trials: 8, by 2 worker processes/);
    assert.match(out, /best: trial \d+ \(accuracy 0\.9/);
  });
});
