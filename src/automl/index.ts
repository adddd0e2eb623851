export { AutoML, type AutoMLOptions, type AutoMLResult, type TrialEvent } from './AutoML.ts';
export { type EarlyStopping, type SearchOutcome, searchOutcome } from './bestTrial.ts';
export {
  CorruptTrialRecordError,
  InvalidAutoMLOptionError,
  MetricInputError,
  NoSuccessfulTrialError,
  TrialRepositoryMismatchError,
} from './errors.ts';
export {
  accuracy,
  type ClassList,
  logLoss,
  type Metric,
  type MetricInput,
  type MetricInputKind,
  mse,
  r2,
} from './metrics.ts';
export { GridSearch, type HyperparameterSampler, RandomSearch, trialSeed } from './samplers.ts';
export {
  type HoldoutOptions,
  HoldoutSplitter,
  type KFoldOptions,
  KFoldSplitter,
  type ValidationSplit,
  type ValidationSplitter,
} from './splitters.ts';
export { TrialRepository } from './TrialRepository.ts';
export type { SearchDescription, TrialRecord, TrialStatus } from './trialRecord.ts';
