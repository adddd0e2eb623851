/**
 * The Node.js entry of ferryml: the core API, with `FileSystemStorage` as the default storage and
 * the WASM kernels read from `ferry.wasm` next to the package.
 */
import { FileSystemStorage } from '../../adapters/fs.ts';
import { setDefaultKernelSource } from '../kernels/loadKernels.ts';
import { nodeKernelSource } from '../kernels/nodeKernelSource.ts';
import { setDefaultStorageFactory } from '../runtime.ts';

setDefaultStorageFactory((root) => new FileSystemStorage(root));
setDefaultKernelSource(nodeKernelSource);

export { FileSystemStorage, type FileSystemStorageOptions } from '../../adapters/fs.ts';
export * from '../index.ts';
