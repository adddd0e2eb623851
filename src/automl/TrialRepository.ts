/**
 * A search's trials kept in any {@link StorageAdapter} (Neuraxle's `HyperparamsJSONRepository`), under one name:
 *
 * - `<name>/search.json`: what the search is (pipeline, space and data hashes, metric, splitter, sampler, seed);
 * - `<name>/trials/<index>.json`: one record per trial (hyperparameters, scores per split, status, timings);
 * - `<name>/best/trial-<index>.ferrypack`: the fitted pipeline of the best trial (fitted on its first split);
 * - `<name>/refit/<pipeline>/…`: with `refit`, the best configuration fitted on all the data (a dump).
 *
 * Each record is one key written whole (adapters write keys atomically), so a run killed at any moment leaves every
 * record either as it was or as it became: a rerun keeps the finished trials and re-runs the others.
 */
import { MemoryStorage } from '../../adapters/memory.ts';
import { PackStorage } from '../../adapters/pack.ts';
import { hasErrorCode, NotFoundError } from '../errors/index.ts';
import { ExecutionContext } from '../saving/ExecutionContext.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import { joinStoragePath, validateStoragePath } from '../storage/validateStoragePath.ts';
import { TrialRepositoryMismatchError } from './errors.ts';
import {
  checkSearchDescription,
  checkTrialRecord,
  decodeRecord,
  encodeRecord,
  type SearchDescription,
  type TrialRecord,
} from './trialRecord.ts';

const TRIAL_FILE = /^(\d+)\.json$/;
const MODEL_FILE = /^trial-(\d+)\.ferrypack$/;

function pad(index: number): string {
  return String(index).padStart(5, '0');
}

/** See the module comment. */
export class TrialRepository {
  /** The name (a storage path) the search's records live under. */
  readonly name: string;

  constructor(
    readonly storage: StorageAdapter,
    name: string,
  ) {
    this.name = validateStoragePath(name);
  }

  /** A repository in memory (lost with the process; for searches that need no resumption). */
  static inMemory(name = 'search'): TrialRepository {
    return new TrialRepository(new MemoryStorage(), name);
  }

  private key(...parts: string[]): string {
    return joinStoragePath(this.name, ...parts);
  }

  /** The search recorded here, or undefined when there is none. */
  async readSearch(): Promise<SearchDescription | undefined> {
    const key = this.key('search.json');
    let bytes: Uint8Array;
    try {
      bytes = await this.storage.read(key);
    } catch (error) {
      if (hasErrorCode(error, NotFoundError.code)) return undefined;
      throw error;
    }
    return checkSearchDescription(decodeRecord(bytes, key), key);
  }

  /**
   * Starts or resumes `search`: records it when the repository is empty, or checks it equals the one recorded (a
   * {@link TrialRepositoryMismatchError} listing what differs otherwise). Returns the trials recorded so far.
   */
  async begin(search: SearchDescription): Promise<TrialRecord[]> {
    const recorded = await this.readSearch();
    if (!recorded) {
      await this.storage.write(this.key('search.json'), encodeRecord(search));
      return this.readTrials();
    }
    const differences: string[] = [];
    const mine = search as unknown as Record<string, unknown>;
    const theirs = recorded as unknown as Record<string, unknown>;
    for (const field of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
      const a = JSON.stringify(theirs[field]);
      const b = JSON.stringify(mine[field]);
      if (a !== b) differences.push(`${field}: recorded ${a ?? 'nothing'}, now ${b ?? 'nothing'}`);
    }
    if (differences.length > 0) throw new TrialRepositoryMismatchError(this.name, differences);
    return this.readTrials();
  }

  /** Every trial record, by index. */
  async readTrials(): Promise<TrialRecord[]> {
    const prefix = this.key('trials');
    const out: TrialRecord[] = [];
    for (const key of await this.storage.list(prefix)) {
      const file = key.slice(prefix.length + 1);
      const m = TRIAL_FILE.exec(file);
      if (!m) continue;
      out.push(checkTrialRecord(decodeRecord(await this.storage.read(key), key), key, Number(m[1])));
    }
    return out.sort((a, b) => a.index - b.index);
  }

  /** Writes (replaces) a trial's record, atomically. */
  async writeTrial(record: TrialRecord): Promise<void> {
    await this.storage.write(this.key('trials', `${pad(record.index)}.json`), encodeRecord(record));
  }

  /** Keeps `pack` as the fitted pipeline of trial `index`. */
  async writeModel(index: number, pack: Uint8Array): Promise<void> {
    await this.storage.write(this.key('best', `trial-${pad(index)}.ferrypack`), pack);
  }

  /** Trials whose fitted pipeline is kept. */
  async modelIndexes(): Promise<number[]> {
    const prefix = this.key('best');
    const out: number[] = [];
    for (const key of await this.storage.list(prefix)) {
      const m = MODEL_FILE.exec(key.slice(prefix.length + 1));
      if (m) out.push(Number(m[1]));
    }
    return out.sort((a, b) => a - b);
  }

  /** Drops trial `index`'s fitted pipeline. */
  async deleteModel(index: number): Promise<void> {
    await this.storage.delete(this.key('best', `trial-${pad(index)}.ferrypack`));
  }

  /** The pack bytes of trial `index`'s fitted pipeline. */
  async readModel(index: number): Promise<Uint8Array> {
    return this.storage.read(this.key('best', `trial-${pad(index)}.ferrypack`));
  }

  /** Trial `index`'s fitted pipeline (fitted on its first split), loaded without source. */
  async loadModel(index: number): Promise<BaseStep> {
    const storage = new PackStorage(await this.readModel(index), `trial-${pad(index)}.ferrypack`);
    return new ExecutionContext(storage).load(await storage.root());
  }

  /** Where `refit` saves: load with `repository.refitContext().load(pipelineName)`. */
  refitContext(): ExecutionContext {
    return new ExecutionContext(this.storage, [this.name, 'refit']);
  }

  /** The name of the refit dump when there is one. */
  async refitName(): Promise<string | undefined> {
    const prefix = this.key('refit');
    const keys = await this.storage.list(prefix);
    for (const key of keys) {
      const parts = key.slice(prefix.length + 1).split('/');
      if (parts.length === 2 && parts[1] === `${parts[0]}.ferry`) return parts[0];
    }
    return undefined;
  }
}
