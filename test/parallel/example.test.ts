/** examples/parallel-pipeline.ts runs as written (as test/examples.test.ts runs the other examples). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

it('parallel-pipeline.ts: same labels on workers, in order from a stream, saved and loaded, every worker ended', () => {
  const file = fileURLToPath(new URL('../../examples/parallel-pipeline.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
  assert.match(out, /queued pipeline: 200000 rows → 200000 labels/);
  assert.match(out, /workers alive: 3/);
  assert.match(out, /same labels as in this thread: true/);
  assert.match(out, /streamed 60000 rows in order/);
  assert.match(out, /after teardown, workers alive: 0/);
  assert.match(out, /loaded \(SequentialQueuedPipeline, queue recreated: true\): same labels: true/);
  assert.match(out, /workers alive at the end: 0/);
});
