/** examples/automl.ts runs as written (as test/examples.test.ts runs the other examples). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

it('automl.ts: trials on workers, early stopping, a rerun that resumes everything, the refit loaded', () => {
  const file = fileURLToPath(new URL('../../examples/automl.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
  const trials = out.match(/^trial \d+ (success|failed)/gm) ?? [];
  assert.ok(trials.length >= 9, out);
  const best = /^best: trial (\d+), log-loss (\d\.\d+)/m.exec(out);
  assert.ok(best, out);
  assert.match(out, /early stopping stopped the search after trial \d+/);
  assert.match(out, new RegExp(`rerun: ${trials.length} trials resumed, 0 run, best trial ${best[1]}`));
  assert.match(out, /refit loaded from .*: training accuracy 0\.9\d\d/);
});
