import type { BaseStep } from '../step/BaseStep.ts';
import { type WriteData, writeDataLength } from '../storage/StorageAdapter.ts';
import type { DumpSession, ExecutionContext, LoadOptions } from './ExecutionContext.ts';
import { DEFAULT_DECODE_LIMITS, resolveDecodeLimits } from './format/DecodeLimits.ts';
import { MsgpackStepSaver } from './MsgpackStepSaver.ts';

/** Options of {@link BaseStep.save}. */
export interface SaveOptions {
  /** Save every step, even those neither invalidated nor new (Neuraxle's `full_dump`). */
  readonly fullDump?: boolean;
  /**
   * Full dumps only: publish the whole tree in one step where the adapter can (`writeTree`), so a
   * crash at any point leaves the previous dump or the new one (default true). With false, each file
   * is still written atomically but a crash can leave a mixture of old and new step files; it is
   * faster for small dumps on disk (no staging folder).
   */
  readonly crashSafe?: boolean;
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
  if (session.fullDump && options.crashSafe !== false && storage.writeTree) {
    // A full dump replaces the step's whole folder in one step (crash-safe where the adapter is).
    await storage.writeTree(stepContext.path, session.staged);
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
  await context.storage.recover?.(context.push(name).path);
  return loadOne(name, context.withSession(session));
}
