import type { ClassSchema } from '../schema/ClassSchema.ts';
import { t } from '../schema/fieldTypes.ts';
import { QUANTIZE_MODES } from './quantize.ts';

/** Saved fields of `ferry.TfjsModelSaver` and `ferry.TfjsGraphModelSaver` (the model is in `model.ferry` beside the step file). */
export const TFJS_MODEL_SAVER_SCHEMA: ClassSchema = {
  kind: 'object',
  fields: {
    quantize: {
      type: t.string({ values: QUANTIZE_MODES }),
      optional: true,
      doc: 'how float32 weights are stored in `model.ferry` (absent: exact); loads dequantize',
    },
  },
};
