/**
 * The refit job in a worker, the end of a search as `AutoML` ends one: the best trial's pipeline fitted on its first
 * split, kept as `<repository>/best/trial-<index>.ferrypack`, and the best configuration fitted on all the data,
 * saved as a full dump where `TrialRepository.refitContext()` loads it (`<repository>/refit/<pipeline>`). What is
 * already there is the result of an earlier run: it is neither made nor written again.
 */
import { evaluateTrial } from '../../automl/evaluateTrial.ts';
import { TrialRepository } from '../../automl/TrialRepository.ts';
import type { RefitJobData } from '../jobs.ts';
import { type JobContext, writeResult } from './JobContext.ts';
import { freshPipeline, searchDataAt, splitterFromDescription } from './searchInputs.ts';

/** What a refit job answers. */
export interface RefitJobResult {
  /** The refit dump's name under the repository's `refit/` folder, or null without refit. */
  readonly name: string | null;
  /** Whether the best trial's fitted pipeline is kept in the repository. */
  readonly keptModel: boolean;
  readonly skipped: boolean;
}

/** Runs a refit job; see the module comment. */
export async function runRefitJob(id: string, job: RefitJobData, context: JobContext): Promise<RefitJobResult> {
  const repository = new TrialRepository(context.storage, job.repository);
  const [fresh, data] = await Promise.all([freshPipeline(context, job.pipeline), searchDataAt(context, job.data)]);
  let skipped = true;
  if (job.keepBestModel) {
    const kept = await repository.modelIndexes();
    if (!kept.includes(job.best)) {
      skipped = false;
      const splits = splitterFromDescription(id, job.splitter).splits(data.x.shape[0], job.seed);
      const out = await context.compute(() =>
        evaluateTrial({ fresh, data, splits, input: 'predictions', keepModel: true }, job.hyperparams, true),
      );
      const model = out.model;
      if (model) {
        await writeResult(context, id, `${job.repository}/best/trial-${job.best}`, () =>
          repository.writeModel(job.best, model),
        );
      }
    }
    for (const index of kept) if (index !== job.best) await repository.deleteModel(index);
  }
  let name: string | null = null;
  if (job.refit) {
    name = (await repository.refitName()) ?? null;
    if (name === null) {
      skipped = false;
      const step = await fresh();
      if (Object.keys(job.hyperparams).length > 0) step.setHyperparams(job.hyperparams);
      await context.compute(() => step.fit(data.x, data.y));
      const target = repository.refitContext();
      await writeResult(context, id, `${target.path}/${step.name}`, async () => {
        await step.save(target, { fullDump: true });
      });
      if (step.isInitialized) await step.teardown();
      name = step.name;
    }
  }
  if (skipped) context.emit({ event: 'skip', job: id, reason: 'the best model and the refit dump exist' });
  return { name, keptModel: job.keepBestModel, skipped };
}
