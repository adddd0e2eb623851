/**
 * No worker outlives its pipeline even without teardown(): a pipeline that is garbage-collected ends its workers, and
 * idle workers never keep a Node process alive (it exits when its own work is done).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

it('a collected pipeline ends its workers; idle workers do not keep the process alive', () => {
  const script = fileURLToPath(new URL('./abandonedPipeline.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.signal, null, `the process did not exit by itself (killed by ${r.signal})\n${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop() as string);
  assert.equal(out.started, 2, 'the dropped pipeline had two workers');
  assert.equal(out.afterGc, 0, 'collecting the pipeline ended its workers');
  assert.equal(out.kept, 2, 'the kept pipeline still had its workers when the script ended');
});
