/**
 * ferryml — machine-learning pipelines with a real step lifecycle that save once and load anywhere.
 * This module is the runtime-independent core; runtime entry files (src/entries/*) add storage and
 * the kernel source for their runtime and re-export everything here.
 * @packageDocumentation
 */
import './builtins.ts';

export {
  DEFAULT_HTTP_MAX_BYTES,
  DEFAULT_HTTP_TIMEOUT_MS,
  type HttpIndex,
  HttpStorage,
  type HttpStorageOptions,
  httpIndexBytes,
} from '../adapters/http.ts';
export { IndexedDbStorage, type IndexedDbStorageOptions } from '../adapters/indexeddb.ts';
export { MemoryStorage } from '../adapters/memory.ts';
export { PackStorage } from '../adapters/pack.ts';
export * from './automl/index.ts';
export { BUILTIN_STEP_IDS } from './builtins.ts';
export { createPredictHandler, type PredictHandlerOptions } from './edge/predictHandler.ts';
export * from './errors/index.ts';
export * from './hyperparams/index.ts';
export { type GemmOptions, gemmF32, gemmF64 } from './kernels/gemm.ts';
export {
  type KernelSource,
  type Kernels,
  loadKernels,
  setDefaultKernelSource,
  setKernelMemoryRetainLimit,
} from './kernels/loadKernels.ts';
export * from './ndarray/index.ts';
export { type PackOptions, pack } from './pack/pack.ts';
export * from './parallel/index.ts';
export { defaultStorage, detectRuntime, type RuntimeName, setDefaultStorageFactory } from './runtime.ts';
export { BaseSaver } from './saving/BaseSaver.ts';
export { type DumpProgress, ExecutionContext, type LoadOptions } from './saving/ExecutionContext.ts';
export { FORMAT_MAJOR, FORMAT_MINOR } from './saving/format/constants.ts';
export { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './saving/format/DecodeLimits.ts';
export { type DumpProblem, inspectDump, type StepInfo, type TensorInfo, verifyDump } from './saving/inspectDump.ts';
export { MsgpackStepSaver } from './saving/MsgpackStepSaver.ts';
export { type RegisterOptions, registerSaver, registerStep } from './saving/register.ts';
export { registerClass, registeredClassIds, schemaOf } from './saving/registry.ts';
export type { SaveOptions } from './saving/stepTree.ts';
export type { ClassSchema, FieldRule, FieldSpec, RuleViolation } from './schema/ClassSchema.ts';
export { type Dim, type FieldType, t as fieldTypes } from './schema/fieldTypes.ts';
export { BaseStep, type HyperparamsInput, type SpaceInput, type StepOptions } from './step/BaseStep.ts';
export type { DataContainer } from './step/DataContainer.ts';
export { MetaStep } from './step/MetaStep.ts';
export { Pipeline, type PipelineEntry, type PipelineOptions } from './step/Pipeline.ts';
export type { ClassLabels } from './steps/classLabels.ts';
export {
  type ConvergenceWarning,
  type ConvergenceWarningHandler,
  setConvergenceWarningHandler,
  warnOnConsole,
} from './steps/convergence.ts';
export { DataShuffler } from './steps/DataShuffler.ts';
export { Identity } from './steps/Identity.ts';
export { KMeans, type KMeansOptions } from './steps/KMeans.ts';
export { LinearRegression } from './steps/LinearRegression.ts';
export {
  type FitProgress,
  LogisticRegression,
  type LogisticRegressionFitOptions,
  type LogisticRegressionOptions,
  type PredictedLabels,
} from './steps/LogisticRegression.ts';
export { LinearModel } from './steps/linearModel.ts';
export { MinMaxScaler } from './steps/MinMaxScaler.ts';
export { OutputTransformerWrapper } from './steps/OutputTransformerWrapper.ts';
export { PCA } from './steps/PCA.ts';
export { Ravel } from './steps/Ravel.ts';
export { Ridge } from './steps/Ridge.ts';
export { StandardScaler } from './steps/StandardScaler.ts';
export type { WeightedFitOptions } from './steps/sampleWeight.ts';
export { TrainOnlyWrapper } from './steps/TrainOnlyWrapper.ts';
export * from './storage/index.ts';
export { FERRY_VERSION, FORMAT_INTRODUCED_IN } from './version.ts';
