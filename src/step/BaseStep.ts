import { LifecycleError, UnknownHyperparameterError } from '../errors/index.ts';
import type { Distribution } from '../hyperparams/index.ts';
import {
  flattenHyperparams,
  HyperparameterSamples,
  HyperparameterSpace,
  type HyperparameterValue,
  type NestedRecord,
} from '../hyperparams/index.ts';
import type { BaseSaver } from '../saving/BaseSaver.ts';
import { ExecutionContext } from '../saving/ExecutionContext.ts';
import { MsgpackStepSaver } from '../saving/MsgpackStepSaver.ts';
import { type SaveOptions, saveStepTree } from '../saving/stepTree.ts';
import { STEP_BRAND } from './brand.ts';
import type { DataContainer } from './DataContainer.ts';

/** Hyperparameter values as users pass them: flat `a__b` names, nested objects, or samples. */
export type HyperparamsInput = HyperparameterSamples | Record<string, unknown>;
/** A space as users pass it: flat or nested distributions, or a space. */
export type SpaceInput = HyperparameterSpace | Record<string, unknown>;

/** Options every step constructor accepts. */
export interface StepOptions {
  /** Unique name among its siblings; the folder it is saved in. Defaults to the class name. */
  readonly name?: string;
  /** Initial hyperparameter values (override the step's defaults). */
  readonly hyperparams?: HyperparamsInput;
  /** Distributions to sample hyperparameters from. */
  readonly space?: SpaceInput;
  /** Extra savers for what the msgpack saver cannot write. */
  readonly savers?: readonly BaseSaver[];
}

/**
 * A pipeline step with Neuraxle's lifecycle, made async:
 * `new Step(options)` → `setHyperparams()` → `setup()` → `fit()` / `transform()` / `fitTransform()`
 * → `save(context, {fullDump})` → `teardown()`.
 *
 * Implement a step by overriding {@link transformStep} (and {@link fitStep} plus
 * `requiresFit = true` for steps that learn). Heavy resources belong in {@link setup}, never in the
 * constructor. Fields of a step are what gets saved: keep live resources in fields a saver strips.
 */
export abstract class BaseStep<X = unknown, Y = unknown> {
  /** Unique name among siblings, and the folder the step is saved in. */
  name: string;
  /** This step's own hyperparameter values (flat names). */
  hyperparams: HyperparameterSamples;
  /** This step's own hyperparameter space. */
  space: HyperparameterSpace;
  /** Savers run before the msgpack saver (which is implicit and always last on save). */
  savers: BaseSaver[];
  /** Whether `setup()` has run (and `teardown()` has not). Never saved. */
  isInitialized = false;
  /** Whether the step changed since it was last saved. Never saved. */
  isInvalidated = true;
  /** When true, train-only steps also run on `transform()`. Never saved: loaded steps infer. */
  isTrain = false;
  /** Whether `fit()` has run. */
  isFitted = false;

  constructor(options: StepOptions = {}) {
    this.name = options.name ?? new.target.name;
    const defaults = this.defaultHyperparams();
    this.hyperparams = new HyperparameterSamples(defaults);
    this.space = new HyperparameterSpace({});
    this.savers = (options.savers ?? []).filter((s) => !(s instanceof MsgpackStepSaver));
    if (options.hyperparams) this.setOwnHyperparams(toRecord(options.hyperparams));
    if (options.space) this.setOwnSpace(toRecord(options.space));
  }

  /** Default values of this step's hyperparameters; their keys are the valid names. */
  protected defaultHyperparams(): Record<string, HyperparameterValue> {
    return {};
  }

  /** Whether `transform()` needs a prior `fit()`. */
  get requiresFit(): boolean {
    return false;
  }

  /** Steps held by this step (meta steps override). */
  getChildren(): BaseStep[] {
    return [];
  }

  /** Renames the step; returns it for chaining. */
  setName(name: string): this {
    this.name = name;
    this.isInvalidated = true;
    return this;
  }

  /** Every savers of this step in load order: the msgpack saver first, then {@link savers}. */
  get allSavers(): BaseSaver[] {
    return [new MsgpackStepSaver(), ...this.savers];
  }

  // ---------------------------------------------------------------- hyperparameters

  /** Names this step itself accepts (not its children's). */
  ownHyperparamNames(): string[] {
    return Object.keys(this.defaultHyperparams());
  }

