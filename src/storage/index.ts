export { concatWriteData, type StorageAdapter, type WriteData, writeDataLength } from './StorageAdapter.ts';
export { isUnderPrefix, joinStoragePath, validateStoragePath } from './validateStoragePath.ts';
