/**
 * Queued pipelines and AutoML in every runtime, from the BUILT package (dist/): Node (worker_threads), Deno, Bun and
 * Chromium (module Workers) run a queued pipeline on two workers per stage, a feature union, a malformed batch (a typed
 * error naming the stage and the batch) and a small AutoML on two workers; each gives Node's answers bit for bit and
 * the in-thread answers of its own runtime, and ends every worker. A stage that crashes its workers (an uncaught
 * error in the worker) on one batch has each dead worker replaced and the batch retried once, then fails with a
 * WorkerCrashedError naming the stage and the batch; the pipeline keeps working. workerd has no workers: the same job runs there in
 * its own thread, says so with a FERRY_NO_WORKERS notice, and gives the same answers.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { requireEdgeRuntime, startWorkerd } from '../edge/servers.ts';
import { EXECUTABLES, type OtherRuntime, requireRuntime, unavailableReason } from '../runtimes/availability.ts';
import { ensureBuilt, ROOT } from '../runtimes/build.ts';
import { BUNDLE_DIR, bundleScript, distImport } from '../runtimes/bundle.ts';
import { launchChromium, openModulePage } from '../runtimes/chromium.ts';
import { type StaticServer, startStaticServer } from '../runtimes/server.ts';
import { runJson } from '../runtimes/spawn.ts';
import type { ParallelJobResult } from './parallelJob.ts';

type Name = 'node' | OtherRuntime;
const WITH_WORKERS: readonly Name[] = ['node', 'deno', 'bun', 'chromium'];
const DETECTED: Record<Name, string> = { node: 'node', deno: 'deno', bun: 'bun', chromium: 'browser' };
declare const __ferryTest: typeof import('./parallelJob.ts');

let browser: Browser | undefined;
let server: StaticServer | undefined;
let page: Page | undefined;
let pageErrors: string[] = [];
const results = new Map<Name, Promise<ParallelJobResult>>();

before(async () => {
  await ensureBuilt();
  const nodeScript = await bundleScript(
    'test/parallel/parallelRunner.ts',
    'parallel-node.js',
    distImport(join(ROOT, 'dist'), 'node'),
    'node',
  );
  const crashBundle = async (runtime: 'node' | 'bun') =>
    pathToFileURL(
      await bundleScript(
        'test/parallel/crashStep.ts',
        `crash-${runtime}.js`,
        distImport(join(ROOT, 'dist'), runtime),
        'node',
      ),
    ).href;
  results.set('node', runJson(process.execPath, [nodeScript, await crashBundle('node')]));
  if (unavailableReason('deno') === null) {
    const config = join(ROOT, 'test/runtimes/deno/deno.json');
    const script = join(ROOT, 'test/parallel/parallelRunner.ts');
    const crash = pathToFileURL(join(ROOT, 'test/parallel/crashStep.ts')).href;
    results.set(
      'deno',
      runJson(EXECUTABLES.deno, ['run', '--config', config, '--allow-read', '--allow-env', script, crash]),
    );
  }
  if (unavailableReason('bun') === null) {
    const bunScript = await bundleScript(
      'test/parallel/parallelRunner.ts',
      'parallel-bun.js',
      distImport(join(ROOT, 'dist'), 'bun'),
      'node',
    );
    results.set('bun', runJson(EXECUTABLES.bun, [bunScript, await crashBundle('bun')]));
  }
  if (unavailableReason('chromium') === null) {
    await bundleScript(
      'test/parallel/parallelJob.ts',
      'parallel-browser.js',
      distImport('/dist', 'browser'),
      'browser',
    );
    await bundleScript('test/parallel/crashStep.ts', 'crash-browser.js', distImport('/dist', 'browser'), 'browser');
    server = await startStaticServer();
    browser = await launchChromium();
    ({ page, errors: pageErrors } = await openModulePage(browser, server, 'parallel', 'parallel-browser.js'));
    const p = page;
    const crash = `${server.origin}/bundles/crash-browser.js`;
    results.set(
      'chromium',
      p.evaluate((url) => __ferryTest.runParallelJob(url), crash),
    );
  }
  for (const r of results.values()) r.catch(() => {});
});
after(async () => {
  await browser?.close();
  await server?.close();
});

function need(t: TestContext, r: Name): boolean {
  if (r !== 'node' && !requireRuntime(t, r)) return false;
  if (r === 'chromium') assert.ok(page, `the page did not open: ${pageErrors.join('\n')}`);
  return true;
}

describe('queued pipelines and AutoML on workers, in every runtime that has them', () => {
  for (const r of WITH_WORKERS) {
    it(`${r}: a queued pipeline and a small AutoML on workers give Node's answers and end their workers`, async (t) => {
      if (!need(t, r)) return;
      const res = await (results.get(r) as Promise<ParallelJobResult>);
      const node = await (results.get('node') as Promise<ParallelJobResult>);
      assert.equal(res.runtime, DETECTED[r]);
      assert.equal(res.workers, r === 'node' ? 'worker_threads' : 'web');
      assert.equal(res.liveDuring, 8, 'three stages × 2 workers and two union stages × 1, alive until teardown');
      assert.equal(res.liveAfter, 0, 'teardown ended every worker');
      assert.ok(res.sameAsInThread, 'the queued pipeline gives the in-thread answers');
      assert.ok(res.unionSame);
      assert.deepEqual(res.unionShape, [400, 6]);
      assert.deepEqual(res.failure, {
        code: 'FERRY_BATCH_FAILED',
        stage: 'StandardScaler',
        batch: 2,
        cause: 'FERRY_INVALID_INPUT',
      });
      assert.ok(res.automl.sameAsInThread, 'AutoML on workers scores every trial as in this thread');
      assert.deepEqual(res.notices, []);
      const crash = res.crash as NonNullable<ParallelJobResult['crash']>;
      assert.ok(crash, 'a batch that crashes its workers fails');
      assert.equal(crash.code, 'FERRY_WORKER_CRASHED', JSON.stringify(crash));
      assert.equal(crash.stage, 'Crasher');
      assert.equal(crash.batch, 2);
      assert.match(crash.reason, /uncaught|Crasher: crashing this worker|exited/);
      assert.equal(crash.liveAfter, 2, 'the dead workers were replaced');
      assert.ok(crash.usableAfter, 'the pipeline works after the crash');
      assert.deepEqual(res.labels, node.labels, `${r}'s labels differ from Node's`);
      assert.deepEqual(res.automl, node.automl, `${r}'s trials differ from Node's`);
    });
  }
});

describe('workerd has no workers', () => {
  it('runs the same job in its own thread, says so (FERRY_NO_WORKERS), and gives the same answers', async (t) => {
    if (!requireEdgeRuntime(t, 'workerd')) return;
    const folder = join(BUNDLE_DIR, 'parallel-workerd');
    mkdirSync(folder, { recursive: true });
    await build({
      entryPoints: [join(ROOT, 'test/parallel/parallelWorkerd.ts')],
      outfile: join(folder, 'worker.js'),
      bundle: true,
      format: 'esm',
      target: 'es2022',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['module', 'main'],
      logLevel: 'warning',
      external: ['./ferry.wasm'],
      alias: { ferryml: join(ROOT, 'dist/workerd/index.js') },
    });
    copyFileSync(join(ROOT, 'dist/workerd/ferry.wasm'), join(folder, 'ferry.wasm'));
    const config = join(folder, 'config.capnp');
    writeFileSync(
      config,
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .w)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const w :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js"), (name = "ferry.wasm", wasm = embed "ferry.wasm")],
  compatibilityDate = "2026-11-01",
);
`,
    );
    const workerd = await startWorkerd(config);
    try {
      const response = await fetch(workerd.url);
      const text = await response.text();
      assert.equal(response.status, 200, text);
      const res = JSON.parse(text) as ParallelJobResult;
      const node = await (results.get('node') as Promise<ParallelJobResult>);
      assert.equal(res.runtime, 'workerd');
      assert.equal(res.workers, 'none');
      assert.deepEqual(res.notices, ['FERRY_NO_WORKERS', 'FERRY_NO_WORKERS', 'FERRY_NO_WORKERS']);
      assert.equal(res.liveDuring, 0);
      assert.ok(res.sameAsInThread);
      assert.ok(res.unionSame);
      assert.deepEqual(res.failure, {
        code: 'FERRY_BATCH_FAILED',
        stage: 'StandardScaler',
        batch: 2,
        cause: 'FERRY_INVALID_INPUT',
      });
      assert.equal(res.crash, null);
      assert.deepEqual(res.labels, node.labels);
      assert.deepEqual(res.automl, node.automl);
    } finally {
      await workerd.stop();
    }
  });
});
