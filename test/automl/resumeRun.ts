/**
 * One run of the kill-and-resume test's search (resume.test.ts kills it with SIGKILL, then runs it again):
 * `resumeRun.ts <storage root> <workers>` searches with a FileSystemStorage repository under the root, printing a JSON
 * line when each trial starts and ends, and the result last.
 */
import {
  AutoML,
  BooleanDistribution,
  FileSystemStorage,
  KFoldSplitter,
  LogisticRegression,
  LogUniform,
  Pipeline,
  StandardScaler,
  TrialRepository,
} from 'ferryml';
import { classificationData } from './sklearnReference.ts';

const [root, workers] = process.argv.slice(2);
const { x, y } = classificationData(1500, 6, 5);
export const SEARCH = {
  pipeline: new Pipeline([
    new StandardScaler({ space: { withStd: new BooleanDistribution() } }),
    new LogisticRegression({ space: { C: new LogUniform(0.001, 100), fitIntercept: new BooleanDistribution() } }),
  ]).setName('resumable'),
  metric: 'logLoss' as const,
  validation: new KFoldSplitter({ k: 5 }),
  nTrials: 24,
  seed: 99,
};
const result = await new AutoML({
  ...SEARCH,
  workers: Number(workers),
  repository: new TrialRepository(new FileSystemStorage(root), 'search'),
  onTrialStart: (e) => console.log(JSON.stringify({ event: 'start', index: e.index })),
  onTrial: (e) => console.log(JSON.stringify({ event: 'done', index: e.trial.index })),
}).fit(x, y);
console.log(
  JSON.stringify({
    event: 'result',
    best: result.best,
    trials: result.trials,
    resumed: result.resumed,
    ran: result.ran,
  }),
);
