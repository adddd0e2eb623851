/**
 * One trial's work, the same in a worker and in the calling thread: for each validation split, a fresh copy of the
 * pipeline (loaded from its dump) takes the trial's hyperparameters, fits on the split's training rows and predicts its
 * validation rows (labels or values, or class probabilities for metrics that need them). The first split's fitted
 * pipeline is packed, to be kept when the trial turns out best.
 */
import type { HyperparameterValue } from '../hyperparams/index.ts';
import type { NDArray } from '../ndarray/NDArray.ts';
import { packStep } from '../parallel/stageDump.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import { Pipeline } from '../step/Pipeline.ts';
import { MetricInputError } from './errors.ts';
import type { ClassList, MetricInputKind } from './metrics.ts';
import { type SearchData, takeRows, takeTargets } from './searchData.ts';
import type { ValidationSplit } from './splitters.ts';

/** What a trial needs besides its hyperparameters (the same for every trial of a search). */
export interface TrialContext {
  /** A fresh, unfitted copy of the pipeline. */
  readonly fresh: () => Promise<BaseStep>;
  readonly data: SearchData;
  readonly splits: readonly ValidationSplit[];
  readonly input: MetricInputKind;
  /** Pack the first split's fitted pipeline. */
  readonly keepModel: boolean;
}

/** What a trial gives back for scoring. */
export interface TrialOutput {
  /** Per split: the predictions on its validation rows. */
  readonly predictions: unknown[];
  /** Per split, for probabilities: the classes of the columns. */
  readonly classes: (ClassList | null)[];
  /** Per split: fit + predict time in ms. */
  readonly splitDurationsMs: number[];
  /** The first split's fitted pipeline as a pack, when asked. */
  readonly model: Uint8Array | null;
}

interface ProbabilisticStep {
  predictProba(x: unknown): Promise<NDArray>;
  classes: ClassList | null;
}

function hasProba(step: BaseStep): step is BaseStep & ProbabilisticStep {
  return typeof (step as unknown as { predictProba?: unknown }).predictProba === 'function';
}

/** Class probabilities from a fitted pipeline: every step but the last transforms, the last gives `predictProba`. */
async function probabilities(model: BaseStep, x: NDArray): Promise<{ proba: NDArray; classes: ClassList }> {
  let last = model;
  let input: unknown = x;
  if (model instanceof Pipeline) {
    const steps = model.steps;
    let dc: { x: unknown; y?: unknown } = { x };
    for (let i = 0; i < steps.length - 1; i++) dc = await steps[i].handleTransform(dc);
    input = dc.x;
    last = steps[steps.length - 1];
  }
  if (!hasProba(last)) {
    throw new MetricInputError(
      'probabilities',
      `the last step "${last.name}" (${last.constructor.name}) has no predictProba(); use a metric on predictions`,
    );
  }
  const proba = await last.predictProba(input);
  const classes = last.classes;
  if (!classes) throw new MetricInputError('probabilities', `step "${last.name}" has no classes after fit`);
  return { proba, classes: [...classes] };
}

/** Runs a trial; see the module comment. */
export async function evaluateTrial(
  context: TrialContext,
  hyperparams: Record<string, HyperparameterValue>,
  onlyFirstSplit = false,
): Promise<TrialOutput> {
  const out: TrialOutput = { predictions: [], classes: [], splitDurationsMs: [], model: null };
  const splits = onlyFirstSplit ? context.splits.slice(0, 1) : context.splits;
  let model: Uint8Array | null = null;
  for (const [k, split] of splits.entries()) {
    const started = performance.now();
    const step = await context.fresh();
    if (Object.keys(hyperparams).length > 0) step.setHyperparams(hyperparams);
    try {
      await step.fit(takeRows(context.data.x, split.train), takeTargets(context.data.y, split.train));
      const xVal = takeRows(context.data.x, split.validation);
      if (context.input === 'probabilities') {
        const { proba, classes } = await probabilities(step, xVal);
        out.predictions.push(proba);
        out.classes.push(classes);
      } else {
        const predicted = await step.transform(xVal);
        out.predictions.push(predicted);
        out.classes.push(null);
      }
      out.splitDurationsMs.push(performance.now() - started);
      if (k === 0 && context.keepModel) model = await packStep(step);
    } finally {
      if (step.isInitialized) await step.teardown();
    }
  }
  return { ...out, model };
}
