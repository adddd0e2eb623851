/**
 * The worker tasks of AutoML: `ferry.automl.search` keeps a search's pipeline dump, data and splits in the worker (a
 * setup every worker of the pool runs, replacements included), `ferry.automl.trial` runs one trial on them.
 */
import { PackStorage } from '../../adapters/pack.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { fromWire, toWire, type WireValue } from '../parallel/wire.ts';
import { registerWorkerTask } from '../parallel/worker/workerTasks.ts';
import { ExecutionContext } from '../saving/ExecutionContext.ts';
import { evaluateTrial, type TrialContext } from './evaluateTrial.ts';
import type { MetricInputKind } from './metrics.ts';
import type { Targets } from './searchData.ts';
import type { ValidationSplit } from './splitters.ts';

export const SEARCH_TASK = 'ferry.automl.search';
export const TRIAL_TASK = 'ferry.automl.trial';

/** Payload of {@link SEARCH_TASK}. */
export interface SearchPayload {
  readonly key: string;
  readonly pipeline: string;
  readonly pack: Uint8Array;
  readonly x: WireValue;
  readonly y: WireValue;
  readonly splits: readonly ValidationSplit[];
  readonly input: MetricInputKind;
  readonly keepModel: boolean;
}

/** Payload of {@link TRIAL_TASK}. */
export interface TrialPayload {
  readonly key: string;
  readonly hyperparams: Record<string, HyperparameterValue>;
}

/** What {@link TRIAL_TASK} answers. */
export interface TrialReply {
  readonly predictions: WireValue[];
  readonly classes: ((number | string)[] | null)[];
  readonly splitDurationsMs: number[];
  readonly model: Uint8Array | null;
}

/** The {@link TrialContext} of a search whose pipeline is the pack `pack` (root `pipeline`). */
export function trialContextFromPack(
  pipeline: string,
  pack: Uint8Array,
  rest: Omit<TrialContext, 'fresh'>,
): TrialContext {
  const storage = new PackStorage(pack, `${pipeline}.ferrypack`);
  return { ...rest, fresh: () => new ExecutionContext(storage).load(pipeline) };
}

registerWorkerTask(SEARCH_TASK, async (payload, state) => {
  const p = payload as SearchPayload;
  const context = trialContextFromPack(p.pipeline, p.pack, {
    data: { x: fromWire(p.x) as TrialContext['data']['x'], y: fromWire(p.y) as Targets },
    splits: p.splits,
    input: p.input,
    keepModel: p.keepModel,
  });
  state.set(`automl:${p.key}`, context);
  return { result: null };
});

registerWorkerTask(TRIAL_TASK, async (payload, state) => {
  const p = payload as TrialPayload;
  const context = state.get(`automl:${p.key}`) as TrialContext | undefined;
  if (!context) throw new Error(`no search "${p.key}" is set up in this worker`);
  const out = await evaluateTrial(context, p.hyperparams);
  const transfer: ArrayBuffer[] = [];
  const reply: TrialReply = {
    predictions: out.predictions.map((v) => toWire(v, transfer, true)),
    classes: out.classes.map((c) => (c ? [...c] : null)),
    splitDurationsMs: out.splitDurationsMs,
    model: out.model,
  };
  if (out.model && out.model.byteOffset === 0 && out.model.byteLength === out.model.buffer.byteLength) {
    transfer.push(out.model.buffer as ArrayBuffer);
  }
  return { result: reply, transfer };
});
