import type { ClassSchema, FieldRule } from '../schema/ClassSchema.ts';
import { describeValue } from '../schema/describeValue.ts';
import { t } from '../schema/fieldTypes.ts';
import { setWhenFitted } from '../schema/rules.ts';

/** `coef` is `[d]` with a 0-d `intercept` (one target), or `[t, d]` with `intercept` `[t]`. */
const COEF_MATCHES_INTERCEPT: FieldRule = {
  doc: '`coef` is `[nFeaturesIn]` with a 0-d `intercept` (one target), or `[t, nFeaturesIn]` with `intercept` `[t]`.',
  check: (fields) => {
    const coef = fields.coef as { shape: readonly number[] } | null;
    const intercept = fields.intercept as { shape: readonly number[] } | null;
    if (!coef || !intercept) return undefined;
    const ok =
      coef.shape.length === 1
        ? intercept.shape.length === 0
        : intercept.shape.length === 1 && intercept.shape[0] === coef.shape[0];
    return ok
      ? undefined
      : {
          field: 'intercept',
          expected: `a shape matching coef [${coef.shape.join(', ')}]`,
          found: describeValue(intercept),
        };
  },
};

/** Saved fields of {@link LinearModel} (LinearRegression and Ridge); `hyperparameters` are each class's own. */
export function linearModelSchema(
  hyperparameters: ClassSchema['hyperparameters'],
  extraFields: ClassSchema['fields'] = {},
): ClassSchema {
  return {
    kind: 'step',
    fields: {
      coef: {
        type: t.oneOf(t.tensor('float64', ['nFeaturesIn']), t.tensor('float64', ['t', 'nFeaturesIn']), t.null()),
        doc: 'coefficients: `[nFeaturesIn]` for one target, `[t, nFeaturesIn]` for t targets',
      },
      intercept: {
        type: t.oneOf(t.tensor('float64', []), t.tensor('float64', ['t']), t.null()),
        doc: 'intercepts: 0-d for one target, `[t]` otherwise',
      },
      rank: { type: t.integer(0), doc: 'numerical rank of the (centered) design' },
      nFeaturesIn: { type: t.integer(0), doc: 'features seen in fit' },
      ...extraFields,
    },
    hyperparameters,
    rules: [setWhenFitted(['coef', 'intercept']), COEF_MATCHES_INTERCEPT],
  };
}
