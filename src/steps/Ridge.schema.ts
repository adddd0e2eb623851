import type { ClassSchema } from '../schema/ClassSchema.ts';
import { t } from '../schema/fieldTypes.ts';
import { linearModelSchema } from './linearModel.schema.ts';

/** Saved fields of {@link Ridge}. */
export const RIDGE_SCHEMA: ClassSchema = linearModelSchema({
  alpha: t.number({ min: 0 }),
  fitIntercept: t.boolean(),
  solver: t.string({ values: ['auto', 'cholesky', 'svd'] }),
});