  /** Every hyperparameter of this step and its children, with flat `child__name` names. */
  getHyperparams(): HyperparameterSamples {
    let all = new HyperparameterSamples(this.hyperparams.toFlat());
    for (const child of this.getChildren()) all = all.merge(child.getHyperparams().withPrefix(child.name));
    return all;
  }

  /** Every hyperparameter distribution of this step and its children, with flat names. */
  getHyperparamsSpace(): HyperparameterSpace {
    let all = new HyperparameterSpace(this.space.toFlat());
    for (const child of this.getChildren()) all = all.merge(child.getHyperparamsSpace().withPrefix(child.name));
    return all;
  }

  /**
   * Sets hyperparameters by flat (`LogisticRegression__C`) or nested (`{LogisticRegression: {C: 1}}`)
   * names. A name that matches no step or hyperparameter is an {@link UnknownHyperparameterError}
   * listing the valid names (Neuraxle ignores misspellings silently). A value given under one of a
   * step's own names is that value, even when it is an object. Invalidates the step.
   */
  setHyperparams(values: HyperparamsInput): this {
    this.routeHyperparams(toRecord(values), (step, own) => step.setOwnHyperparams(own));
    return this;
  }

  /** Sets hyperparameter distributions by flat or nested names, like {@link setHyperparams}. */
  setHyperparamsSpace(space: SpaceInput): this {
    this.routeHyperparams(toRecord(space), (step, own) => step.setOwnSpace(own));
    return this;
  }

  /** Samples the whole space (this step and its children) and sets the samples. */
  sampleHyperparams(seed: number): HyperparameterSamples {
    const samples = this.getHyperparamsSpace().rvs(seed);
    this.setHyperparams(samples);
    return samples;
  }

  /**
   * Turns the values given for this step's own names into what its hyperparameters store (for
   * example `{label: weight}` into a list). The default keeps them as they are.
   */
  protected normalizeHyperparams(own: Record<string, unknown>): Record<string, unknown> {
    return own;
  }

  private routeHyperparams(
    values: Record<string, unknown>,
    apply: (step: BaseStep, own: Record<string, unknown>) => void,
  ): void {
    const own: Record<string, unknown> = {};
    const perChild = new Map<BaseStep, Record<string, unknown>>();
    const children = new Map(this.getChildren().map((c) => [c.name, c] as const));
    const ownNames = new Set(this.ownHyperparamNames());
    const forChild = (child: BaseStep): Record<string, unknown> => {
      const rec = perChild.get(child) ?? {};
      perChild.set(child, rec);
      return rec;
    };
    for (const [key, value] of Object.entries(values)) {
      const cut = key.indexOf('__');
      const head = cut < 0 ? key : key.slice(0, cut);
      if (ownNames.has(key) || (cut >= 0 && ownNames.has(head))) {
        own[key] = value;
      } else if (cut >= 0 && children.has(head)) {
        forChild(children.get(head) as BaseStep)[key.slice(cut + 2)] = value;
      } else if (cut < 0 && children.has(key) && isPlainObject(value)) {
        Object.assign(forChild(children.get(key) as BaseStep), value);
      } else {
        throw new UnknownHyperparameterError(this.name, key, this.getHyperparams().keys());
      }
    }
    for (const [child, rec] of perChild) child.routeHyperparams(rec, apply);
    if (Object.keys(own).length > 0) apply(this, own);
    this.isInvalidated = true;
  }

