/**
 * The worker tasks of queued pipelines: import the module that registers user classes, load a stage from its dump
 * (a pack's bytes, read through `PackStorage`: no source code, registered classes only), transform a batch with it.
 */
import { PackStorage } from '../../../adapters/pack.ts';
import { ExecutionContext } from '../../saving/ExecutionContext.ts';
import type { BaseStep } from '../../step/BaseStep.ts';
import { fromWire, toWire, type WireValue } from '../wire.ts';
import { registerWorkerTask, type WorkerState } from './workerTasks.ts';

/** Task names, shared with the pool side. */
export const IMPORT_TASK = 'ferry.import';
export const LOAD_STEP_TASK = 'ferry.loadStep';
export const TRANSFORM_TASK = 'ferry.transform';
export const DROP_STEP_TASK = 'ferry.dropStep';

/** Payload of {@link LOAD_STEP_TASK}: the dump of step `name` as a pack, kept under `key`. */
export interface LoadStepPayload {
  readonly key: string;
  readonly name: string;
  readonly pack: Uint8Array;
}

/** Payload of {@link TRANSFORM_TASK}; with `recycle`, the input's buffer comes back (as `spare`) when it is free. */
export interface TransformPayload {
  readonly key: string;
  readonly data: WireValue;
  readonly recycle?: boolean;
}

/** What {@link TRANSFORM_TASK} answers: the output, and the input's buffer when it was asked back and is free. */
export interface TransformReply {
  readonly data: WireValue;
  readonly spare: ArrayBuffer | null;
}

const STEP_PREFIX = 'step:';

/** Every ArrayBuffer reachable from `root`'s fields (typed arrays, NDArrays, arrays, objects, child steps). */
export function buffersHeldBy(root: object): Set<ArrayBufferLike> {
  const found = new Set<ArrayBufferLike>();
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      found.add(value.buffer);
      return;
    }
    if (value instanceof ArrayBuffer) {
      found.add(value);
      return;
    }
    if (value instanceof Map) {
      for (const v of value.values()) walk(v);
      return;
    }
    for (const v of Object.values(value)) walk(v);
  };
  walk(root);
  return found;
}

function loadedStep(state: WorkerState, key: string): BaseStep {
  const step = state.get(STEP_PREFIX + key) as BaseStep | undefined;
  if (!step) throw new Error(`no step is loaded under "${key}" in this worker`);
  return step;
}

registerWorkerTask(IMPORT_TASK, async (payload) => {
  // A module chosen at run time: bundlers must leave this import alone.
  await import(/* webpackIgnore: true */ /* @vite-ignore */ (payload as { specifier: string }).specifier);
  return { result: null };
});

registerWorkerTask(LOAD_STEP_TASK, async (payload, state) => {
  const { key, name, pack } = payload as LoadStepPayload;
  const step = await new ExecutionContext(new PackStorage(pack, `${name}.ferrypack`)).load(name);
  await step.ensureSetup();
  const previous = state.get(STEP_PREFIX + key) as BaseStep | undefined;
  state.set(STEP_PREFIX + key, step);
  if (previous?.isInitialized) await previous.teardown();
  return { result: null };
});

registerWorkerTask(TRANSFORM_TASK, async (payload, state) => {
  const { key, data, recycle } = payload as TransformPayload;
  const step = loadedStep(state, key);
  const out = await step.transform(fromWire(data));
  const transfer: ArrayBuffer[] = [];
  const wire = toWire(out, transfer, true);
  // A buffer the step still holds (a fitted field it returned, a cache) is copied, never moved away from it.
  const kept = buffersHeldBy(step);
  const moved = transfer.filter((b) => !kept.has(b));
  // The input's buffer goes back for reuse only when nothing keeps it: not the step, not the output.
  let spare: ArrayBuffer | null = null;
  const input = data.kind === 'ndarray' ? data.data : undefined;
  if (recycle && input && input.buffer instanceof ArrayBuffer && input.byteLength === input.buffer.byteLength) {
    const buffer = input.buffer;
    if (!kept.has(buffer) && !buffersHeldBy({ out }).has(buffer)) spare = buffer;
  }
  const reply: TransformReply = { data: wire, spare };
  return { result: reply, transfer: spare ? [...moved, spare] : moved };
});

registerWorkerTask(DROP_STEP_TASK, async (payload, state) => {
  const key = (payload as { key: string }).key;
  const step = state.get(STEP_PREFIX + key) as BaseStep | undefined;
  state.delete(STEP_PREFIX + key);
  if (step?.isInitialized) await step.teardown();
  return { result: null };
});
