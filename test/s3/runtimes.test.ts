/**
 * S3Storage in Deno, Bun and workerd against s3rver on 127.0.0.1: the adapter source (with aws4fetch)
 * is bundled by esbuild with the conformance cases, run in each runtime, and each case's result checked
 * here. A runtime that cannot start is skipped loudly, and fails under CI=true.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { build } from 'esbuild';
import { type CaseResult, storageCases } from '../conformance/cases.ts';
import { requireEdgeRuntime, startWorkerd } from '../edge/servers.ts';
import { EXECUTABLES, requireRuntime } from '../runtimes/availability.ts';
import { ROOT } from '../runtimes/build.ts';
import { runJson } from '../runtimes/spawn.ts';
import { type RunningS3, startS3rver } from './s3rver.ts';

const OUT = join(ROOT, 'tmp', 's3-runtimes');
let server: RunningS3;

before(async () => {
  server = await startS3rver();
  mkdirSync(OUT, { recursive: true });
  for (const name of ['cli', 'worker']) {
    await build({
      entryPoints: [join(ROOT, `test/s3/runtimes/${name}.ts`)],
      outfile: join(OUT, `s3-${name}.js`),
      bundle: true,
      format: 'esm',
      target: 'es2022',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      logLevel: 'warning',
    });
  }
  writeFileSync(
    join(OUT, 's3.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "cases", worker = .worker),
    (name = "loopback", network = (allow = ["local", "private", "public"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "cases")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "s3-worker.js")],
  compatibilityDate = "2026-11-01",
  globalOutbound = "loopback",
);
`,
  );
});
after(() => server.close());

/** One test per conformance case (the 64 MB one is Node's), over results that `collect` produces once. */
function suite(title: string, ready: (t: TestContext) => boolean, collect: () => Promise<CaseResult[]>): void {
  describe(title, () => {
    let results: Promise<CaseResult[]> | undefined;
    for (const c of storageCases) {
      if (c.large) continue;
      it(c.name, async (t) => {
        if (!ready(t)) return;
        results ??= collect();
        const r = (await results).find((x) => x.name === c.name);
        assert.ok(r, `no result for "${c.name}"`);
        assert.ok(r.ok, r.error);
        assert.ok(!r.skipped, 'the case was skipped');
      });
    }
  });
}

suite(
  'S3Storage conformance in Deno (s3rver on 127.0.0.1)',
  (t) => requireRuntime(t, 'deno'),
  () =>
    runJson<CaseResult[]>(EXECUTABLES.deno, ['run', '--allow-net=127.0.0.1', join(OUT, 's3-cli.js'), server.endpoint]),
);

suite(
  'S3Storage conformance in Bun (s3rver on 127.0.0.1)',
  (t) => requireRuntime(t, 'bun'),
  () => runJson<CaseResult[]>(EXECUTABLES.bun, [join(OUT, 's3-cli.js'), server.endpoint]),
);

suite(
  'S3Storage conformance in workerd (s3rver on 127.0.0.1)',
  (t) => requireEdgeRuntime(t, 'workerd'),
  async () => {
    const workerd = await startWorkerd(join(OUT, 's3.capnp'));
    try {
      const answer = await fetch(`${workerd.url}/?endpoint=${encodeURIComponent(server.endpoint)}`);
      const text = await answer.text();
      assert.equal(answer.status, 200, `${text}\n${workerd.stderr()}`);
      return JSON.parse(text) as CaseResult[];
    } finally {
      await workerd.stop();
    }
  },
);
