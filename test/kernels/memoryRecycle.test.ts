import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LogisticRegression, NDArray, setConvergenceWarningHandler, WasmMemoryExhaustedError } from 'ferryml';
import { Arena, MAX_WASM32_BYTES } from '../../src/kernels/arena.ts';
import {
  DEFAULT_KERNEL_MEMORY_RETAIN_BYTES,
  loadKernels,
  setKernelMemoryRetainLimit,
} from '../../src/kernels/loadKernels.ts';
import { KMeans } from '../../src/steps/KMeans.ts';
import { StandardScaler } from '../../src/steps/StandardScaler.ts';
import { kernels } from './helpers.ts';

const MiB = 2 ** 20;
/** The limit these tests run with (the default, 256 MiB, would need larger fits than a test should make). */
const LIMIT = 64 * MiB;

function matrix(rows: number, cols: number): NDArray {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 1009) / 1009;
  return new NDArray('float64', [rows, cols], data);
}

describe('kernel memory comes back after a large fit', () => {
  it('past the retain limit the instance is replaced and the next one starts at baseline; results are unchanged', async () => {
    assert.equal(setKernelMemoryRetainLimit(LIMIT), DEFAULT_KERNEL_MEMORY_RETAIN_BYTES);
    const before = await kernels();
    const baseline = before.memory.buffer.byteLength;
    const big = matrix(3_000_000, 4); // 96 MiB in WASM memory, past the 64 MiB limit
    const s = new StandardScaler();
    await s.fit(big);
    const grown = before.memory.buffer.byteLength;
    const after = await loadKernels();
    console.log(
      `kernel memory: baseline ${baseline} B, after the 96 MiB fit the old instance holds ${grown} B, ` +
        `the current one ${after.memory.buffer.byteLength} B (limit ${LIMIT} B)`,
    );
    assert.ok(grown > LIMIT, 'the fit did not grow the memory');
    assert.notEqual(after, before, 'the instance was kept');
    assert.ok(after.memory.buffer.byteLength <= baseline + MiB, `${after.memory.buffer.byteLength} B`);
    const again = new StandardScaler();
    await again.fit(big);
    assert.deepEqual(Array.from(again.var?.data as Float64Array), Array.from(s.var?.data as Float64Array));
    // below the limit the instance stays (no churn for ordinary fits)
    const kept = await loadKernels();
    await new KMeans({ hyperparams: { nClusters: 3, nInit: 1 } }).fit(matrix(2000, 4));
    assert.equal(await loadKernels(), kept);
  });

  it('also after kernels that free their memory without scoped() (LogisticRegression, xxHash)', async () => {
    const before = await loadKernels();
    const big = matrix(1_200_000, 8); // 73 MiB
    const y = Array.from({ length: 1_200_000 }, (_, i) => i % 2);
    const previous = setConvergenceWarningHandler(null);
    try {
      await new LogisticRegression({ hyperparams: { maxIter: 2 } }).fit(big, y);
    } finally {
      setConvergenceWarningHandler(previous);
    }
    assert.ok(before.memory.buffer.byteLength > LIMIT, 'the fit did not grow the memory');
    const after = await loadKernels();
    assert.notEqual(after, before);
    assert.ok(after.memory.buffer.byteLength <= 2 * MiB, `${after.memory.buffer.byteLength} B`);
  });

  it('setKernelMemoryRetainLimit(Infinity) keeps the memory for reuse', async () => {
    const previous = setKernelMemoryRetainLimit(Number.POSITIVE_INFINITY);
    try {
      const k = await loadKernels();
      await new StandardScaler().fit(matrix(3_000_000, 4));
      assert.equal(await loadKernels(), k);
      assert.ok(k.memory.buffer.byteLength > 64 * MiB);
    } finally {
      setKernelMemoryRetainLimit(previous);
    }
    await new StandardScaler().fit(matrix(10, 2)); // the next fit past the limit gives it back
    assert.ok((await loadKernels()).memory.buffer.byteLength <= 2 * MiB);
    setKernelMemoryRetainLimit(DEFAULT_KERNEL_MEMORY_RETAIN_BYTES);
  });

  it('the process RSS returns to its baseline after a 192 MiB fit (child process, --expose-gc)', () => {
    const run = (mode: string) => {
      const child = spawnSync(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL('./memoryRssChild.ts', import.meta.url)), mode],
        { encoding: 'utf8', timeout: 60_000 },
      );
      assert.equal(child.status, 0, child.stderr);
      return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as Record<
        'baseline' | 'afterLarge' | 'afterSmall',
        { rss: number; kernelBytes: number }
      >;
    };
    const recycled = run(String(LIMIT));
    const kept = run('keep');
    const mb = (b: number) => `${(b / MiB).toFixed(0)} MiB`;
    for (const [name, r] of [
      ['limit 64 MiB', recycled],
      ['limit Infinity', kept],
    ] as const) {
      console.log(
        `${name}: RSS baseline ${mb(r.baseline.rss)}, after the large fit ${mb(r.afterLarge.rss)}, after a small fit ` +
          `${mb(r.afterSmall.rss)}; kernel memory ${mb(r.baseline.kernelBytes)} → ${mb(r.afterLarge.kernelBytes)}`,
      );
    }
    assert.ok(recycled.afterSmall.rss - recycled.baseline.rss < 64 * MiB, 'RSS did not come back');
    assert.ok(recycled.afterLarge.kernelBytes <= recycled.baseline.kernelBytes + MiB);
    assert.ok(
      kept.afterSmall.rss - kept.baseline.rss > 150 * MiB,
      'the control kept no memory: the test measures nothing',
    );
  });
});

