/**
 * The Bun entry of ferryml: the core API with `BunStorage` as the default storage and the WASM
 * kernels read with `Bun.file` from `ferry.wasm` next to the bundle.
 */
import { BunStorage } from '../../adapters/bun.ts';
import { KernelUnavailableError } from '../errors/index.ts';
import { setDefaultKernelSource } from '../kernels/loadKernels.ts';
import { setDefaultStorageFactory } from '../runtime.ts';

/** Where ferry.wasm may live relative to this file: the built dist layout, then the source checkout layout. */
const KERNEL_CANDIDATES = [
  new URL('../ferry.wasm', import.meta.url),
  new URL('../../build/ferry.wasm', import.meta.url),
];

interface BunFile {
  exists(): Promise<boolean>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

async function bunKernelSource(): Promise<Uint8Array> {
  const bun = (globalThis as unknown as { Bun: { file(url: URL): BunFile } }).Bun;
  for (const url of KERNEL_CANDIDATES) {
    const file = bun.file(url);
    if (await file.exists()) return new Uint8Array(await file.arrayBuffer());
  }
  throw new KernelUnavailableError(`ferry.wasm not found (tried ${KERNEL_CANDIDATES.join(', ')})`);
}

setDefaultStorageFactory((root) => new BunStorage(root));
setDefaultKernelSource(bunKernelSource);

export { BunStorage, type BunStorageOptions } from '../../adapters/bun.ts';
export { HttpStorage, type HttpStorageOptions, httpIndexBytes } from '../../adapters/http.ts';
export { HttpStorageError, ReadOnlyStorageError, StorageQuotaError } from '../errors/storageErrors.ts';
export * from '../index.ts';
