import { HYPERPARAMETER_CLASSES } from './hyperparams/index.ts';
import { MsgpackStepSaver } from './saving/MsgpackStepSaver.ts';
import { type RegisteredClass, registerClass } from './saving/registry.ts';
import { Pipeline } from './step/Pipeline.ts';
import { DataShuffler } from './steps/DataShuffler.ts';
import { Identity } from './steps/Identity.ts';
import { KMeans } from './steps/KMeans.ts';
import { LinearRegression } from './steps/LinearRegression.ts';
import { LogisticRegression } from './steps/LogisticRegression.ts';
import { MinMaxScaler } from './steps/MinMaxScaler.ts';
import { OutputTransformerWrapper } from './steps/OutputTransformerWrapper.ts';
import { PCA } from './steps/PCA.ts';
import { Ravel } from './steps/Ravel.ts';
import { Ridge } from './steps/Ridge.ts';
import { StandardScaler } from './steps/StandardScaler.ts';
import { TrainOnlyWrapper } from './steps/TrainOnlyWrapper.ts';

/**
 * Built-in steps and savers with their class ids in dumps. The ids are given here rather than as a
 * static `classId` so that user subclasses (e.g. `class IdentityWithQueue extends Identity`) get
 * their own id (their class name) without overriding anything.
 */
export const BUILTIN_STEP_IDS: ReadonlyArray<readonly [RegisteredClass, string]> = [
  [Pipeline, 'ferry.Pipeline'],
  [Identity, 'ferry.Identity'],
  [Ravel, 'ferry.Ravel'],
  [DataShuffler, 'ferry.DataShuffler'],
  [TrainOnlyWrapper, 'ferry.TrainOnlyWrapper'],
  [OutputTransformerWrapper, 'ferry.OutputTransformerWrapper'],
  [LogisticRegression, 'ferry.LogisticRegression'],
  [StandardScaler, 'ferry.StandardScaler'],
  [MinMaxScaler, 'ferry.MinMaxScaler'],
  [LinearRegression, 'ferry.LinearRegression'],
  [Ridge, 'ferry.Ridge'],
  [PCA, 'ferry.PCA'],
  [KMeans, 'ferry.KMeans'],
  [MsgpackStepSaver, 'ferry.MsgpackStepSaver'],
];

for (const [cls, id] of BUILTIN_STEP_IDS) registerClass(cls, id);
for (const cls of HYPERPARAMETER_CLASSES) registerClass(cls);
