/**
 * The browser entry of ferryml: the core API with `IndexedDbStorage` as the default storage (the root
 * is the database name) and the WASM kernels embedded in the bundle (23 KB), so that esbuild, Vite and
 * webpack need no copy step or loader for them. `HttpStorage` reads dumps served over HTTP.
 */
import { IndexedDbStorage } from '../../adapters/indexeddb.ts';
import { setDefaultKernelSource } from '../kernels/loadKernels.ts';
import { setDefaultStorageFactory } from '../runtime.ts';
import ferryWasmBytes from './ferry.wasm?bytes';

setDefaultStorageFactory((root) => new IndexedDbStorage(root));
setDefaultKernelSource(async () => ferryWasmBytes);

export { HttpStorage, type HttpStorageOptions, httpIndexBytes } from '../../adapters/http.ts';
export { IndexedDbStorage, type IndexedDbStorageOptions } from '../../adapters/indexeddb.ts';
export { HttpStorageError, ReadOnlyStorageError, StorageQuotaError } from '../errors/storageErrors.ts';
export * from '../index.ts';
