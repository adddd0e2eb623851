/**
 * `ferry trials <folder> [--json]`: the trials of an AutoML trial repository (the folder holding `search.json`, i.e.
 * `<storage root>/<repository name>`) and its best trial: status, mean score and the score of each split, time and
 * hyperparameters of every trial, where early stopping stopped, the best trial's model and the refit dump.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { FileSystemStorage } from '../../adapters/fs.ts';
import { searchOutcome } from '../automl/bestTrial.ts';
import { TrialRepository } from '../automl/TrialRepository.ts';
import type { SearchDescription, TrialRecord } from '../automl/trialRecord.ts';
import { FerryError } from '../errors/FerryError.ts';
import { CliNoSuchPathError } from './cliErrors.ts';

/** A folder given to `ferry trials` is not a trial repository (it has no `search.json`). */
export class CliNoTrialRepositoryError extends FerryError {
  static readonly code = 'FERRY_CLI_NO_TRIAL_REPOSITORY';
  constructor(readonly path: string) {
    super(
      CliNoTrialRepositoryError.code,
      `${path} is not a trial repository: expected ${join(path, 'search.json')} ` +
        '(the folder of an AutoML repository: <storage root>/<repository name>)',
    );
  }
}

function formatScore(value: number | null): string {
  if (value === null) return '-';
  if (!Number.isFinite(value)) return String(value);
  return value.toPrecision(6);
}

function formatValue(value: unknown): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : JSON.stringify(value);
}

function trialLine(t: TrialRecord, bestIndex: number | undefined): string {
  const mark = t.index === bestIndex ? '*' : ' ';
  const splits = t.scores.map(formatScore).join(' ');
  const time = t.durationMs === null ? '-' : `${Math.round(t.durationMs)} ms`;
  const params = Object.entries(t.hyperparams)
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(', ');
  const error = t.error ? `  ${t.error.name}${t.error.code ? ` [${t.error.code}]` : ''}: ${t.error.message}` : '';
  return `${mark}${String(t.index).padStart(5)}  ${t.status.padEnd(7)}  ${formatScore(t.score).padStart(11)}  [${splits}]  ${time}  ${params}${error}`;
}

function describeSearch(s: SearchDescription): string {
  const splitter = Object.entries(s.splitter)
    .map(([k, v]) => `${k} ${formatValue(v)}`)
    .join(', ');
  return (
    `pipeline "${s.pipeline}", metric ${s.metric.name} (${s.metric.higherIsBetter ? 'higher' : 'lower'} is better), ` +
    `${splitter}, ${String(s.sampler.sampler ?? JSON.stringify(s.sampler))} search, seed ${s.seed}, ${s.nTrials} trials` +
    (s.earlyStopping ? `, early stopping after ${s.earlyStopping.patience} without improvement` : '')
  );
}

/** Runs `ferry trials`; returns the exit code. */
export async function trialsCommand(path: string, json: boolean): Promise<number> {
  const full = resolve(path);
  if (!existsSync(full) || !statSync(full).isDirectory()) throw new CliNoSuchPathError(path);
  if (!existsSync(join(full, 'search.json'))) throw new CliNoTrialRepositoryError(path);
  const repository = new TrialRepository(new FileSystemStorage(dirname(full)), basename(full));
  const search = (await repository.readSearch()) as SearchDescription;
  const trials = await repository.readTrials();
  const { best, stoppedAt } = searchOutcome(trials, search.metric.higherIsBetter, search.earlyStopping);
  const models = await repository.modelIndexes();
  const refit = await repository.refitName();
  const modelFile =
    best && models.includes(best.index)
      ? join(path, 'best', `trial-${String(best.index).padStart(5, '0')}.ferrypack`)
      : null;
  const refitFolder = refit ? join(path, 'refit', refit) : null;
  if (json) {
    console.log(
      JSON.stringify({ search, trials, best: best ?? null, stoppedAt, model: modelFile, refit: refitFolder }, null, 2),
    );
    return 0;
  }
  const count = (status: string) => trials.filter((t) => t.status === status).length;
  console.log(`${path}: ${describeSearch(search)}`);
  console.log(
    `${trials.length} of ${search.nTrials} trials recorded: ${count('success')} succeeded, ${count('failed')} failed, ` +
      `${count('started')} started and not finished (a rerun re-runs them)\n`,
  );
  console.log(
    ` ${'trial'.padStart(5)}  ${'status'.padEnd(7)}  ${'mean score'.padStart(11)}  [per split]  time  hyperparameters`,
  );
  for (const t of trials) console.log(trialLine(t, best?.index));
  console.log('');
  if (stoppedAt !== null) console.log(`early stopping: the search stopped after trial ${stoppedAt}`);
  if (best) {
    console.log(
      `best: trial ${best.index}, ${search.metric.name} ${formatScore(best.score)}` +
        (modelFile ? `; fitted model ${modelFile}` : '') +
        (refitFolder ? `; refit on all rows ${refitFolder}` : ''),
    );
  } else console.log('best: none yet (no trial succeeded)');
  return 0;
}
