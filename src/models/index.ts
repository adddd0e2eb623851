/**
 * `ferryml/tfjs`: everything in Ferry that needs TensorFlow.js (a peer dependency), kept out of the
 * core entry so that bundles without tfjs stay small. Importing it registers the tfjs classes with the
 * dump registry, so dumps holding a {@link TfjsModelStep} or a {@link TfjsGraphModelStep} load. It is
 * `ferryml/tfjs-graph` (tfjs-core and tfjs-converter only) plus the features that need tfjs-layers.
 * @packageDocumentation
 */

import { type RegisteredClass, registerClass } from '../saving/registry.ts';
import type { ClassSchema } from '../schema/ClassSchema.ts';
import { TFJS_MODEL_STEP_SCHEMA } from '../steps/TfjsModelStep.schema.ts';
import { TfjsModelStep } from '../steps/TfjsModelStep.ts';
import { TFJS_GRAPH_CLASS_IDS } from './graph.ts';
import { TFJS_MODEL_SAVER_SCHEMA } from './TfjsModelSaver.schema.ts';
import { TfjsModelSaver } from './TfjsModelSaver.ts';

export {
  CheckpointError,
  ExtraParameterError,
  MissingParameterError,
  ParameterShapeError,
} from '../errors/modelErrors.ts';
export { TfjsModelStep, type TfjsModelStepOptions } from '../steps/TfjsModelStep.ts';
export {
  Checkpointer,
  type CheckpointerOptions,
  type EpochLogs,
  type ResumeFrom,
  type ResumeResult,
} from './Checkpointer.ts';
export type { CheckpointEntry, CheckpointManifest } from './checkpointManifest.ts';
export { type CheckpointMode, deriveCheckpointMode } from './checkpointMode.ts';
export * from './graph.ts';
export { type NamedWeight, namedWeights } from './parameterNames.ts';
export {
  type LoadParametersOptions,
  loadParameters,
  type SaveParametersOptions,
  saveParameters,
} from './parameters.ts';
export { TfjsModelSaver } from './TfjsModelSaver.ts';

/** The tfjs classes with their class ids in dumps (registered when this module is imported). */
export const TFJS_CLASS_IDS: ReadonlyArray<readonly [RegisteredClass, string, ClassSchema]> = [
  [TfjsModelStep, 'ferry.TfjsModelStep', TFJS_MODEL_STEP_SCHEMA],
  [TfjsModelSaver, 'ferry.TfjsModelSaver', TFJS_MODEL_SAVER_SCHEMA],
  ...TFJS_GRAPH_CLASS_IDS,
];

for (const [cls, id, schema] of TFJS_CLASS_IDS.slice(0, 2)) registerClass(cls, id, schema);
