import * as tf from '@tensorflow/tfjs';
import { CheckpointError } from '../errors/modelErrors.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import {
  type CheckpointEntry,
  type CheckpointManifest,
  checkpointFolder,
  readManifest,
  writeManifest,
} from './checkpointManifest.ts';
import { type CheckpointMode, deriveCheckpointMode } from './checkpointMode.ts';
import { loadOptimizerState, saveOptimizerState } from './optimizerState.ts';
import { applyParameters, encodeParameters } from './parameters.ts';

/** Options of a {@link Checkpointer}. */
export interface CheckpointerOptions {
  /** Where checkpoints go. */
  readonly storage: StorageAdapter;
  /** Folder (storage key prefix) of the checkpoints: `<root>/epoch-NNNN/`, `<root>/checkpoints.json`. */
  readonly root: string;
  /** The model to save; set automatically when the checkpointer is a `model.fit` callback. */
  readonly model?: tf.LayersModel;
  /** The logged metric that decides the best checkpoint (default `'val_loss'`). */
  readonly monitor?: string;
  /** `'min'` or `'max'`; derived from {@link monitor}'s name when omitted (losses min, accuracies max). */
  readonly mode?: CheckpointMode;
  /** How many of the most recent checkpoints to keep besides the best one (default 3, at least 1). */
  readonly keep?: number;
}

/** What {@link Checkpointer.resume} restored. */
export interface ResumeResult extends CheckpointEntry {
  /** Pass as `model.fit(x, y, {initialEpoch, epochs})` to continue counting epochs. */
  readonly initialEpoch: number;
  /** Whether optimizer state was restored (false when the checkpoint had none). */
  readonly optimizerRestored: boolean;
}

/** Which checkpoint {@link Checkpointer.resume} restores: the latest, the best, or an epoch. */
export type ResumeFrom = 'latest' | 'best' | number;

/** Metrics as tfjs logs them: numbers, or scalar tensors not yet read. */
export type EpochLogs = Readonly<Record<string, number | tf.Scalar>> | undefined;

/**
 * Saves a model after every epoch under `<root>/epoch-NNNN/` (weights with stable names, plus the
 * optimizer's state), tracks a monitored metric, keeps the best checkpoint and the last `keep`, and
 * resumes training: weights, optimizer state and the epoch counter. Use it as a `model.fit` callback
 * (`callbacks: [checkpointer]`) or by hand with {@link save}. Its bookkeeping lives in
 * `<root>/checkpoints.json`, so a new process picks up where the last one stopped.
 */
export class Checkpointer extends tf.Callback {
  readonly storage: StorageAdapter;
  readonly root: string;
  readonly monitor: string;
  readonly mode: CheckpointMode;
  readonly keep: number;
  private manifest: CheckpointManifest | undefined;
  private loaded = false;

  constructor(options: CheckpointerOptions) {
    super();
    this.storage = options.storage;
    this.root = options.root;
    this.monitor = options.monitor ?? 'val_loss';
    const mode = options.mode ?? deriveCheckpointMode(this.monitor);
    if (mode !== 'min' && mode !== 'max') {
      throw new CheckpointError(
        this.root,
        options.mode === undefined
          ? `cannot tell whether "${this.monitor}" should go down or up; pass mode: 'min' or 'max'`
          : `mode must be 'min' or 'max', got ${JSON.stringify(options.mode)}`,
      );
    }
    this.mode = mode;
    const keep = options.keep ?? 3;
    if (!Number.isInteger(keep) || keep < 1)
      throw new CheckpointError(this.root, `keep must be an integer >= 1, got ${keep}`);
    this.keep = keep;
    if (options.model) this.setModel(options.model);
  }

