import { NotFoundError } from '../errors/index.ts';
import { ConcurrentSaveError } from '../errors/storageErrors.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import { type StorageAdapter, type TreeSnapshot, type WriteData, writeDataLength } from '../storage/StorageAdapter.ts';
import type { DumpSession, ExecutionContext, LoadOptions } from './ExecutionContext.ts';
import { DEFAULT_DECODE_LIMITS, resolveDecodeLimits } from './format/DecodeLimits.ts';
import { MsgpackStepSaver } from './MsgpackStepSaver.ts';

/** Options of {@link BaseStep.save}. */
export interface SaveOptions {
  /** Save every step, even those neither invalidated nor new (Neuraxle's `full_dump`). */
  readonly fullDump?: boolean;
  /**
   * Publish the saved tree as one version where the adapter can (`writeTree`): a crash, a full disk
   * or another writer at any point leaves the previous dump or the new one, and loads never see a
   * mixture (default true, for full and partial saves). With false, the files are renamed over the
   * old ones in place (no staging folder; faster for small dumps on disk): a full disk still changes
   * nothing, but a crash while renaming leaves a mixture that loads refuse with a
   * `ConcurrentSaveError` until the next save (docs/storage.md).
   */
  readonly crashSafe?: boolean;
  /**
   * fsync every file before it is published and the folders after (as SQLite and write-file-atomic
   * do), so the save also survives a power loss or an OS crash, not only a process crash (default
   * false). See `bench/storage/saveModes.bench.ts` for its cost.
   */
  readonly durable?: boolean;
  /** Called as files are encoded and written. */
  readonly onProgress?: DumpSession['onProgress'];
}

const DEFAULT_SAVER = new MsgpackStepSaver();

/** A shallow copy of a step (same prototype, same own fields) for savers to strip. */
function shallowCopy(step: BaseStep): BaseStep {
  const copy = Object.create(Object.getPrototypeOf(step)) as BaseStep;
  for (const key of Object.keys(step)) {
    (copy as unknown as Record<string, unknown>)[key] = (step as unknown as Record<string, unknown>)[key];
  }
  return copy;
}

async function saveOne(step: BaseStep, context: ExecutionContext): Promise<void> {
  let copy = shallowCopy(step);
  const savers = step.savers;
  for (let i = savers.length - 1; i >= 0; i--) copy = await savers[i].saveStep(copy, context);
  await DEFAULT_SAVER.saveStep(copy, context);
  context.session?.saved.push(step);
}

/**
 * Saves `step` (and, through the msgpack saver, every step it holds) under `context`:
 * every file is encoded first, then written, so an unserializable field anywhere leaves the
 * storage untouched. Each file is written atomically by the adapter.
 */
export async function saveStepTree(
  step: BaseStep,
  context: ExecutionContext,
  options: SaveOptions = {},
): Promise<void> {
  const session: DumpSession = {
    fullDump: options.fullDump === true,
    staged: new Map(),
    saved: [],
    saveChild: saveOne,
    loadChild: () => Promise.reject(new Error('not loading')),
    onProgress: options.onProgress,
    limits: DEFAULT_DECODE_LIMITS,
    read: { files: 0, bytes: 0 },
  };
  const stepContext = context.push(step);
  await saveOne(step, stepContext.withSession(session));
  let done = 0;
  const total = session.staged.size;
  const report = (file: string, data: WriteData): void => {
    done++;
    options.onProgress?.({ phase: 'write', file, done, total, bytes: writeDataLength(data) });
  };
  const storage = context.storage;
  if (storage.writeTree) {
    // One version of the whole tree: a full dump replaces it, a partial save keeps the unchanged files.
    if (session.staged.size > 0 || session.fullDump) {
      await storage.writeTree(stepContext.path, session.staged, {
        mode: session.fullDump ? 'replace' : 'update',
        inPlace: options.crashSafe === false,
        durable: options.durable === true,
      });
    }
    for (const [file, data] of session.staged) report(file, data);
  } else {
    for (const [file, data] of session.staged) {
      await storage.write(file, data);
      report(file, data);
    }
  }
  for (const s of session.saved) s.isInvalidated = false;
}

async function loadOne(name: string, parent: ExecutionContext): Promise<BaseStep> {
  const context = parent.push(name);
  let step = await DEFAULT_SAVER.readStep(context);
  for (const saver of step.savers) {
    if (await saver.canLoad(step, context)) step = await saver.loadStep(step, context);
  }
  step.isInitialized = false;
  step.isInvalidated = false;
  step.isTrain = false;
  return step;
}

/** Loads the step saved as `name` under `context` (see {@link ExecutionContext.load}). */
export async function loadStepTree(
  context: ExecutionContext,
  name: string,
  options: LoadOptions = {},
): Promise<BaseStep> {
  const session: DumpSession = {
    fullDump: true,
    staged: new Map(),
    saved: [],
    saveChild: () => Promise.reject(new Error('not saving')),
    loadChild: loadOne,
    onProgress: options.onProgress,
    limits: resolveDecodeLimits(options.limits),
    read: { files: 0, bytes: 0 },
  };
  const prefix = context.push(name).path;
  const storage = context.storage;
  if (!storage.openTree) return loadOne(name, context.withSession(session));
  return loadPinned(storage as PinnableStorage, prefix, (pinned) => {
    session.read.files = 0;
    session.read.bytes = 0;
    return loadOne(name, context.withStorage(pinned).withSession(session));
  });
}

type PinnableStorage = StorageAdapter & { openTree(prefix: string): Promise<TreeSnapshot> };

/** How long a load keeps trying while saves keep replacing the dump, before a `ConcurrentSaveError`. */
const LOAD_CONSISTENCY_MS = 10_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Loads one version of the tree under `prefix` without changing storage: pins the tree
 * (`openTree`), loads through the pinned view, then checks the tree's generation is unchanged; when a
 * save replaced the tree meanwhile (or the load failed because files vanished under it) it starts
 * again. A tree left half-renamed by an interrupted `crashSafe: false` save is a `ConcurrentSaveError`.
 */
async function loadPinned(
  storage: PinnableStorage,
  prefix: string,
  load: (pinned: StorageAdapter) => Promise<BaseStep>,
): Promise<BaseStep> {
  const deadline = Date.now() + LOAD_CONSISTENCY_MS;
  for (let attempt = 1; ; attempt++) {
    const before = await storage.openTree(prefix);
    if (before.state === 'interrupted') {
      throw new ConcurrentSaveError(
        prefix,
        'a crashSafe: false save was interrupted while renaming its files: the dump mixes two versions; save it again',
      );
    }
    let step: BaseStep | undefined;
    let failure: unknown;
    if (before.state === 'complete') {
      try {
        step = await load(before.storage);
      } catch (error) {
        failure = error;
      }
      const after = await storage.openTree(prefix);
      if (after.state === 'complete' && after.generation === before.generation) {
        if (failure !== undefined) throw failure;
        return step as BaseStep;
      }
    }
    if (Date.now() > deadline) {
      throw new ConcurrentSaveError(
        prefix,
        `saves kept replacing the dump during ${attempt} load attempts (${LOAD_CONSISTENCY_MS} ms)`,
        failure instanceof NotFoundError ? { cause: failure } : undefined,
      );
    }
    await sleep(Math.min(50, attempt * 2));
  }
}
