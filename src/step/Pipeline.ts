import { FerryError } from '../errors/index.ts';
import { ExecutionContext } from '../saving/ExecutionContext.ts';
import type { SaveOptions } from '../saving/stepTree.ts';
import { BaseStep, type StepOptions } from './BaseStep.ts';
import type { DataContainer } from './DataContainer.ts';
import { fitChain, fitTransformChain, transformChain } from './stepChain.ts';

/** Options of a {@link Pipeline}. */
export interface PipelineOptions extends StepOptions {
  /** Root folder (or storage) used by `save()` when no context is given (Neuraxle's `cache_folder`). */
  readonly cacheFolder?: string;
}

/** A step given by itself, or as `[name, step]` (the step is renamed). */
export type PipelineEntry = BaseStep | readonly [string, BaseStep];

/**
 * Steps run in sequence: `fit` fit-transforms every step but the last and fits the last;
 * `transform` transforms through all of them. Step names must be unique; their hyperparameters
 * are reachable as `<step>__<name>` (nested: `<step>__<child>__<name>`).
 */
export class Pipeline extends BaseStep {
  /** The steps, in order. */
  steps: BaseStep[];
  /** Default root for `save()` without a context, or null. */
  cacheFolder: string | null;

  constructor(steps: readonly PipelineEntry[], options: PipelineOptions = {}) {
    super(options);
    this.steps = steps.map((entry) =>
      Array.isArray(entry) ? (entry[1] as BaseStep).setName(entry[0]) : (entry as BaseStep),
    );
    const seen = new Set<string>();
    for (const s of this.steps) {
      if (seen.has(s.name)) {
        throw new FerryError(
          'FERRY_DUPLICATE_STEP_NAME',
          `Pipeline "${this.name}" has two steps named "${s.name}"; rename one with setName() or [name, step]`,
        );
      }
      seen.add(s.name);
    }
    this.cacheFolder = options.cacheFolder ?? null;
  }

  override getChildren(): BaseStep[] {
    return this.steps;
  }

  /** The step named `name`; a FerryError listing the names when there is none. */
  getStep(name: string): BaseStep {
    const s = this.steps.find((st) => st.name === name);
    if (!s)
      throw new FerryError(
        'FERRY_NO_SUCH_STEP',
        `Pipeline "${this.name}" has no step "${name}"; steps: ${this.steps.map((st) => st.name).join(', ')}`,
      );
    return s;
  }

  /** Saves to `context`, or to the pipeline's `cacheFolder` when no context is given. */
  override async save(context?: ExecutionContext | string, options: SaveOptions = {}): Promise<this> {
    const ctx = context ?? this.cacheFolder;
    if (ctx === null) {
      throw new FerryError(
        'FERRY_NO_SAVE_LOCATION',
        `Pipeline "${this.name}": pass an ExecutionContext to save() or set cacheFolder`,
      );
    }
    return super.save(typeof ctx === 'string' ? new ExecutionContext(ctx) : ctx, options);
  }

  override async handleFit(data: DataContainer): Promise<DataContainer> {
    const dc = await fitChain(this.steps, data);
    this.markFitted();
    return dc;
  }

  override async handleTransform(data: DataContainer): Promise<DataContainer> {
    return transformChain(this.steps, data);
  }

  override async handleFitTransform(data: DataContainer): Promise<DataContainer> {
    const dc = await fitTransformChain(this.steps, data);
    this.markFitted();
    return dc;
  }

  protected async transformStep(x: unknown): Promise<unknown> {
    return (await this.handleTransform({ x })).x;
  }
}
