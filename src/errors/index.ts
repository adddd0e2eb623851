export * from './dumpErrors.ts';
export * from './errors.ts';
export { FerryError, hasErrorCode, isFerryError } from './FerryError.ts';
export * from './modelErrors.ts';
export * from './numericErrors.ts';
export * from './storageErrors.ts';