  /** tfjs callback: saves the checkpoint of the epoch that just ended (tfjs counts epochs from 0). */
  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    await this.save(epoch + 1, logs);
  }

  /**
   * Saves the checkpoint after `epoch` completed epochs with their `logs`, then drops checkpoints
   * that are neither the best nor among the last `keep`. A checkpoint of the same or a later epoch
   * (left by an earlier run that was resumed from before it) is replaced.
   */
  async save(epoch: number, logs?: EpochLogs): Promise<CheckpointEntry> {
    const model = this.requireModel();
    if (!Number.isInteger(epoch) || epoch < 0)
      throw new CheckpointError(this.root, `epoch must be a non-negative integer, got ${epoch}`);
    const numbers = await readLogs(logs);
    if (!Object.hasOwn(numbers, this.monitor)) {
      throw new CheckpointError(
        this.root,
        `the monitored metric "${this.monitor}" is not in the epoch's logs (${Object.keys(numbers).join(', ') || 'none'}); ` +
          'pass monitor: one of them (e.g. "loss" when fit has no validation data)',
      );
    }
    const raw = numbers[this.monitor];
    const value = Number.isFinite(raw) ? raw : null;
    const folder = checkpointFolder(this.root, epoch);
    await this.storage.write(`${folder}/weights.ferry`, await encodeParameters(model, `${folder}/weights.ferry`));
    if (model.optimizer) await saveOptimizerState(model, model.optimizer, this.storage, `${folder}/optimizer.ferry`);
    else await this.storage.delete(`${folder}/optimizer.ferry`);
    const entry: CheckpointEntry = { epoch, value, path: folder, logs: numbers };
    const previous = await this.current();
    const entries = [...(previous?.entries ?? []).filter((e) => e.epoch < epoch), entry];
    const best = bestOf(entries, this.mode);
    const recent = new Set(entries.slice(-this.keep).map((e) => e.epoch));
    const kept = entries.filter((e) => recent.has(e.epoch) || e.epoch === best?.epoch);
    const dropped = [...(previous?.entries ?? []), entry].filter((e) => !kept.some((k) => k.epoch === e.epoch));
    this.manifest = { format: 1, monitor: this.monitor, mode: this.mode, entries: kept, best: best?.epoch ?? null };
    await writeManifest(this.storage, this.root, this.manifest);
    for (const e of dropped) await this.storage.delete(e.path);
    return entry;
  }

  /** The checkpoint with the best monitored value, or null. */
  async best(): Promise<CheckpointEntry | null> {
    const m = await this.current();
    return m?.entries.find((e) => e.epoch === m.best) ?? null;
  }

  /** The most recent checkpoint, or null. */
  async latest(): Promise<CheckpointEntry | null> {
    const m = await this.current();
    return m && m.entries.length > 0 ? m.entries[m.entries.length - 1] : null;
  }

  /** Every kept checkpoint, oldest first. */
  async list(): Promise<readonly CheckpointEntry[]> {
    return (await this.current())?.entries ?? [];
  }

  /**
   * Restores a checkpoint into the model: its weights, the optimizer's state (compile the model with
   * the same optimizer first) and the epoch counter, returned as `initialEpoch` for `model.fit`.
   */
  async resume(from: ResumeFrom = 'latest'): Promise<ResumeResult> {
    const model = this.requireModel();
    const entry =
      from === 'latest'
        ? await this.latest()
        : from === 'best'
          ? await this.best()
          : (await this.list()).find((e) => e.epoch === from);
    if (!entry) throw new CheckpointError(this.root, `no checkpoint to resume from (${String(from)})`);
    const weightsPath = `${entry.path}/weights.ferry`;
    await applyParameters(model, await this.storage.read(weightsPath), weightsPath);
    const optimizerPath = `${entry.path}/optimizer.ferry`;
    const hasOptimizer = (await this.storage.list(entry.path)).includes(optimizerPath);
    if (hasOptimizer) {
      if (!model.optimizer) {
        throw new CheckpointError(
          this.root,
          `${optimizerPath} holds optimizer state: compile the model before resume()`,
        );
      }
      await loadOptimizerState(model, model.optimizer, this.storage, optimizerPath, this.root);
    }
    return { ...entry, initialEpoch: entry.epoch, optimizerRestored: hasOptimizer };
  }

  private requireModel(): tf.LayersModel {
    const model = this.model as tf.LayersModel | null | undefined;
    if (!model)
      throw new CheckpointError(this.root, 'no model: pass {model} or use the checkpointer as a model.fit callback');
    return model;
  }

  /** The manifest, read from storage once (checked against this checkpointer's monitor and mode). */
  private async current(): Promise<CheckpointManifest | undefined> {
    if (!this.loaded) {
      const stored = await readManifest(this.storage, this.root);
      if (stored && (stored.monitor !== this.monitor || stored.mode !== this.mode)) {
        throw new CheckpointError(
          this.root,
          `the checkpoints there track "${stored.monitor}" (${stored.mode}), this checkpointer "${this.monitor}" (${this.mode}); use another root`,
        );
      }
      this.manifest = stored;
      this.loaded = true;
    }
    return this.manifest;
  }
}

/** The entry with the best finite value (the earliest among equals), or undefined. */
function bestOf(entries: readonly CheckpointEntry[], mode: CheckpointMode): CheckpointEntry | undefined {
  let best: CheckpointEntry | undefined;
  for (const e of entries) {
    if (e.value === null) continue;
    if (!best || (mode === 'min' ? e.value < (best.value as number) : e.value > (best.value as number))) best = e;
  }
  return best;
}

/** Logs with scalar tensors read into numbers. */
async function readLogs(logs: EpochLogs): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(logs ?? {})) out[key] = typeof v === 'number' ? v : (await v.data())[0];
  return out;
}
