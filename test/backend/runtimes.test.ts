/**
 * The wasm backend is located without network in Deno and Bun too: each runtime runs
 * pickBackend() with its defaults (wasm, then cpu) and must pick wasm.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = fileURLToPath(new URL('./pickInRuntime.ts', import.meta.url));

for (const runtime of ['deno', 'bun'] as const) {
  const bin = `${root}node_modules/.bin/${runtime}`;
  const missing = !existsSync(bin);
  if (missing && process.env.CI === 'true') throw new Error(`CI=true and ${runtime} is missing at ${bin}`);
  describe(runtime, () => {
    it(`picks wasm with its .wasm files found next to the package`, {
      skip: missing ? `SKIPPED LOUDLY: ${runtime} is not installed at ${bin}` : false,
    }, () => {
      const args = runtime === 'deno' ? ['run', '-A', script] : [script];
      const out = execFileSync(bin, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
        name: string;
        runtime: string;
        active: string;
        wasmPaths: string;
        tried: unknown[];
        product: number[];
      };
      assert.equal(r.runtime, runtime);
      assert.equal(r.name, 'wasm');
      assert.equal(r.active, 'wasm');
      assert.deepEqual(r.tried, []);
      assert.match(r.wasmPaths, /@tensorflow\/tfjs-backend-wasm\/dist\/$/);
      assert.deepEqual(r.product, [19, 22, 43, 50]);
    });
  });
}
