import type { ClassSchema, FieldRule } from '../schema/ClassSchema.ts';
import { describeValue } from '../schema/describeValue.ts';
import { t } from '../schema/fieldTypes.ts';
import { setWhenFitted } from '../schema/rules.ts';

/** k = 1 coefficient row for two classes, one per class otherwise. */
const ROWS_MATCH_CLASSES: FieldRule = {
  doc: '`coef` has k rows, k = 1 for two classes and k = the number of classes otherwise; `classes` are all numbers or all strings.',
  check: (fields) => {
    const coef = fields.coef as { shape: readonly number[] } | null;
    const classes = fields.classes as readonly unknown[] | null;
    if (!classes) return undefined;
    if (classes.some((c) => typeof c !== typeof classes[0]))
      return { field: 'classes', expected: 'labels that are all numbers or all strings', found: 'a mix' };
    if (!coef) return undefined;
    const k = classes.length === 2 ? 1 : classes.length;
    return coef.shape[0] === k
      ? undefined
      : { field: 'coef', expected: `${k} rows for ${classes.length} classes`, found: describeValue(coef) };
  },
};

/** Saved fields of {@link LogisticRegression}. */
export const LOGISTIC_REGRESSION_SCHEMA: ClassSchema = {
  kind: 'step',
  fields: {
    coef: { type: t.nullable(t.tensor('float64', ['k', 'nFeatures'])), doc: 'coefficients `[k, nFeatures]`' },
    intercept: { type: t.nullable(t.tensor('float64', ['k'])), doc: 'intercepts `[k]` (zeros without `fitIntercept`)' },
    classes: {
      type: t.nullable(t.list(t.oneOf(t.number({ finite: true }), t.string()), { unique: true, sorted: true })),
      doc: 'class labels seen in fit: distinct, ascending, all numbers or all strings',
    },
    multiClass: {
      type: t.string({ values: ['multinomial', 'ovr'] }),
      optional: true,
      doc: "`'ovr'` (binary, or one-vs-rest) or `'multinomial'` (softmax); absent in dumps of 0.1 (then inferred)",
    },
    nIter: { type: t.integer(0), doc: 'solver iterations' },
    converged: { type: t.boolean(), optional: true, doc: 'whether the solver met its tolerance before `maxIter`' },
    nFeatures: { type: t.integer(0), doc: 'features seen in fit' },
  },
  hyperparameters: {
    C: t.number({ min: 0 }),
    fitIntercept: t.boolean(),
    dual: t.boolean(),
    penalty: t.string(),
    maxIter: t.integer(0),
    tol: t.number({ min: 0 }),
    classWeight: t.hyperparameter(),
    solver: t.string(),
    multiClass: t.string({ values: ['auto', 'ovr', 'multinomial'] }),
  },
  rules: [setWhenFitted(['coef', 'intercept', 'classes']), ROWS_MATCH_CLASSES],
};
