import {
  Boolean,
  Choice,
  type Distribution,
  FixedHyperparameter,
  type HyperparameterValue,
  LogNormal,
  LogUniform,
  Normal,
  PriorityChoice,
  Quantized,
  RandInt,
  Uniform,
} from '../../src/hyperparams/index.ts';

/** A continuous distribution and where its pdf lives (integration range, log grid or not). */
export interface ContinuousCase {
  name: string;
  make: () => Distribution<number>;
  range: [number, number];
  logGrid?: boolean;
}

/** A discrete distribution, its ordered support and how values map to numbers for moments. */
export interface DiscreteCase {
  name: string;
  make: () => Distribution;
  support: HyperparameterValue[];
  toNumber: (value: HyperparameterValue) => number;
}

const ints = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
const identity = (v: HyperparameterValue) => v as number;
const indexIn = (support: HyperparameterValue[]) => (v: HyperparameterValue) =>
  support.findIndex((s) => JSON.stringify(s) === JSON.stringify(v));

export const CONTINUOUS: ContinuousCase[] = [
  { name: 'Uniform(-2, 3)', make: () => new Uniform(-2, 3), range: [-2, 3] },
  { name: 'LogUniform(0.01, 10)', make: () => new LogUniform(0.01, 10), range: [0.01, 10], logGrid: true },
  { name: 'Normal(1, 2)', make: () => new Normal(1, 2), range: [-25, 27] },
  {
    name: 'Normal(0, 1) clipped [-0.5, 2]',
    make: () => new Normal(0, 1, { hardClipMin: -0.5, hardClipMax: 2 }),
    range: [-0.5, 2],
  },
  { name: 'Normal(0, 1) clipped [2, ∞)', make: () => new Normal(0, 1, { hardClipMin: 2 }), range: [2, 15] },
  { name: 'LogNormal(1, 0.5)', make: () => new LogNormal(1, 0.5), range: [2 ** -6, 2 ** 8], logGrid: true },
  {
    name: 'LogNormal(0, 1) clipped [0.5, 4]',
    make: () => new LogNormal(0, 1, { hardClipMin: 0.5, hardClipMax: 4 }),
    range: [0.5, 4],
    logGrid: true,
  },
];

const choiceSupport: HyperparameterValue[] = ['a', 'b', 'c'];
const arraySupport: HyperparameterValue[] = [[1, 2], [3], null];

export const DISCRETE: DiscreteCase[] = [
  { name: 'RandInt(20, 200)', make: () => new RandInt(20, 200), support: ints(20, 200), toNumber: identity },
  { name: 'RandInt(-3, 3)', make: () => new RandInt(-3, 3), support: ints(-3, 3), toNumber: identity },
  { name: 'Boolean()', make: () => new Boolean(), support: [false, true], toNumber: (v) => Number(v) },
  { name: 'Boolean(0.3)', make: () => new Boolean(0.3), support: [false, true], toNumber: (v) => Number(v) },
  {
    name: "Choice(['l1', 'l2'])",
    make: () => new Choice(['l1', 'l2']),
    support: ['l1', 'l2'],
    toNumber: indexIn(['l1', 'l2']),
  },
  {
    name: 'Choice(abc, [0.2, 0.5, 0.3])',
    make: () => new Choice(choiceSupport, [0.2, 0.5, 0.3]),
    support: choiceSupport,
    toNumber: indexIn(choiceSupport),
  },
  {
    name: 'Choice of arrays and null',
    make: () => new Choice(arraySupport, [0.25, 0.25, 0.5]),
    support: arraySupport,
    toNumber: indexIn(arraySupport),
  },
  {
    name: 'PriorityChoice(abc)',
    make: () => new PriorityChoice(choiceSupport),
    support: choiceSupport,
    toNumber: indexIn(choiceSupport),
  },
  {
    name: 'PriorityChoice([1, 2, 3], [0.6, 0.3, 0.1])',
    make: () => new PriorityChoice([1, 2, 3], [0.6, 0.3, 0.1]),
    support: [1, 2, 3],
    toNumber: indexIn([1, 2, 3]),
  },
  {
    name: 'Quantized(Uniform(0, 10))',
    make: () => new Quantized(new Uniform(0, 10)),
    support: ints(0, 10),
    toNumber: identity,
  },
  {
    name: 'Quantized(Normal(5, 2))',
    make: () => new Quantized(new Normal(5, 2)),
    support: ints(-30, 40),
    toNumber: identity,
  },
  {
    name: 'Quantized(LogUniform(1, 100))',
    make: () => new Quantized(new LogUniform(1, 100)),
    support: ints(1, 100),
    toNumber: identity,
  },
  { name: 'FixedHyperparameter(3)', make: () => new FixedHyperparameter(3), support: [3], toNumber: identity },
];
