import type { ClassSchema } from '../schema/ClassSchema.ts';
import { t } from '../schema/fieldTypes.ts';
import { setWhenFitted } from '../schema/rules.ts';

const perFeature = t.nullable(t.tensor('float64', ['nFeaturesIn']));

/** Saved fields of {@link MinMaxScaler}. */
export const MIN_MAX_SCALER_SCHEMA: ClassSchema = {
  kind: 'step',
  fields: {
    dataMin: { type: perFeature, doc: 'column minima' },
    dataMax: { type: perFeature, doc: 'column maxima' },
    dataRange: { type: perFeature, doc: 'dataMax − dataMin' },
    scale: { type: perFeature, doc: 'per-column scale of the transform' },
    min: { type: perFeature, doc: 'per-column offset of the transform' },
    nFeaturesIn: { type: t.integer(0), doc: 'features seen in fit' },
    nSamplesSeen: { type: t.integer(0), doc: 'rows seen in fit' },
  },
  hyperparameters: { featureRange: t.list(t.number({ finite: true })), clip: t.boolean() },
  rules: [setWhenFitted(['dataMin', 'dataMax', 'dataRange', 'scale', 'min'])],
};
