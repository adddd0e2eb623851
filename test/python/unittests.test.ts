/**
 * The Python package's own tests (python/tests, unittest, Debian's /usr/bin/python3 with scikit-learn 1.2.1), run on
 * the checkout's python/ folder.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { ROOT } from '../runtimes/build.ts';
import { PYTHON, pythonEnv, pythonUnavailable } from './pythonEnv.ts';

it('python/tests pass (unittest)', { skip: pythonUnavailable ?? false }, () => {
  const r = spawnSync(
    PYTHON,
    ['-W', 'error::ResourceWarning', '-m', 'unittest', 'discover', '-s', 'tests', '-t', '.'],
    {
      cwd: join(ROOT, 'python'),
      env: pythonEnv(),
      encoding: 'utf8',
    },
  );
  const summary = /Ran (\d+) tests?/.exec(r.stderr);
  assert.equal(r.status, 0, r.stderr.slice(-6000));
  assert.ok(summary && Number(summary[1]) >= 50, `ran ${summary?.[1]} tests`);
  assert.match(r.stderr, /\nOK\s*$/);
  console.log(`python/tests: ${summary?.[1]} tests OK`);
});
