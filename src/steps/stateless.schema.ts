import type { ClassSchema } from '../schema/ClassSchema.ts';
import { t } from '../schema/fieldTypes.ts';

/** Saved fields of steps with no state and no hyperparameters of their own ({@link Identity}, {@link Ravel}). */
export const STATELESS_STEP_SCHEMA: ClassSchema = { kind: 'step', fields: {}, hyperparameters: {} };

/** Saved fields of the one-child meta steps ({@link TrainOnlyWrapper}, {@link OutputTransformerWrapper}). */
export const WRAPPER_SCHEMA: ClassSchema = {
  kind: 'step',
  fields: { wrapped: { type: t.step(), doc: 'the wrapped step, saved in the sub-folder of its name' } },
  hyperparameters: {},
};
