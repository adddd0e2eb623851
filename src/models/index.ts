/**
 * `ferryml/tfjs`: everything in Ferry that needs TensorFlow.js (a peer dependency), kept out of the
 * core entry so that bundles without tfjs stay small. Importing it registers the tfjs classes with the
 * dump registry, so dumps holding a {@link TfjsModelStep} load.
 * @packageDocumentation
 */

import { type RegisteredClass, registerClass } from '../saving/registry.ts';
import type { ClassSchema } from '../schema/ClassSchema.ts';
import { TFJS_MODEL_STEP_SCHEMA } from '../steps/TfjsModelStep.schema.ts';
import { TfjsModelStep } from '../steps/TfjsModelStep.ts';
import { TFJS_MODEL_SAVER_SCHEMA } from './TfjsModelSaver.schema.ts';
import { TfjsModelSaver } from './TfjsModelSaver.ts';

export * from '../backend/index.ts';
export {
  CheckpointError,
  ExtraParameterError,
  MissingParameterError,
  ParameterShapeError,
  UnsupportedDtypeError,
} from '../errors/modelErrors.ts';
export { TfjsModelStep, type TfjsModelStepOptions } from '../steps/TfjsModelStep.ts';
export type { LoadAs, SavableArray, StorableArray } from './arrayEntries.ts';
export {
  ARRAYS_KIND,
  type ArrayCollection,
  type LoadArraysOptions,
  loadArrays,
  saveArrays,
} from './arrays.ts';
export {
  Checkpointer,
  type CheckpointerOptions,
  type EpochLogs,
  type ResumeFrom,
  type ResumeResult,
} from './Checkpointer.ts';
export type { CheckpointEntry, CheckpointManifest } from './checkpointManifest.ts';
export { type CheckpointMode, deriveCheckpointMode } from './checkpointMode.ts';
export { type FerryHandlerOptions, ferryHandler } from './ferryHandler.ts';
export {
  type DecodedModelFile,
  decodeModelArtifacts,
  decodeModelFile,
  encodeModelArtifacts,
  MODEL_KIND,
  toModelArtifacts,
} from './modelArtifacts.ts';
export { type NamedWeight, namedWeights } from './parameterNames.ts';
export {
  type LoadParametersOptions,
  loadParameters,
  type SaveParametersOptions,
  saveParameters,
} from './parameters.ts';
export {
  QUANTIZE_MODES,
  type Quantization,
  QuantizedArray,
  type QuantizeMode,
  quantizeArray,
} from './quantize.ts';
export { quantizeArtifacts } from './quantizeArtifacts.ts';
export { Float16RangeError, NonFiniteWeightError } from './quantizeErrors.ts';
export { MODEL_FILE, TfjsModelSaver } from './TfjsModelSaver.ts';
export { isTensor, tensorToNDArray } from './tensors.ts';

/** The tfjs classes with their class ids in dumps (registered when this module is imported). */
export const TFJS_CLASS_IDS: ReadonlyArray<readonly [RegisteredClass, string, ClassSchema]> = [
  [TfjsModelStep, 'ferry.TfjsModelStep', TFJS_MODEL_STEP_SCHEMA],
  [TfjsModelSaver, 'ferry.TfjsModelSaver', TFJS_MODEL_SAVER_SCHEMA],
];

for (const [cls, id, schema] of TFJS_CLASS_IDS) registerClass(cls, id, schema);
