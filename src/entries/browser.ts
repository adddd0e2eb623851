/**
 * The browser entry of ferryml: the core API with the WASM kernels fetched from `ferry.wasm` next to
 * this bundle (streaming compilation). Storage is explicit here (e.g. `new MemoryStorage()`).
 */
import { setDefaultKernelSource } from '../kernels/loadKernels.ts';

setDefaultKernelSource(async () => new URL('../ferry.wasm', import.meta.url));

export * from '../index.ts';
