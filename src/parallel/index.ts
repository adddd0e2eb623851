export { BaseQueuedPipeline, type QueuedPipelineOptions, type QueuedStageEntry } from './BaseQueuedPipeline.ts';
export { BatchQueue } from './BatchQueue.ts';
export {
  BatchFailedError,
  BatchJoinError,
  type BatchRows,
  InvalidParallelOptionError,
  type RemoteErrorInfo,
  StageLoadError,
  WorkerCrashedError,
  WorkerDiedError,
  WorkerPoolClosedError,
  WorkerStartError,
  WorkerTaskError,
} from './errors.ts';
export {
  noticeOnConsole,
  type ParallelismNotice,
  type ParallelismNoticeHandler,
  setParallelismNoticeHandler,
} from './notice.ts';
export { ParallelQueuedFeatureUnion } from './ParallelQueuedFeatureUnion.ts';
export { QueuedPipelineSaver } from './QueuedPipelineSaver.ts';
export { SequentialQueuedPipeline } from './SequentialQueuedPipeline.ts';
export { type JobMessage, WorkerPool, type WorkerPoolOptions } from './WorkerPool.ts';
export { registerWorkerTask, type TaskResult, type WorkerState, type WorkerTask } from './worker/workerTasks.ts';
export { setWorkerEntryUrl, workerEntryUrl } from './workerEntryUrl.ts';
export { liveWorkerCount, type WorkerSupport, workerSupport } from './workerHost.ts';
