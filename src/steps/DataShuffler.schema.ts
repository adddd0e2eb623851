import type { ClassSchema } from '../schema/ClassSchema.ts';
import { t } from '../schema/fieldTypes.ts';

/** Saved fields of {@link DataShuffler}: BaseStep's only. */
export const DATA_SHUFFLER_SCHEMA: ClassSchema = {
  kind: 'step',
  fields: {},
  hyperparameters: { seed: t.integer(), incrementSeedAfterEachFit: t.boolean() },
};
