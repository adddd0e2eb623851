/**
 * The edge examples served for real: `workerd serve` (npm package) with the bundled workers and Deno
 * with `Deno.serve`, each on 127.0.0.1, answering `POST /predict` (seed pipeline) and
 * `POST /predict/mlp` (MLP) with the same JSON text Node computes, turning bad requests into 4xx JSON
 * errors and serving correctly after them. On workerd the MLP runs on tfjs's wasm backend from the
 * precompiled `tfjs-backend-wasm-simd.wasm` module: its answers are Node's wasm answers bit for bit
 * (same binary), and Node's cpu answers within float32 rounding (relative 1e-5, stated below); the
 * cpu worker (mlp-cpu.capnp) and Deno (cpu) give Node's cpu answers bit for bit. A runtime that
 * cannot start is skipped loudly (a failure under CI=true).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { docCommand, docFile } from '../consumer/docBlocks.ts';
import { unavailableReason } from '../runtimes/availability.ts';
import { ROOT } from '../runtimes/build.ts';
import { type EdgeFixture, prepareEdgeFixture } from './fixture.ts';
import {
  type EdgeServer,
  post,
  requireEdgeRuntime,
  startDenoExample,
  startWorkerd,
  workerdUnavailableReason,
} from './servers.ts';

let fixture: EdgeFixture;
before(async () => {
  fixture = await prepareEdgeFixture();
});
after(() => fixture?.remove());

/** A body of `bytes` bytes that is valid JSON with a valid `inputs`: only its size is wrong. */
function paddedBody(bytes: number): string {
  const head = '{"inputs":[[1]],"pad":"';
  return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
}

/** A streamed body (no content-length: the limit must hold while reading). */
function streamed(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) controller.close();
      else {
        controller.enqueue(bytes.subarray(offset, offset + 4096));
        offset += 4096;
      }
    },
  });
}

async function expectError(
  response: Response | Promise<Response>,
  status: number,
  code: string,
  what: string,
): Promise<void> {
  const r = await response;
  const text = await r.text();
  assert.equal(r.status, status, `${what}: ${text}`);
  assert.match(r.headers.get('content-type') ?? '', /application\/json/, what);
  const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
  assert.equal(body.error?.code, code, `${what}: ${text}`);
  assert.ok(typeof body.error?.message === 'string' && body.error.message.length > 0, what);
}

/**
 * How far the MLP's wasm answers may be from its cpu answers: |wasm − cpu| ≤ 1e-5 · max(1, |cpu|).
 * Both are float32 with 256-term dot products summed in different orders (XNNPACK's SIMD kernels
 * against tfjs's JavaScript loops); measured: at most 1.1e-6 relative on these inputs, so 1e-5 leaves
 * ~9× headroom (≈84 float32 epsilons), while any real fault (a wrong weight, a missing bias or relu)
 * moves outputs of magnitude 10²–10³ by far more.
 */
const WASM_RELATIVE_TOLERANCE = 1e-5;

/** Asserts that two `{"predictions": [[x], ...]}` texts agree within {@link WASM_RELATIVE_TOLERANCE}. */
function assertWithinFloat32Rounding(wasmText: string, cpuText: string): void {
  const wasm = (JSON.parse(wasmText) as { predictions: number[][] }).predictions.flat();
  const cpu = (JSON.parse(cpuText) as { predictions: number[][] }).predictions.flat();
  assert.equal(wasm.length, cpu.length);
  wasm.forEach((w, i) => {
    const bound = WASM_RELATIVE_TOLERANCE * Math.max(1, Math.abs(cpu[i]));
    assert.ok(Math.abs(w - cpu[i]) <= bound, `prediction ${i}: wasm ${w}, cpu ${cpu[i]}`);
  });
}

/** Which MLP answer a server must give: Node's on tfjs's cpu or wasm backend. */
type MlpBackend = 'cpu' | 'wasm';
const mlpExpected = (backend: MlpBackend) => (backend === 'wasm' ? fixture.mlpWasmExpected : fixture.mlpExpected);

