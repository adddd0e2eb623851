import { registeredIdOf } from '../saving/registry.ts';
import type { ClassSchema } from '../schema/ClassSchema.ts';
import { describeValue } from '../schema/describeValue.ts';
import { t } from '../schema/fieldTypes.ts';

/** Saved fields of {@link TfjsModelStep}; the model itself is in `model.ferry`, written by `ferry.TfjsModelSaver`. */
export const TFJS_MODEL_STEP_SCHEMA: ClassSchema = {
  kind: 'step',
  fields: {
    model: {
      type: t.null(),
      doc: 'always null in the header: `ferry.TfjsModelSaver` writes the model to `model.ferry`',
    },
    lastFitLogs: { type: t.nullable(t.map(t.number())), doc: "the last epoch's metrics of the latest fit" },
  },
  hyperparameters: {
    epochs: t.integer(0),
    batchSize: t.integer(1),
    shuffle: t.boolean(),
    validationSplit: t.number({ min: 0 }),
    backend: t.hyperparameter(),
  },
  rules: [
    {
      doc: '`savers` holds `ferry.TfjsModelSaver`, which restores the model from `model.ferry`.',
      check: (fields) => {
        const savers = fields.savers as readonly object[];
        return savers.some((s) => registeredIdOf(s.constructor as abstract new () => object) === 'ferry.TfjsModelSaver')
          ? undefined
          : { field: 'savers', expected: 'a list holding ferry.TfjsModelSaver', found: describeValue(savers) };
      },
    },
  ],
};
