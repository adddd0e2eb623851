import type { ClassSchema } from '../schema/ClassSchema.ts';

/** Saved fields of {@link TfjsModelSaver}: none (it writes `model.ferry` beside the step file). */
export const TFJS_MODEL_SAVER_SCHEMA: ClassSchema = { kind: 'object', fields: {} };
