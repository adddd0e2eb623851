/** `ferry trials <repository>`: a search's trials and its best one, as text and JSON, run as a user would. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  AutoML,
  type AutoMLResult,
  Choice,
  FileSystemStorage,
  LogisticRegression,
  Pipeline,
  TrialRepository,
} from 'ferryml';
import { classificationData } from './sklearnReference.ts';

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ferry-trials-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function ferry(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let result: AutoMLResult;
before(async () => {
  const { x, y } = classificationData(120, 3, 8);
  result = await new AutoML({
    pipeline: new Pipeline([
      new LogisticRegression({ space: { C: new Choice([0.01, 1, 100]), penalty: new Choice(['l2', 'elasticnet']) } }),
    ]).setName('clf'),
    metric: 'accuracy',
    nTrials: 5,
    seed: 4,
    repository: new TrialRepository(new FileSystemStorage(join(tmp, 'runs')), 'first'),
  }).fit(x, y);
});

it('lists every trial with its status, scores and hyperparameters, and names the best, its model and the refit', () => {
  const r = ferry('trials', join(tmp, 'runs', 'first'));
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /pipeline "clf", metric accuracy \(higher is better\), splitter "holdout"/);
  assert.match(r.out, /5 of 5 trials recorded: \d succeeded, \d failed, 0 started/);
  const rows = r.out.split('\n').filter((l) => /^[ *]\s+\d+ {2}(success|failed)/.test(l));
  assert.equal(rows.length, 5);
  assert.match(r.out, /LogisticRegression__C=/);
  assert.match(r.out, /failed .*InvalidHyperparameterError \[FERRY_INVALID_HYPERPARAMETER\]/);
  const best = result.best.index;
  assert.match(r.out, new RegExp(`^\\*\\s+${best} {2}success`, 'm'));
  assert.match(
    r.out,
    new RegExp(
      `best: trial ${best}, accuracy .*best/trial-${String(best).padStart(5, '0')}\\.ferrypack; refit on all rows .*refit/clf`,
    ),
  );
});

it('--json gives the search, the trials and the best as data', () => {
  const r = ferry('trials', join(tmp, 'runs', 'first'), '--json');
  assert.equal(r.code, 0, r.err);
  const data = JSON.parse(r.out);
  assert.equal(data.search.format, 'ferry.trials/1');
  assert.equal(data.trials.length, 5);
  assert.equal(data.best.index, result.best.index);
  assert.deepEqual(data.best.scores, result.best.scores);
});

it('a folder that is not a repository exits 1 with the reason', () => {
  mkdirSync(join(tmp, 'empty'));
  const r = ferry('trials', join(tmp, 'empty'));
  assert.equal(r.code, 1);
  assert.match(r.err, /is not a trial repository: expected .*search\.json/);
});
