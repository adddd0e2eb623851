import type { DataContainer } from '../step/DataContainer.ts';
import { MetaStep } from '../step/MetaStep.ts';

/**
 * Runs the wrapped step only while training: on `fit`/`fitTransform`, and on `transform` only
 * after `setTrain(true)`. Loaded pipelines are in inference mode, so the wrapped step is skipped.
 */
export class TrainOnlyWrapper extends MetaStep {
  override async handleTransform(data: DataContainer): Promise<DataContainer> {
    return this.isTrain ? this.wrapped.handleTransform(data) : data;
  }
}
