import type { ClassSchema } from '../schema/ClassSchema.ts';
import { t } from '../schema/fieldTypes.ts';

/** Saved fields of {@link Pipeline}. */
export const PIPELINE_SCHEMA: ClassSchema = {
  kind: 'step',
  fields: {
    steps: {
      type: t.list(t.step(), { unique: true }),
      doc: 'the steps in order: references to distinct child folders (names are unique)',
    },
    cacheFolder: { type: t.nullable(t.string()), doc: 'default root for `save()` without a context' },
  },
  hyperparameters: {},
};