function edgeSuite(runtime: 'workerd' | 'deno', mlpBackend: MlpBackend, startServer: () => Promise<EdgeServer>): void {
  describe(`the edge example on ${runtime}`, () => {
    let server: EdgeServer | undefined;
    before(async () => {
      const reason = runtime === 'workerd' ? workerdUnavailableReason() : unavailableReason('deno');
      if (reason === null) server = await startServer();
    });
    after(() => server?.stop());

    const url = (path: string) => {
      assert.ok(server, `${runtime} did not start`);
      return `${server.url}${path}`;
    };

    it('POST /predict answers the seed pipeline’s predictions as Node computes them (same JSON text)', async (t: TestContext) => {
      if (!requireEdgeRuntime(t, runtime)) return;
      const first = await post(url('/predict'), fixture.seedRequest);
      assert.equal(first.status, 200, first.text);
      assert.equal(first.text, fixture.seedExpected);
      // The request that loaded the model says how long the load took, inside the runtime.
      assert.match(first.headers.get('server-timing') ?? '', /^load;dur=\d+\.\d+, predict;dur=\d+\.\d+$/);
      const second = await post(url('/predict'), fixture.seedRequest);
      assert.equal(second.text, fixture.seedExpected);
      assert.match(second.headers.get('server-timing') ?? '', /^predict;dur=\d+\.\d+$/);
    });

    it(`POST /predict/mlp answers the MLP’s predictions as Node computes them on tfjs ${mlpBackend} (same JSON text)`, async (t: TestContext) => {
      if (!requireEdgeRuntime(t, runtime)) return;
      const r = await post(url('/predict/mlp'), fixture.mlpRequest);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.text, mlpExpected(mlpBackend));
      if (mlpBackend === 'wasm') {
        // The two backends' answers differ in their last bits, so the text above proves wasm ran…
        assert.notEqual(fixture.mlpWasmExpected, fixture.mlpExpected);
        // …and the wasm answers are the cpu answers up to float32 rounding.
        assertWithinFloat32Rounding(r.text, fixture.mlpExpected);
      }
    });

    it('bad requests get 4xx JSON errors, and correct answers follow them', async (t: TestContext) => {
      if (!requireEdgeRuntime(t, runtime)) return;
      const json = { 'content-type': 'application/json' };
      const cases: [string, string, number, string][] = [
        ['/predict', '{"inputs":[[1,2]]}', 400, 'WRONG_SHAPE'],
        ['/predict', '{"inputs":[1,2]}', 400, 'WRONG_SHAPE'],
        ['/predict', '{"inputs":[]}', 400, 'WRONG_SHAPE'],
        ['/predict', '{}', 400, 'WRONG_SHAPE'],
        ['/predict', '{"inputs":[["a"]]}', 400, 'WRONG_DTYPE'],
        ['/predict', '{"inputs":[[null]]}', 400, 'WRONG_DTYPE'],
        ['/predict', '{"inputs":[[true]]}', 400, 'WRONG_DTYPE'],
        ['/predict', '{"inputs":[[1]]', 400, 'INVALID_JSON'],
        ['/predict', 'inputs=1', 400, 'INVALID_JSON'],
        ['/predict', paddedBody(70 * 1024), 413, 'BODY_TOO_LARGE'],
        ['/predict/mlp', JSON.stringify({ inputs: [new Array(99).fill(0.5)] }), 400, 'WRONG_SHAPE'],
        ['/predict/mlp', JSON.stringify({ inputs: [[...new Array(99).fill(0.5), 'x']] }), 400, 'WRONG_DTYPE'],
        ['/nowhere', '{"inputs":[[1]]}', 404, 'NOT_FOUND'],
      ];
      for (const [path, body, status, code] of cases) {
        await expectError(
          fetch(url(path), { method: 'POST', body, headers: json }),
          status,
          code,
          `${path} ${body.slice(0, 40)}`,
        );
      }
      await expectError(fetch(url('/predict')), 405, 'METHOD_NOT_ALLOWED', 'GET /predict');
      // A large body sent in chunks, without content-length: the limit holds while reading.
      await expectError(
        fetch(url('/predict'), {
          method: 'POST',
          body: streamed(paddedBody(200 * 1024)),
          headers: json,
          duplex: 'half',
        } as RequestInit),
        413,
        'BODY_TOO_LARGE',
        'streamed 200 KiB body',
      );
      // Still serving, correctly, also under concurrent requests.
      const answers = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          post(url(i % 2 ? '/predict/mlp' : '/predict'), i % 2 ? fixture.mlpRequest : fixture.seedRequest),
        ),
      );
      answers.forEach((a, i) => {
        assert.equal(a.status, 200, a.text);
        assert.equal(a.text, i % 2 ? mlpExpected(mlpBackend) : fixture.seedExpected);
      });
    });
  });
}

