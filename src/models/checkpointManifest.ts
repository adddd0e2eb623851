import { NotFoundError } from '../errors/index.ts';
import { CheckpointError } from '../errors/modelErrors.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import type { CheckpointMode } from './checkpointMode.ts';

/** One saved checkpoint. */
export interface CheckpointEntry {
  /** Epochs completed when it was saved (`initialEpoch` to resume `model.fit` from). */
  readonly epoch: number;
  /** The monitored metric's value (null when it was not a finite number). */
  readonly value: number | null;
  /** Its folder, `<root>/epoch-NNNN`. */
  readonly path: string;
  /** Every metric logged for the epoch. */
  readonly logs: Readonly<Record<string, number>>;
}

/** `<root>/checkpoints.json`: what a Checkpointer needs to pick up where it stopped. */
export interface CheckpointManifest {
  readonly format: 1;
  readonly monitor: string;
  readonly mode: CheckpointMode;
  /** Checkpoints kept, oldest first. */
  readonly entries: readonly CheckpointEntry[];
  /** Epoch of the best checkpoint (null until one has a finite value). */
  readonly best: number | null;
}

/** Key of the manifest under a checkpoint root. */
export function manifestPath(root: string): string {
  return `${root}/checkpoints.json`;
}

/** Folder of the checkpoint after `epoch` epochs: `<root>/epoch-0007`. */
export function checkpointFolder(root: string, epoch: number): string {
  return `${root}/epoch-${String(epoch).padStart(4, '0')}`;
}

/** Reads the manifest, or undefined when there is none yet. */
export async function readManifest(storage: StorageAdapter, root: string): Promise<CheckpointManifest | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await storage.read(manifestPath(root));
  } catch (error) {
    if (error instanceof NotFoundError || (error as { code?: unknown }).code === NotFoundError.code) return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new CheckpointError(root, `checkpoints.json is not valid JSON (${(error as Error).message})`);
  }
  const m = parsed as Partial<CheckpointManifest> | null;
  if (
    m?.format !== 1 ||
    typeof m.monitor !== 'string' ||
    (m.mode !== 'min' && m.mode !== 'max') ||
    !Array.isArray(m.entries)
  ) {
    throw new CheckpointError(root, 'checkpoints.json is not a Ferry checkpoint manifest (format 1)');
  }
  return m as CheckpointManifest;
}

/** Writes the manifest (atomically, as every storage write). */
export async function writeManifest(
  storage: StorageAdapter,
  root: string,
  manifest: CheckpointManifest,
): Promise<void> {
  await storage.write(manifestPath(root), new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
}
