import { BaseStep, type StepOptions } from './BaseStep.ts';
import type { DataContainer } from './DataContainer.ts';

/**
 * A step that wraps one other step and forwards the lifecycle to it. Its hyperparameters are
 * reachable as `<wrapped name>__<name>`. Subclasses change how data reaches the wrapped step.
 */
export abstract class MetaStep extends BaseStep {
  /** The wrapped step (saved in the sub-folder of its name). */
  wrapped: BaseStep;

  constructor(wrapped: BaseStep, options: StepOptions = {}) {
    super(options);
    this.wrapped = wrapped;
  }

  override getChildren(): BaseStep[] {
    return [this.wrapped];
  }

  override async handleFit(data: DataContainer): Promise<DataContainer> {
    const out = await this.wrapped.handleFit(data);
    this.markFitted();
    return out;
  }

  override async handleTransform(data: DataContainer): Promise<DataContainer> {
    return this.wrapped.handleTransform(data);
  }

  override async handleFitTransform(data: DataContainer): Promise<DataContainer> {
    const out = await this.wrapped.handleFitTransform(data);
    this.markFitted();
    return out;
  }

  protected transformStep(x: unknown): Promise<unknown> {
    return this.wrapped.transform(x);
  }
}
