import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';

/** Why the reference Python cannot run here, or null when it can. */
function pythonMissing(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn, scipy, numpy; print(sklearn.__version__)'], {
    encoding: 'utf8',
  });
  if (probe.error) return `${PYTHON} not found (${probe.error.message})`;
  if (probe.status !== 0) return `${PYTHON} lacks scikit-learn/scipy/numpy: ${probe.stderr.trim().split('\n').at(-1)}`;
  return null;
}

/**
 * Reruns `scripts/<script>` into a temporary file and checks that it reproduces `test/fixtures/<fixture>` exactly
 * (as parsed JSON). Skips loudly without the reference Python, and fails then under CI=true.
 */
export function checkRegenerates(t: TestContext, script: string, fixture: string): void {
  const missing = pythonMissing();
  if (missing) {
    const why = `cannot check that scripts/${script} regenerates test/fixtures/${fixture}: ${missing} (apt-get install python3-sklearn)`;
    console.warn(`SKIPPED: ${why}`);
    if (process.env.CI === 'true') assert.fail(why);
    t.skip(why);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ferry-fixture-'));
  try {
    const out = join(dir, fixture);
    const run = spawnSync(PYTHON, [fileURLToPath(new URL(`../../scripts/${script}`, import.meta.url)), out], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(run.status, 0, `scripts/${script} failed:\n${run.stderr}`);
    const fresh = JSON.parse(readFileSync(out, 'utf8')) as unknown;
    const committed = JSON.parse(readFileSync(new URL(`../fixtures/${fixture}`, import.meta.url), 'utf8')) as unknown;
    assert.deepEqual(fresh, committed, `scripts/${script} no longer reproduces test/fixtures/${fixture}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
