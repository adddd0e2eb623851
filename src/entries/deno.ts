/**
 * The Deno entry of ferryml: the core API with `DenoStorage` (Deno's own file API) as the default
 * storage and the WASM kernels read with `Deno.readFile` from `ferry.wasm` next to the bundle.
 */
import { DenoStorage } from '../../adapters/deno.ts';
import { KernelUnavailableError } from '../errors/index.ts';
import { setDefaultKernelSource } from '../kernels/loadKernels.ts';
import { setDefaultStorageFactory } from '../runtime.ts';

/** Where ferry.wasm may live relative to this file: the built dist layout, then the source checkout layout. */
const KERNEL_CANDIDATES = [
  new URL('../ferry.wasm', import.meta.url),
  new URL('../../build/ferry.wasm', import.meta.url),
];

async function denoKernelSource(): Promise<Uint8Array> {
  const { readFile } = (globalThis as unknown as { Deno: { readFile(url: URL): Promise<Uint8Array> } }).Deno;
  let last: unknown;
  for (const url of KERNEL_CANDIDATES) {
    try {
      return await readFile(url);
    } catch (error) {
      last = error;
    }
  }
  throw new KernelUnavailableError(`ferry.wasm not found (tried ${KERNEL_CANDIDATES.join(', ')})`, { cause: last });
}

setDefaultStorageFactory((root) => new DenoStorage(root));
setDefaultKernelSource(denoKernelSource);

export { DenoStorage, type DenoStorageOptions } from '../../adapters/deno.ts';
export { HttpStorage, type HttpStorageOptions, httpIndexBytes } from '../../adapters/http.ts';
export { HttpStorageError, ReadOnlyStorageError, StorageQuotaError } from '../errors/storageErrors.ts';
export * from '../index.ts';