edgeSuite('workerd', 'wasm', () => startWorkerd(join(fixture.dir, 'config.capnp'), 'config'));
edgeSuite('deno', 'cpu', () => startDenoExample(fixture.seedPack, fixture.mlpPack));

describe('the tfjs workers on workerd, served alone (the benchmarks’ configurations)', () => {
  for (const [config, path, backend] of [
    ['mlp.capnp', '/predict/mlp', 'wasm'],
    ['mlp-cpu.capnp', '/predict/mlp', 'cpu'],
    ['graph.capnp', '/predict/graph', 'wasm'],
    ['graph-cpu.capnp', '/predict/graph', 'cpu'],
  ] as const) {
    it(`${config} answers Node’s tfjs ${backend} predictions (same JSON text), also after a bad request`, async (t: TestContext) => {
      if (!requireEdgeRuntime(t, 'workerd')) return;
      const graph = config.startsWith('graph');
      const expected = graph
        ? backend === 'wasm'
          ? fixture.graphWasmExpected
          : fixture.graphExpected
        : mlpExpected(backend);
      const server = await startWorkerd(join(fixture.dir, config));
      try {
        const first = await post(`${server.url}${path}`, fixture.mlpRequest);
        assert.equal(first.status, 200, first.text + server.stderr());
        assert.equal(first.text, expected);
        assert.match(first.headers.get('server-timing') ?? '', /^load;dur=\d+\.\d+, predict;dur=\d+\.\d+$/);
        const bad = fetch(`${server.url}${path}`, { method: 'POST', body: '{"inputs":[[1]]}' });
        await expectError(bad, 400, 'WRONG_SHAPE', config);
        const again = await post(`${server.url}${path}`, fixture.mlpRequest);
        assert.equal(again.text, expected);
      } finally {
        await server.stop();
      }
    });
  }

  it('the graph model’s wasm answers are its cpu answers within float32 rounding, and differ in their bits', () => {
    assert.notEqual(fixture.graphWasmExpected, fixture.graphExpected);
    assertWithinFloat32Rounding(fixture.graphWasmExpected, fixture.graphExpected);
  });
});

describe('the edge guide’s tfjs worker (docs/runtimes/edge.md), as written', () => {
  const EDGE_MD = 'docs/runtimes/edge.md';

  it('built with the guide’s esbuild command and config line, served by workerd: Node’s wasm answers', async (t: TestContext) => {
    if (!requireEdgeRuntime(t, 'workerd')) return;
    // A project beside the repository: ferryml is this checkout (built dist/), the rest of node_modules
    // is found up the tree; its own tsconfig keeps esbuild off the repository's source paths.
    const dir = mkdtempSync(join(ROOT, 'tmp', 'edge-doc-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(ROOT, join(dir, 'node_modules', 'ferryml'), 'dir');
      writeFileSync(join(dir, 'tsconfig.json'), '{}');
      writeFileSync(join(dir, 'worker.ts'), docFile(EDGE_MD, 'tfjs-worker.ts'));
      copyFileSync(fixture.mlpPack, join(dir, 'model.ferrypack'));
      const esbuild = spawnSync(join(ROOT, 'node_modules/.bin/esbuild'), docCommand(EDGE_MD, 'npx esbuild'), {
        cwd: dir,
        encoding: 'utf8',
      });
      assert.equal(esbuild.status, 0, esbuild.stderr);
      // The guide's config, with the module line the tfjs section adds.
      const line =
        /`(\(name = "tfjs-backend-wasm-simd\.wasm", wasm = embed "build\/tfjs-backend-wasm-simd\.wasm"\))`/.exec(
          readFileSync(join(ROOT, EDGE_MD), 'utf8'),
        )?.[1];
      assert.ok(line, 'the guide gives the config line of tfjs-backend-wasm-simd.wasm');
      const config = docFile(EDGE_MD, 'config.capnp').replace(
        /(\(name = "ferry\.wasm", wasm = embed "build\/ferry\.wasm"\),)/,
        `$1\n    ${line},`,
      );
      assert.ok(config.includes(line));
      writeFileSync(join(dir, 'config.capnp'), config);
      const server = await startWorkerd(join(dir, 'config.capnp'));
      try {
        const r = await post(`${server.url}/predict`, fixture.mlpRequest);
        assert.equal(r.status, 200, r.text + server.stderr());
        // Bit for bit the wasm backend's answer (so wasm ran, not the cpu fallback).
        assert.equal(r.text, fixture.mlpWasmExpected);
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
