import type { ClassSchema } from '../schema/ClassSchema.ts';
import { t } from '../schema/fieldTypes.ts';
import { linearModelSchema } from './linearModel.schema.ts';

/** Saved fields of {@link LinearRegression}. */
export const LINEAR_REGRESSION_SCHEMA: ClassSchema = linearModelSchema(
  { fitIntercept: t.boolean() },
  {
    singular: {
      type: t.oneOf(t.tensor('float64', ['k']), t.null()),
      optional: true,
      doc: "singular values of the centered, weighted design, largest first (`[min(n, d)]`, scikit-learn's `singular_`; absent from dumps written before issue 13)",
    },
  },
);
