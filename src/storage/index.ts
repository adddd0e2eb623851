export {
  concatWriteData,
  type StorageAdapter,
  type TreeSnapshot,
  type TreeWriteOptions,
  type WriteData,
  writeDataLength,
} from './StorageAdapter.ts';
export type { TreeLockOptions } from './treeLock.ts';
export { isUnderPrefix, joinStoragePath, validateStepName, validateStoragePath } from './validateStoragePath.ts';
