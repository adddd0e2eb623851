import type { ClassSchema, FieldRule, FieldSpec } from '../schema/ClassSchema.ts';
import { t } from '../schema/fieldTypes.ts';
import { BooleanDistribution } from './distributions/BooleanDistribution.ts';
import { Choice } from './distributions/Choice.ts';
import type { Distribution } from './distributions/Distribution.ts';
import { FixedHyperparameter } from './distributions/FixedHyperparameter.ts';
import { LogNormal } from './distributions/LogNormal.ts';
import { LogUniform } from './distributions/LogUniform.ts';
import { Normal } from './distributions/Normal.ts';
import { PriorityChoice } from './distributions/PriorityChoice.ts';
import { Quantized } from './distributions/Quantized.ts';
import { RandInt } from './distributions/RandInt.ts';
import { Uniform } from './distributions/Uniform.ts';
import type { HyperparameterScalar } from './values.ts';

type Fields = Readonly<Record<string, unknown>>;

/**
 * Rule: the saved fields are arguments the class's constructor accepts. The constructor's checks (finite bounds,
 * min < max, probabilities that sum to 1…) are declared once, there, and hold for loaded objects too.
 */
function acceptedByConstructor(build: (f: Fields) => unknown): FieldRule {
  return {
    doc: "The fields are values the class's constructor accepts (its own checks: finite bounds, min ≤ max, probabilities summing to 1…).",
    check: (fields) => {
      try {
        build(fields);
        return undefined;
      } catch (error) {
        return {
          field: '(fields)',
          expected: "arguments the class's constructor accepts",
          found: (error as Error).message,
        };
      }
    },
  };
}

const finite = (doc: string): FieldSpec => ({ type: t.number({ finite: true }), doc });
const clipBound = (doc: string): FieldSpec => ({ type: t.nullable(t.number()), doc });
const clip = (f: Fields) => ({
  hardClipMin: f.hardClipMin as number | null,
  hardClipMax: f.hardClipMax as number | null,
});

function distribution(fields: Record<string, FieldSpec>, build: (f: Fields) => unknown): ClassSchema {
  return { kind: 'object', fields, rules: [acceptedByConstructor(build)] };
}

/** Field schemas of the hyperparameter classes, by class. */
export const HYPERPARAMETER_SCHEMAS: ReadonlyArray<readonly [abstract new (...args: never[]) => object, ClassSchema]> =
  [
    [
      Uniform,
      distribution(
        { low: finite('lower bound'), high: finite('upper bound') },
        (f) => new Uniform(f.low as number, f.high as number),
      ),
    ],
    [
      LogUniform,
      distribution(
        { minIncluded: finite('lower bound (> 0)'), maxIncluded: finite('upper bound') },
        (f) => new LogUniform(f.minIncluded as number, f.maxIncluded as number),
      ),
    ],
    [
      Normal,
      distribution(
        {
          loc: finite('mean'),
          scale: finite('standard deviation (> 0)'),
          hardClipMin: clipBound('lower clip or null'),
          hardClipMax: clipBound('upper clip or null'),
        },
        (f) => new Normal(f.loc as number, f.scale as number, clip(f)),
      ),
    ],
    [
      LogNormal,
      distribution(
        {
          logSpaceMean: finite('mean of the log'),
          logSpaceStd: finite('standard deviation of the log (> 0)'),
          hardClipMin: clipBound('lower clip or null'),
          hardClipMax: clipBound('upper clip or null'),
        },
        (f) => new LogNormal(f.logSpaceMean as number, f.logSpaceStd as number, clip(f)),
      ),
    ],
    [
      RandInt,
      distribution(
        {
          minIncluded: { type: t.integer(), doc: 'lowest value' },
          maxIncluded: { type: t.integer(), doc: 'highest value' },
        },
        (f) => new RandInt(f.minIncluded as number, f.maxIncluded as number),
      ),
    ],
    [
      BooleanDistribution,
      distribution(
        { probaIsTrue: finite('probability of true, in [0, 1]') },
        (f) => new BooleanDistribution(f.probaIsTrue as number),
      ),
    ],
    [
      Choice,
      distribution(
        {
          choices: { type: t.list(t.hyperparameter()), doc: 'the values' },
          probas: { type: t.list(t.number()), doc: 'their probabilities' },
        },
        (f) => new Choice(f.choices as HyperparameterScalar[], f.probas as number[]),
      ),
    ],
    [
      PriorityChoice,
      distribution(
        {
          choices: { type: t.list(t.hyperparameter()), doc: 'the values, most preferred first' },
          probas: { type: t.list(t.number()), doc: 'their probabilities' },
        },
        (f) => new PriorityChoice(f.choices as HyperparameterScalar[], f.probas as number[]),
      ),
    ],
    [
      Quantized,
      distribution(
        { distribution: { type: t.distribution(), doc: 'the numeric distribution rounded' } },
        (f) => new Quantized(f.distribution as Distribution<number>),
      ),
    ],
    [
      FixedHyperparameter,
      distribution(
        { value: { type: t.hyperparameter(), doc: 'the one value' } },
        (f) => new FixedHyperparameter(f.value as HyperparameterScalar),
      ),
    ],
  ];

/** Field schema of `ferry.HyperparameterSamples`. */
export const HYPERPARAMETER_SAMPLES_SCHEMA: ClassSchema = {
  kind: 'object',
  fields: {
    values: { type: t.map(t.hyperparameter()), doc: 'name → value (a step stores its own names, unprefixed)' },
  },
};

/** Field schema of `ferry.HyperparameterSpace`. */
export const HYPERPARAMETER_SPACE_SCHEMA: ClassSchema = {
  kind: 'object',
  fields: {
    values: { type: t.map(t.oneOf(t.distribution(), t.hyperparameter())), doc: 'name → distribution (or fixed value)' },
  },
};
