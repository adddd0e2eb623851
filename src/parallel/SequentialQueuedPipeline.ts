import type { DataContainer } from '../step/DataContainer.ts';
import { transformChain } from '../step/stepChain.ts';
import { BaseQueuedPipeline, type BatchSource } from './BaseQueuedPipeline.ts';

/**
 * Stages in sequence, each on its own workers (Neuraxle's `SequentialQueuedPipeline`): batch `i` goes through stage 1's
 * workers, then stage 2's, while batch `i + 1` is already in stage 1, and the outputs come back in input order.
 *
 * ```ts
 * const p = new SequentialQueuedPipeline([new StandardScaler(), ['reduce', 2, new PCA()], new KMeans()],
 *   { workers: 1, batchSize: 10_000 });
 * await p.fit(X);               // in this thread, on all of X
 * const labels = await p.transform(X);   // in batches on 4 workers (1 + 2 + 1)
 * await p.teardown();           // ends every worker
 * ```
 */
export class SequentialQueuedPipeline extends BaseQueuedPipeline {
  protected runInThread(data: DataContainer): Promise<DataContainer> {
    return transformChain(this.steps, data);
  }

  protected async runBatch(batch: BatchSource, signal: AbortSignal): Promise<unknown> {
    let value: unknown;
    for (let i = 0; i < this.steps.length; i++) {
      const input = value;
      value = await this.runStage(i, batch, i === 0 ? batch.make : () => ({ value: input, owned: false }), signal);
    }
    return value;
  }
}
