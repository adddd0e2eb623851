/**
 * A coordinator in a process of its own, for the crash test: runs (or resumes) a DistributedSearch whose pipeline
 * pauses in each fit and transform, printing one JSON line per key it writes, per trial record it sees, and the
 * result. Usage: node --import tsx coordinatorProcess.ts <redis url> <storage folder> <repository> <nTrials>
 */
import { FileSystemStorage, HoldoutSplitter } from 'ferryml';
import { DistributedSearch } from 'ferryml/distributed';
import { classificationData, searchPipeline } from './searchData.ts';
import { Pause } from './slowSteps.ts';

const [redis, folder, repository, nTrials] = process.argv.slice(2);
const print = (value: unknown) => console.log(JSON.stringify(value));
const { X, y } = classificationData(150);
const result = await new DistributedSearch({
  pipeline: searchPipeline(new Pause().setHyperparams({ delayMs: 120 })),
  metric: 'accuracy',
  validation: new HoldoutSplitter({ validationSize: 0.25 }),
  nTrials: Number(nTrials),
  seed: 3,
  storage: new FileSystemStorage(folder),
  repository,
  redis,
  pollMs: 200,
  onWrite: (key) => print({ event: 'write', key }),
  onTrial: (t) => print({ event: 'trial', index: t.index }),
}).fit(X, y);
print({
  event: 'result',
  best: result.best.index,
  trials: result.trials.map((t) => ({
    index: t.index,
    hyperparams: t.hyperparams,
    scores: t.scores,
    status: t.status,
  })),
  resumed: result.resumed,
  enqueued: result.enqueued,
  refitName: result.refitName,
});
