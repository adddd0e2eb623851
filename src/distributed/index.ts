export {
  type BatchKeys,
  type DistributedTransformOptions,
  type DistributedTransformResult,
  distributedTransform,
  readBatchOutputs,
  writeBatchInputs,
} from './batchTransform.ts';
export { DistributedSearch, type DistributedSearchOptions, type DistributedSearchResult } from './DistributedSearch.ts';
export {
  DistributedJobFailedError,
  InvalidDistributedOptionError,
  InvalidJobError,
  InvalidStorageUrlError,
  QueueDependencyMissingError,
  RedisConnectionError,
} from './errors.ts';
export type { QueueConnectionOptions } from './JobQueue.ts';
export {
  DEFAULT_QUEUE,
  type FerryJobData,
  type RefitJobData,
  refitJobId,
  type TransformJobData,
  type TrialJobData,
  transformJobId,
  trialJobId,
} from './jobs.ts';
export { decodeNDArrays, encodeNDArrays, loadNDArrays, type NamedArray, saveNDArrays } from './ndarraysFile.ts';
export { DistributedWorker, type DistributedWorkerOptions, type WorkerEvent } from './worker/DistributedWorker.ts';
export type { RefitJobResult } from './worker/refitJob.ts';
export type { TransformJobResult } from './worker/transformJob.ts';
export type { TrialJobResult } from './worker/trialJob.ts';
