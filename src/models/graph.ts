/**
 * `ferryml/tfjs-graph`: the part of Ferry's tfjs layer that needs only tfjs-core and tfjs-converter (no
 * tfjs-layers): graph models as steps ({@link TfjsGraphModelStep}), model files and `ferryHandler`, arrays files,
 * quantization and the backend picker. `ferryml/tfjs` exports all of it too, plus the layers features. Importing it
 * registers the graph classes with the dump registry.
 * @packageDocumentation
 */

import { type RegisteredClass, registerClass } from '../saving/registry.ts';
import type { ClassSchema } from '../schema/ClassSchema.ts';
import { TFJS_GRAPH_MODEL_STEP_SCHEMA } from '../steps/TfjsGraphModelStep.schema.ts';
import { TfjsGraphModelStep } from '../steps/TfjsGraphModelStep.ts';
import { TfjsGraphModelSaver } from './TfjsGraphModelSaver.ts';
import { TFJS_MODEL_SAVER_SCHEMA } from './TfjsModelSaver.schema.ts';

export * from '../backend/index.ts';
export { UnsupportedDtypeError } from '../errors/modelErrors.ts';
export { TfjsGraphModelStep, type TfjsGraphModelStepOptions } from '../steps/TfjsGraphModelStep.ts';
export type { LoadAs, SavableArray, StorableArray } from './arrayEntries.ts';
export {
  ARRAYS_KIND,
  type ArrayCollection,
  type LoadArraysOptions,
  loadArrays,
  saveArrays,
} from './arrays.ts';
export { type FerryHandlerOptions, ferryHandler } from './ferryHandler.ts';
export {
  type DecodedModelFile,
  decodeModelArtifacts,
  decodeModelFile,
  encodeModelArtifacts,
  MODEL_KIND,
  toModelArtifacts,
} from './modelArtifacts.ts';
export { MODEL_FILE } from './modelFileSaving.ts';
export {
  QUANTIZE_MODES,
  type Quantization,
  QuantizedArray,
  type QuantizeMode,
  quantizeArray,
} from './quantize.ts';
export { quantizeArtifacts } from './quantizeArtifacts.ts';
export { Float16RangeError, NonFiniteWeightError } from './quantizeErrors.ts';
export { TfjsGraphModelSaver } from './TfjsGraphModelSaver.ts';
export type { TfjsModelSaverOptions } from './TfjsModelSaver.ts';
export { isTensor, tensorToNDArray } from './tensors.ts';

/** The graph classes with their class ids in dumps (registered when this module is imported). */
export const TFJS_GRAPH_CLASS_IDS: ReadonlyArray<readonly [RegisteredClass, string, ClassSchema]> = [
  [TfjsGraphModelStep, 'ferry.TfjsGraphModelStep', TFJS_GRAPH_MODEL_STEP_SCHEMA],
  [TfjsGraphModelSaver, 'ferry.TfjsGraphModelSaver', TFJS_MODEL_SAVER_SCHEMA],
];

for (const [cls, id, schema] of TFJS_GRAPH_CLASS_IDS) registerClass(cls, id, schema);