  /** Own values: given under own names, or nested under a name (`{a: {b: 1}}` for `a__b`). */
  private ownRecord(values: Record<string, unknown>): Record<string, unknown> {
    const names = new Set(this.ownHyperparamNames());
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      if (!names.has(key) && isPlainObject(value)) {
        for (const [k, v] of Object.entries(flattenHyperparams<unknown>(value as NestedRecord<unknown>))) {
          out[`${key}__${k}`] = v;
        }
      } else out[key] = value;
    }
    return out;
  }

  private setOwnHyperparams(values: Record<string, unknown>): void {
    const own = this.normalizeHyperparams(this.ownRecord(values));
    const valid = this.ownHyperparamNames();
    for (const key of Object.keys(own)) {
      if (!valid.includes(key)) throw new UnknownHyperparameterError(this.name, key, valid);
    }
    this.hyperparams = this.hyperparams.merge(new HyperparameterSamples(own as Record<string, HyperparameterValue>));
    this.isInvalidated = true;
  }

  private setOwnSpace(space: Record<string, unknown>): void {
    const own = this.ownRecord(space);
    const valid = this.ownHyperparamNames();
    for (const key of Object.keys(own)) {
      if (!valid.includes(key)) throw new UnknownHyperparameterError(this.name, key, valid);
    }
    this.space = this.space.merge(new HyperparameterSpace(own as Record<string, Distribution | HyperparameterValue>));
    this.isInvalidated = true;
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Creates heavy resources (kernels, backends, queues). Runs automatically before the first
   * fit/transform; calling it on an initialised step is a {@link LifecycleError}.
   */
  async setup(_context?: ExecutionContext): Promise<this> {
    if (this.isInitialized) throw new LifecycleError(this.name, 'setup() called twice; call teardown() first');
    this.isInitialized = true;
    return this;
  }

  /** Releases what {@link setup} created; the step can be set up again later. */
  async teardown(): Promise<this> {
    for (const child of this.getChildren()) if (child.isInitialized) await child.teardown();
    this.isInitialized = false;
    return this;
  }

  /** Sets up this step and its children where they are not yet. */
  async ensureSetup(context?: ExecutionContext): Promise<void> {
    for (const child of this.getChildren()) await child.ensureSetup(context);
    if (!this.isInitialized) await this.setup(context);
  }

  /** Puts this step and its children in training mode (train-only steps run on transform too) or not. */
  setTrain(isTrain = true): this {
    this.isTrain = isTrain;
    for (const child of this.getChildren()) child.setTrain(isTrain);
    return this;
  }

  /** Fits the step on inputs `x` and expected outputs `y`. */
  async fit(x: X, y?: Y): Promise<this> {
    await this.ensureSetup();
    await this.handleFit({ x, y });
    return this;
  }

  /** Transforms `x` (predicts, for models). */
  async transform(x: X): Promise<unknown> {
    await this.ensureSetup();
    return (await this.handleTransform({ x })).x;
  }

  /** Fits, then transforms the same inputs. */
  async fitTransform(x: X, y?: Y): Promise<unknown> {
    await this.ensureSetup();
    return (await this.handleFitTransform({ x, y })).x;
  }

  /** Saves the step (and its children) under `context`; see {@link SaveOptions}. */
  async save(context: ExecutionContext | string, options: SaveOptions = {}): Promise<this> {
    const ctx = typeof context === 'string' ? new ExecutionContext(context) : context;
    await saveStepTree(this, ctx, options);
    return this;
  }

  // ---------------------------------------------------------------- data-container handlers

  /** Fits on a data container (meta steps and wrappers override these three). */
  async handleFit(data: DataContainer): Promise<DataContainer> {
    await this.fitStep(data.x as X, data.y as Y);
    this.markFitted();
    return data;
  }

  /** Transforms a data container. */
  async handleTransform(data: DataContainer): Promise<DataContainer> {
    this.assertFitted();
    return { x: await this.transformStep(data.x as X), y: data.y };
  }

  /** Fits and transforms a data container. */
  async handleFitTransform(data: DataContainer): Promise<DataContainer> {
    const out = await this.fitTransformStep(data.x as X, data.y as Y);
    this.markFitted();
    return { x: out, y: data.y };
  }

  /** Records that the step was fitted (and so changed since its last save). */
  protected markFitted(): void {
    this.isFitted = true;
    this.isInvalidated = true;
  }

  /** A {@link LifecycleError} when the step needs fitting and was not fitted. */
  protected assertFitted(): void {
    if (this.requiresFit && !this.isFitted) throw new LifecycleError(this.name, 'transform() called before fit()');
  }

  // ---------------------------------------------------------------- what a step implements

  /** Learns from `x` and `y`. Non-fittable steps keep this no-op. */
  protected fitStep(_x: X, _y: Y | undefined): void | Promise<void> {}

  /** Computes the step's output for `x`. */
  protected abstract transformStep(x: X): unknown | Promise<unknown>;

  /** Fits then transforms; override when both can share work. */
  protected async fitTransformStep(x: X, y: Y | undefined): Promise<unknown> {
    await this.fitStep(x, y);
    this.markFitted();
    return this.transformStep(x);
  }
}
Object.defineProperty(BaseStep.prototype, STEP_BRAND, { value: true });

/** A plain record of what users pass (samples and spaces as their flat records). */
function toRecord(values: HyperparamsInput | SpaceInput): Record<string, unknown> {
  if (values instanceof HyperparameterSamples || values instanceof HyperparameterSpace) return values.toFlat();
  return values as Record<string, unknown>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
