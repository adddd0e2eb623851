/**
 * Run by abandoned.test.ts in a child process with --expose-gc: a queued pipeline nobody tears down. Dropped and
 * collected, its workers end; one still referenced when the script ends must not keep the process alive. Prints one
 * JSON line.
 */
import { liveWorkerCount, NDArray, SequentialQueuedPipeline, StandardScaler } from 'ferryml';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const X = new NDArray(
  'float64',
  [200, 2],
  Float64Array.from({ length: 400 }, (_, i) => i % 13),
);

async function transformOnce(): Promise<SequentialQueuedPipeline> {
  const p = new SequentialQueuedPipeline([new StandardScaler()], { workers: 2, batchSize: 50 });
  await p.fit(X);
  await p.transform(X);
  return p;
}

await transformOnce(); // dropped: never torn down
const started = liveWorkerCount();
const deadline = Date.now() + 10_000;
while (liveWorkerCount() > 0 && Date.now() < deadline) {
  gc();
  await new Promise((r) => setTimeout(r, 50));
}
const afterGc = liveWorkerCount();
const kept = await transformOnce(); // referenced to the end, never torn down: the process must still exit
console.log(JSON.stringify({ started, afterGc, kept: liveWorkerCount(), name: kept.name }));
