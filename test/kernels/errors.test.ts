import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KernelUnavailableError } from '../../src/errors/index.ts';
import {
  assertWasmSimd,
  fitLogisticRegression,
  loadKernels,
  resetKernelCacheForTests,
  setDefaultKernelSource,
} from '../../src/kernels/index.ts';
import { nodeKernelSource } from '../../src/kernels/nodeKernelSource.ts';

describe('kernel error paths', () => {
  it('reports missing SIMD', () => {
    assert.throws(() => assertWasmSimd(() => false), KernelUnavailableError);
    assert.throws(() => assertWasmSimd(() => false), /SIMD/);
    assert.doesNotThrow(() => assertWasmSimd());
  });

  it('reports a missing kernel source, then loads from bytes, a Module or the default provider', async () => {
    resetKernelCacheForTests();
    setDefaultKernelSource(undefined);
    await assert.rejects(loadKernels(), KernelUnavailableError);
    const bytes = await nodeKernelSource();
    const fromBytes = await loadKernels(bytes);
    assert.equal(await loadKernels(), fromBytes, 'instance is cached');
    resetKernelCacheForTests();
    const fromModule = await loadKernels(new WebAssembly.Module(bytes as BufferSource));
    assert.ok(fromModule.memory instanceof WebAssembly.Memory);
    resetKernelCacheForTests();
    await assert.rejects(loadKernels(new Uint8Array([0, 97, 115, 109, 9, 9])), KernelUnavailableError);
    setDefaultKernelSource(nodeKernelSource);
    assert.equal(typeof (await loadKernels()).exports.dotF64, 'function');
  });

  it('refuses single-class data', async () => {
    setDefaultKernelSource(nodeKernelSource);
    const X = Float64Array.of(0, 1, 2, 3);
    const opts = { C: 1, fitIntercept: true, penalty: 'l2', maxIter: 100, tol: 1e-4 } as const;
    await assert.rejects(fitLogisticRegression(X, 4, 1, Int32Array.of(0, 0, 0, 0), 2, opts), /at least 2 classes/);
    await assert.rejects(fitLogisticRegression(X, 4, 1, Int32Array.of(0, 0, 0, 0), 1, opts), /at least 2 classes/);
    await assert.rejects(fitLogisticRegression(X, 4, 1, Int32Array.of(0, 5, 0, 0), 2, opts), /outside/);
  });
});