describe('WASM memory exhaustion is a typed error naming the size asked for', () => {
  it('an allocation past 4 GiB: WasmMemoryExhaustedError, nothing allocated, the kernels keep working', async () => {
    const k = await kernels();
    const mark = k.arena.mark();
    const size = k.memory.buffer.byteLength;
    const ask = 5 * 2 ** 30;
    assert.throws(
      () => k.arena.alloc(ask),
      (e: unknown) =>
        e instanceof WasmMemoryExhaustedError &&
        e.code === 'FERRY_WASM_MEMORY_EXHAUSTED' &&
        e.requestedBytes === ask &&
        e.limitBytes === MAX_WASM32_BYTES &&
        e.message.includes(String(ask)),
    );
    assert.equal(k.arena.mark(), mark);
    assert.equal(k.memory.buffer.byteLength, size);
    await new StandardScaler().fit([[1], [2]]);
  });

  it('a step fitted on more than 4 GiB of data gets it (no RangeError)', async (t) => {
    let data: Float64Array;
    try {
      data = new Float64Array(2 ** 29 + 2 ** 26); // 4.5 GiB of virtual memory, never touched
    } catch (e) {
      t.skip(`this machine cannot reserve a 4.5 GiB ArrayBuffer (${String(e)})`);
      return;
    }
    const x = new NDArray('float64', [data.length / 2, 2], data);
    await assert.rejects(
      new StandardScaler({ name: 'big' }).fit(x),
      (e: unknown) => e instanceof WasmMemoryExhaustedError && e.requestedBytes === data.byteLength,
    );
  });

  it('an engine refusing to grow: WasmMemoryExhaustedError with the RangeError as cause', () => {
    const arena = new Arena(new WebAssembly.Memory({ initial: 1, maximum: 2 }), 0);
    assert.throws(
      () => arena.alloc(3 * 65536),
      (e: unknown) =>
        e instanceof WasmMemoryExhaustedError && e.requestedBytes === 3 * 65536 && e.cause instanceof RangeError,
    );
    assert.equal(arena.mark(), 0);
  });

  it('pointers past 2 GiB stay positive and 16-byte aligned', () => {
    const fake = { buffer: { byteLength: 4 * 2 ** 30 }, grow: () => 0 } as unknown as WebAssembly.Memory;
    const arena = new Arena(fake, 2 ** 31 + 3);
    const p = arena.alloc(8);
    assert.equal(p, 2 ** 31 + 16);
    assert.equal(arena.alloc(1), 2 ** 31 + 32);
  });
});
