export { HYPERPARAMETER_CLASSES, type HyperparameterClass } from './classes.ts';
export {
  BooleanDistribution,
  BooleanDistribution as Boolean,
  Choice,
  Distribution,
  FixedHyperparameter,
  type HardClip,
  LogNormal,
  LogUniform,
  Normal,
  PriorityChoice,
  Quantized,
  RandInt,
  Uniform,
} from './distributions/index.ts';
export { UNDEFINED_STATISTIC_CODE } from './errors.ts';
export {
  flattenHyperparams,
  HYPERPARAMETER_SEPARATOR,
  joinHyperparamName,
  type NestedRecord,
  nestHyperparams,
  splitHyperparamName,
} from './flatNames.ts';
export { HyperparameterSamples, type HyperparameterSamplesInput } from './HyperparameterSamples.ts';
export {
  HyperparameterSpace,
  type HyperparameterSpaceInput,
  type HyperparameterSpaceLeaf,
} from './HyperparameterSpace.ts';
export { type RandomSource, SeededRandom } from './random.ts';
export {
  type HyperparameterScalar,
  type HyperparameterValue,
  isHyperparameterValue,
  structuralEqual,
} from './values.ts';
