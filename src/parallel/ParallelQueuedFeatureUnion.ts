import type { DataContainer } from '../step/DataContainer.ts';
import { BaseQueuedPipeline, type BatchSource } from './BaseQueuedPipeline.ts';
import { concatFeatures } from './batching.ts';

/**
 * Stages side by side, each on its own workers (Neuraxle's `ParallelQueuedFeatureUnion`): every batch goes to every
 * stage at once, and their outputs are joined along the features (`[n]` outputs count as one column), in stage order.
 * Fitting fits every stage on the same data, in this thread.
 */
export class ParallelQueuedFeatureUnion extends BaseQueuedPipeline {
  override async handleFit(data: DataContainer): Promise<DataContainer> {
    for (const step of this.steps) await step.handleFit(data);
    this.markFitted();
    return data;
  }

  override async handleFitTransform(data: DataContainer): Promise<DataContainer> {
    const outs: unknown[] = [];
    for (const step of this.steps) outs.push((await step.handleFitTransform(data)).x);
    this.markFitted();
    return { x: this.join(outs), y: data.y };
  }

  protected async runInThread(data: DataContainer): Promise<DataContainer> {
    const outs: unknown[] = [];
    for (const step of this.steps) outs.push((await step.handleTransform(data)).x);
    return { x: this.join(outs), y: data.y };
  }

  protected async runBatch(batch: BatchSource, signal: AbortSignal): Promise<unknown> {
    const outs = await Promise.all(this.steps.map((_, i) => this.runStage(i, batch, batch.make, signal)));
    return this.join(outs);
  }

  private join(outs: readonly unknown[]): unknown {
    return concatFeatures(
      outs,
      this.steps.map((s) => s.name),
      `ParallelQueuedFeatureUnion "${this.name}"`,
    );
  }
}
