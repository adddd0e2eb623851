import { BaseSaver } from '../saving/BaseSaver.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import type { BaseQueuedPipeline } from './BaseQueuedPipeline.ts';

/**
 * The fields of a queued pipeline that describe a running process, not the pipeline: never written. `workerModule` and
 * `workerUrl` name code for workers to run, which a dump must never choose.
 */
export const LIVE_FIELDS = ['queue', 'pools', 'loadedPacks', 'onNotice', 'workerModule', 'workerUrl'] as const;

/**
 * Strips what a queued pipeline holds live — its queue, its worker pools, the dumps its workers hold, its notice
 * handler, the code its workers run — before the msgpack saver writes it (Neuraxle's `_ProducerConsumerStepSaver`, the seed's
 * `ObservableQueueStepSaver`); the loaded pipeline's `setup()` makes a new queue, and its first transform new workers.
 */
export class QueuedPipelineSaver extends BaseSaver {
  saveStep(step: BaseStep): BaseStep {
    // `step` is the save's shallow copy: the live pipeline keeps its queue and workers.
    const s = step as unknown as Partial<Record<(typeof LIVE_FIELDS)[number], unknown>>;
    for (const field of LIVE_FIELDS) delete s[field];
    return step;
  }

  canLoad(): boolean {
    return true;
  }

  loadStep(step: BaseStep): BaseStep {
    const s = step as BaseQueuedPipeline;
    s.queue = null;
    s.pools = null;
    s.loadedPacks = null;
    s.onNotice = null;
    s.workerModule = null;
    s.workerUrl = null;
    return s;
  }
}
