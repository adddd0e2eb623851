import type { DataContainer } from '../step/DataContainer.ts';
import { MetaStep } from '../step/MetaStep.ts';

/**
 * Applies the wrapped step to the expected outputs (`y`) instead of the inputs, e.g. to ravel
 * `[[0], [2]]` labels into `[0, 2]`. Inputs pass through unchanged; without `y` it does nothing.
 */
export class OutputTransformerWrapper extends MetaStep {
  override async handleFit(data: DataContainer): Promise<DataContainer> {
    return this.handleFitTransform(data);
  }

  override async handleTransform(data: DataContainer): Promise<DataContainer> {
    if (data.y === undefined) return data;
    const out = await this.wrapped.handleTransform({ x: data.y });
    return { x: data.x, y: out.x };
  }

  override async handleFitTransform(data: DataContainer): Promise<DataContainer> {
    if (data.y === undefined) return data;
    const out = await this.wrapped.handleFitTransform({ x: data.y });
    this.markFitted();
    return { x: data.x, y: out.x };
  }
}
