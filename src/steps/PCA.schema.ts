import type { ClassSchema } from '../schema/ClassSchema.ts';
import { t } from '../schema/fieldTypes.ts';
import { setWhenFitted } from '../schema/rules.ts';

const perComponent = t.nullable(t.tensor('float64', ['nComponentsFitted']));

/** Saved fields of {@link PCA}. */
export const PCA_SCHEMA: ClassSchema = {
  kind: 'step',
  fields: {
    mean: { type: t.nullable(t.tensor('float64', ['nFeaturesIn'])), doc: 'column means' },
    components: {
      type: t.nullable(t.tensor('float64', ['nComponentsFitted', 'nFeaturesIn'])),
      doc: 'principal axes, one per row',
    },
    explainedVariance: { type: perComponent, doc: 'variance along each component' },
    explainedVarianceRatio: { type: perComponent, doc: 'fraction of the total variance along each component' },
    singularValues: { type: perComponent, doc: 'singular values of the centered data' },
    noiseVariance: { type: t.number(), doc: 'mean of the discarded variances' },
    nComponentsFitted: { type: t.integer(0), doc: 'components kept' },
    nFeaturesIn: { type: t.integer(0), doc: 'features seen in fit' },
    nSamples: { type: t.integer(0), doc: 'rows seen in fit' },
  },
  hyperparameters: { nComponents: t.nullable(t.number({ min: 0 })), whiten: t.boolean() },
  rules: [setWhenFitted(['mean', 'components', 'explainedVariance', 'explainedVarianceRatio', 'singularValues'])],
};
