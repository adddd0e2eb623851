/**
 * The browser entry of ferryml: the core API with `IndexedDbStorage` as the default storage (the root
 * is the database name) and the WASM kernels fetched from `ferry.wasm` next to this bundle (streaming
 * compilation). `HttpStorage` reads dumps served over HTTP.
 */
import { IndexedDbStorage } from '../../adapters/indexeddb.ts';
import { setDefaultKernelSource } from '../kernels/loadKernels.ts';
import { setDefaultStorageFactory } from '../runtime.ts';

setDefaultStorageFactory((root) => new IndexedDbStorage(root));
setDefaultKernelSource(async () => new URL('../ferry.wasm', import.meta.url));

export { HttpStorage, type HttpStorageOptions, httpIndexBytes } from '../../adapters/http.ts';
export { IndexedDbStorage, type IndexedDbStorageOptions } from '../../adapters/indexeddb.ts';
export { HttpStorageError, ReadOnlyStorageError, StorageQuotaError } from '../errors/storageErrors.ts';
export * from '../index.ts';
