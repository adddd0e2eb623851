import { HyperparameterSamples, HyperparameterSpace } from './hyperparams/index.ts';
import {
  HYPERPARAMETER_SAMPLES_SCHEMA,
  HYPERPARAMETER_SCHEMAS,
  HYPERPARAMETER_SPACE_SCHEMA,
} from './hyperparams/schemas.ts';
import { ParallelQueuedFeatureUnion } from './parallel/ParallelQueuedFeatureUnion.ts';
import { QueuedPipelineSaver } from './parallel/QueuedPipelineSaver.ts';
import { QUEUED_PIPELINE_SAVER_SCHEMA, QUEUED_PIPELINE_SCHEMA } from './parallel/queuedPipeline.schema.ts';
import { SequentialQueuedPipeline } from './parallel/SequentialQueuedPipeline.ts';
import { MsgpackStepSaver } from './saving/MsgpackStepSaver.ts';
import { type RegisteredClass, registerClass } from './saving/registry.ts';
import type { ClassSchema } from './schema/ClassSchema.ts';
import { PIPELINE_SCHEMA } from './step/Pipeline.schema.ts';
import { Pipeline } from './step/Pipeline.ts';
import { DATA_SHUFFLER_SCHEMA } from './steps/DataShuffler.schema.ts';
import { DataShuffler } from './steps/DataShuffler.ts';
import { Identity } from './steps/Identity.ts';
import { KMEANS_SCHEMA } from './steps/KMeans.schema.ts';
import { KMeans } from './steps/KMeans.ts';
import { LINEAR_REGRESSION_SCHEMA } from './steps/LinearRegression.schema.ts';
import { LinearRegression } from './steps/LinearRegression.ts';
import { LOGISTIC_REGRESSION_SCHEMA } from './steps/LogisticRegression.schema.ts';
import { LogisticRegression } from './steps/LogisticRegression.ts';
import { MIN_MAX_SCALER_SCHEMA } from './steps/MinMaxScaler.schema.ts';
import { MinMaxScaler } from './steps/MinMaxScaler.ts';
import { OutputTransformerWrapper } from './steps/OutputTransformerWrapper.ts';
import { PCA_SCHEMA } from './steps/PCA.schema.ts';
import { PCA } from './steps/PCA.ts';
import { Ravel } from './steps/Ravel.ts';
import { RIDGE_SCHEMA } from './steps/Ridge.schema.ts';
import { Ridge } from './steps/Ridge.ts';
import { STANDARD_SCALER_SCHEMA } from './steps/StandardScaler.schema.ts';
import { StandardScaler } from './steps/StandardScaler.ts';
import { STATELESS_STEP_SCHEMA, WRAPPER_SCHEMA } from './steps/stateless.schema.ts';
import { TrainOnlyWrapper } from './steps/TrainOnlyWrapper.ts';

/**
 * Built-in steps and savers with their class ids in dumps and the schemas their saved fields are checked against.
 * The ids are given here rather than as a static `classId` so that user subclasses (e.g.
 * `class IdentityWithQueue extends Identity`) get their own id (their class name) without overriding anything.
 */
export const BUILTIN_STEP_IDS: ReadonlyArray<readonly [RegisteredClass, string, ClassSchema]> = [
  [Pipeline, 'ferry.Pipeline', PIPELINE_SCHEMA],
  [Identity, 'ferry.Identity', STATELESS_STEP_SCHEMA],
  [Ravel, 'ferry.Ravel', STATELESS_STEP_SCHEMA],
  [DataShuffler, 'ferry.DataShuffler', DATA_SHUFFLER_SCHEMA],
  [TrainOnlyWrapper, 'ferry.TrainOnlyWrapper', WRAPPER_SCHEMA],
  [OutputTransformerWrapper, 'ferry.OutputTransformerWrapper', WRAPPER_SCHEMA],
  [LogisticRegression, 'ferry.LogisticRegression', LOGISTIC_REGRESSION_SCHEMA],
  [StandardScaler, 'ferry.StandardScaler', STANDARD_SCALER_SCHEMA],
  [MinMaxScaler, 'ferry.MinMaxScaler', MIN_MAX_SCALER_SCHEMA],
  [LinearRegression, 'ferry.LinearRegression', LINEAR_REGRESSION_SCHEMA],
  [Ridge, 'ferry.Ridge', RIDGE_SCHEMA],
  [PCA, 'ferry.PCA', PCA_SCHEMA],
  [KMeans, 'ferry.KMeans', KMEANS_SCHEMA],
  [MsgpackStepSaver, 'ferry.MsgpackStepSaver', { kind: 'object', fields: {} }],
  [SequentialQueuedPipeline, 'ferry.SequentialQueuedPipeline', QUEUED_PIPELINE_SCHEMA],
  [ParallelQueuedFeatureUnion, 'ferry.ParallelQueuedFeatureUnion', QUEUED_PIPELINE_SCHEMA],
  [QueuedPipelineSaver, 'ferry.QueuedPipelineSaver', QUEUED_PIPELINE_SAVER_SCHEMA],
];

for (const [cls, id, schema] of BUILTIN_STEP_IDS) registerClass(cls, id, schema);
for (const [cls, schema] of HYPERPARAMETER_SCHEMAS) registerClass(cls as RegisteredClass, undefined, schema);
registerClass(HyperparameterSamples, undefined, HYPERPARAMETER_SAMPLES_SCHEMA);
registerClass(HyperparameterSpace, undefined, HYPERPARAMETER_SPACE_SCHEMA);
