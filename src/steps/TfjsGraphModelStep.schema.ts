import { registeredIdOf } from '../saving/registry.ts';
import type { ClassSchema } from '../schema/ClassSchema.ts';
import { describeValue } from '../schema/describeValue.ts';
import { t } from '../schema/fieldTypes.ts';

/** Saved fields of {@link TfjsGraphModelStep}; the graph itself is in `model.ferry`, written by `ferry.TfjsGraphModelSaver`. */
export const TFJS_GRAPH_MODEL_STEP_SCHEMA: ClassSchema = {
  kind: 'step',
  fields: {
    model: {
      type: t.null(),
      doc: 'always null in the header: `ferry.TfjsGraphModelSaver` writes the graph to `model.ferry`',
    },
  },
  hyperparameters: {
    outputs: t.nullable(t.string({ nonEmpty: true })),
    backend: t.hyperparameter(),
  },
  rules: [
    {
      doc: '`savers` holds `ferry.TfjsGraphModelSaver`, which restores the graph from `model.ferry`.',
      check: (fields) => {
        const savers = fields.savers as readonly object[];
        return savers.some(
          (s) => registeredIdOf(s.constructor as abstract new () => object) === 'ferry.TfjsGraphModelSaver',
        )
          ? undefined
          : { field: 'savers', expected: 'a list holding ferry.TfjsGraphModelSaver', found: describeValue(savers) };
      },
    },
  ],
};
