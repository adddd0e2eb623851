import type { ClassSchema } from '../schema/ClassSchema.ts';
import { t } from '../schema/fieldTypes.ts';
import { flagIsOn, setWhenFitted } from '../schema/rules.ts';

const perFeature = t.nullable(t.tensor('float64', ['nFeaturesIn']));

/** Saved fields of {@link StandardScaler}. */
export const STANDARD_SCALER_SCHEMA: ClassSchema = {
  kind: 'step',
  fields: {
    mean: { type: perFeature, doc: 'column means (null before fit, or without `withMean` and `withStd`)' },
    var: { type: perFeature, doc: 'column population variances (null without `withStd`)' },
    scale: { type: perFeature, doc: 'column scales, √var with 1 for constant columns (null without `withStd`)' },
    nFeaturesIn: { type: t.integer(0), doc: 'features seen in fit' },
    nSamplesSeen: { type: t.number({ min: 0 }), doc: 'rows (or the sum of sample weights) seen in fit' },
  },
  hyperparameters: { withMean: t.boolean(), withStd: t.boolean(), copy: t.boolean() },
  rules: [setWhenFitted(['mean'], flagIsOn('withMean')), setWhenFitted(['var', 'scale'], flagIsOn('withStd'))],
};
