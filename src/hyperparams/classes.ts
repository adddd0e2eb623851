import { BooleanDistribution } from './distributions/BooleanDistribution.ts';
import { Choice } from './distributions/Choice.ts';
import { FixedHyperparameter } from './distributions/FixedHyperparameter.ts';
import { LogNormal } from './distributions/LogNormal.ts';
import { LogUniform } from './distributions/LogUniform.ts';
import { Normal } from './distributions/Normal.ts';
import { PriorityChoice } from './distributions/PriorityChoice.ts';
import { Quantized } from './distributions/Quantized.ts';
import { RandInt } from './distributions/RandInt.ts';
import { Uniform } from './distributions/Uniform.ts';
import { HyperparameterSamples } from './HyperparameterSamples.ts';
import { HyperparameterSpace } from './HyperparameterSpace.ts';

/** Every serializable hyperparameter class, for registration with the dump loader. */
export const HYPERPARAMETER_CLASSES = [
  Uniform,
  LogUniform,
  Normal,
  LogNormal,
  RandInt,
  BooleanDistribution,
  Choice,
  PriorityChoice,
  Quantized,
  FixedHyperparameter,
  HyperparameterSpace,
  HyperparameterSamples,
] as const;

/** Any of the {@link HYPERPARAMETER_CLASSES}: a constructor with a static `classId`. */
export type HyperparameterClass = (typeof HYPERPARAMETER_CLASSES)[number];
