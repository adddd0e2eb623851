import type { ClassSchema } from '../schema/ClassSchema.ts';
import { t } from '../schema/fieldTypes.ts';

/**
 * Saved fields of {@link SequentialQueuedPipeline} and {@link ParallelQueuedFeatureUnion}. Their live fields (queue,
 * worker pools, the module and entry workers run) are removed by {@link QueuedPipelineSaver} and never written.
 */
export const QUEUED_PIPELINE_SCHEMA: ClassSchema = {
  kind: 'step',
  fields: {
    steps: {
      type: t.list(t.step(), { unique: true }),
      doc: 'the stages in order: references to distinct child folders',
    },
    stageWorkers: { type: t.list(t.integer(0)), doc: 'workers of each stage (0: in the calling thread), at most 256' },
    batchSize: { type: t.integer(1), doc: 'rows per batch when transform() cuts its input' },
    maxQueueSize: { type: t.integer(1), doc: 'batches that may wait for a worker beyond one per worker' },
    batchTimeoutMs: { type: t.nullable(t.integer(1)), doc: 'per-batch time limit in ms, or null' },
  },
  hyperparameters: {},
  rules: [
    {
      doc: 'Every entry of `stageWorkers` is at most 256.',
      check: (fields) => {
        const workers = fields.stageWorkers as number[];
        const i = workers.findIndex((w) => w > 256);
        return i < 0 ? undefined : { field: `stageWorkers[${i}]`, expected: 'at most 256', found: String(workers[i]) };
      },
    },
    {
      doc: '`stageWorkers` has one entry per step of `steps`.',
      check: (fields) => {
        const steps = fields.steps as unknown[];
        const workers = fields.stageWorkers as unknown[];
        return steps.length === workers.length
          ? undefined
          : { field: 'stageWorkers', expected: `${steps.length} entries (one per stage)`, found: `${workers.length}` };
      },
    },
  ],
};

/** Saved fields of {@link QueuedPipelineSaver} (none). */
export const QUEUED_PIPELINE_SAVER_SCHEMA: ClassSchema = { kind: 'object', fields: {} };
