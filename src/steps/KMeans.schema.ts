import type { ClassSchema } from '../schema/ClassSchema.ts';
import { t } from '../schema/fieldTypes.ts';
import { rowsEqualHyperparameter, setWhenFitted } from '../schema/rules.ts';

/** Saved fields of {@link KMeans}. */
export const KMEANS_SCHEMA: ClassSchema = {
  kind: 'step',
  fields: {
    clusterCenters: { type: t.nullable(t.tensor('float64', ['nClusters', 'nFeaturesIn'])), doc: 'cluster centers' },
    labels: { type: t.nullable(t.tensor('int32', ['nSamples'])), doc: 'cluster of each training row' },
    inertia: { type: t.number(), doc: 'sum of squared distances of the training rows to their centers' },
    nIter: { type: t.integer(0), doc: 'Lloyd iterations of the best run' },
    converged: { type: t.boolean(), optional: true, doc: 'whether the best run met its tolerance before `maxIter`' },
    nFeaturesIn: { type: t.integer(0), doc: 'features seen in fit' },
  },
  hyperparameters: {
    nClusters: t.integer(1),
    init: t.hyperparameter(),
    nInit: t.hyperparameter(),
    maxIter: t.integer(1),
    tol: t.number({ min: 0 }),
    seed: t.integer(),
  },
  rules: [setWhenFitted(['clusterCenters']), rowsEqualHyperparameter('clusterCenters', 'nClusters')],
};
