import { defaultStorage } from '../runtime.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import type { StorageAdapter, WriteData } from '../storage/StorageAdapter.ts';
import { joinStoragePath, validateStepName, validateStoragePath } from '../storage/validateStoragePath.ts';
import { STEP_FILE_EXTENSION } from './format/constants.ts';
import type { DecodeLimits } from './format/DecodeLimits.ts';
import { loadStepTree } from './stepTree.ts';

/** Progress of a long save or load. */
export interface DumpProgress {
  readonly phase: 'encode' | 'write' | 'read';
  /** Storage key of the file concerned. */
  readonly file: string;
  /** Files done so far in this phase, and the total when known. */
  readonly done: number;
  readonly total?: number;
  /** Bytes of this file. */
  readonly bytes: number;
}

/** Options of a load. */
export interface LoadOptions {
  /** Called after each file is read and decoded. */
  readonly onProgress?: (progress: DumpProgress) => void;
  /** Bounds on what the dump may contain (see {@link DecodeLimits}); unset ones keep their safe defaults. */
  readonly limits?: Partial<DecodeLimits>;
}

/** @internal State shared by every context of one save or load. */
export interface DumpSession {
  readonly fullDump: boolean;
  readonly staged: Map<string, WriteData>;
  readonly saved: BaseStep[];
  readonly saveChild: (child: BaseStep, context: ExecutionContext) => Promise<void>;
  readonly loadChild: (name: string, context: ExecutionContext) => Promise<BaseStep>;
  readonly onProgress?: (progress: DumpProgress) => void;
  /** Limits of a load, and what it has read so far. */
  readonly limits: DecodeLimits;
  readonly read: { files: number; bytes: number };
}

/**
 * Where a step is saved or loaded: a storage adapter plus the path of parent step names
 * (Neuraxle's ExecutionContext). Steps are saved as `<parents…>/<name>/<name>.ferry`.
 */
export class ExecutionContext {
  readonly storage: StorageAdapter;
  /** Names of the steps above, outermost first; the last one is the step this context is for. */
  readonly parents: readonly string[];
  /** @internal */
  readonly session: DumpSession | undefined;

  /** `storage` may be a root folder name, resolved with the runtime's `defaultStorage`. */
  constructor(storage: StorageAdapter | string, parents: readonly string[] = [], session?: DumpSession) {
    this.storage = typeof storage === 'string' ? defaultStorage(storage) : storage;
    for (const p of parents) validateStoragePath(p);
    this.parents = [...parents];
    this.session = session;
  }

  /** The storage key of this context's folder (`''` at the root). */
  get path(): string {
    return joinStoragePath(...this.parents);
  }

  /**
   * A context one level down, for `step` (or a step name). The name must be one valid key segment
   * (see `validateStepName`): otherwise an `InvalidPathError`, before anything is written or read.
   */
  push(step: BaseStep | string): ExecutionContext {
    const name = typeof step === 'string' ? step : step.name;
    return new ExecutionContext(this.storage, [...this.parents, validateStepName(name)], this.session);
  }

  /** @internal The same place, reading through `storage` (a load's view pinned to one version). */
  withStorage(storage: StorageAdapter): ExecutionContext {
    return new ExecutionContext(storage, this.parents, this.session);
  }

  /** @internal The same place, within a save or load session. */
  withSession(session: DumpSession): ExecutionContext {
    return new ExecutionContext(this.storage, this.parents, session);
  }

  /** Key of the `.ferry` file of the step this context is for. */
  get stepFile(): string {
    const name = this.parents[this.parents.length - 1];
    return joinStoragePath(this.path, `${name}${STEP_FILE_EXTENSION}`);
  }

  /**
   * Writes a file into this step's folder. During a save it is staged and written with the rest of
   * the dump once every step has encoded, so a failing step leaves nothing half-written.
   */
  async writeFile(name: string, data: WriteData): Promise<void> {
    const key = joinStoragePath(this.path, validateStoragePath(name));
    if (this.session) this.session.staged.set(key, data);
    else await this.storage.write(key, data);
  }

  /** Reads a file from this step's folder. */
  async readFile(name: string): Promise<Uint8Array> {
    return this.storage.read(joinStoragePath(this.path, validateStoragePath(name)));
  }

  /** Loads the step saved under `name` in this context's folder, without its source code. */
  async load(name: string, options: LoadOptions = {}): Promise<BaseStep> {
    return loadStepTree(this, name, options);
  }
}
