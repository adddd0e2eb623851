import * as tf from '@tensorflow/tfjs';
import { pickBackend } from '../backend/pickBackend.ts';
import { BACKEND_CHOICES, type BackendChoice, type PickedBackend } from '../backend/types.ts';
import { InvalidHyperparameterError, InvalidInputError, LifecycleError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { checkFitData } from '../models/checkFitData.ts';
import { predictLayers } from '../models/predictLayers.ts';
import type { QuantizeMode } from '../models/quantize.ts';
import { TfjsModelSaver } from '../models/TfjsModelSaver.ts';
import { tensorToNDArray, toInputTensor } from '../models/tensors.ts';
import type { NDArray } from '../ndarray/NDArray.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import { BaseStep, type StepOptions } from '../step/BaseStep.ts';

/** Options of a {@link TfjsModelStep}. */
export interface TfjsModelStepOptions extends StepOptions {
  /** The tfjs model the step runs: built, and compiled when the step is to be fitted. */
  readonly model: tf.LayersModel;
  /** The model is already trained: `transform()` works without `fit()`. */
  readonly fitted?: boolean;
  /**
   * Store float32 weights quantized when the step is saved (`'float16'` or `'uint8'`, tfjs-converter's per-tensor
   * schemes; the optimizer's state stays exact); loads dequantize. Default: exact.
   */
  readonly quantize?: QuantizeMode;
}

/**
 * A pipeline step wrapping a tfjs LayersModel: `fit` trains it (`epochs`, `batchSize`, `shuffle`,
 * `validationSplit`), `transform` predicts (a float32 NDArray, so classical steps can follow): `model.predict`'s
 * results bit for bit, with less work around the kernels (see `predictLayers`), and inputs of the wrong shape are an
 * `InvalidInputError` naming the step. Inputs are NDArrays, nested number arrays or tensors. The live model is saved by {@link TfjsModelSaver}
 * into the step's folder and rebuilt on load.
 *
 * Hyperparameter `backend`: `null` (default) runs on tfjs's current backend; `'auto'` or a list of
 * backend names (`['wasm', 'cpu']`) makes `setup()` call `pickBackend` (the choice is in
 * {@link backend}).
 */
export class TfjsModelStep extends BaseStep {
  /** The live model (stripped by the saver, rebuilt on load). */
  model: tf.LayersModel | null;
  /** The last epoch's metrics of the latest fit. */
  lastFitLogs: Record<string, number> | null = null;
  /** What `setup()` picked when the `backend` hyperparameter asks for it; never saved. */
  declare private picked: PickedBackend | undefined;

  constructor(options: TfjsModelStepOptions) {
    super(options);
    this.model = options.model;
    if (!this.savers.some((s) => s instanceof TfjsModelSaver))
      this.savers.push(new TfjsModelSaver({ quantize: options.quantize }));
    if (options.fitted) this.isFitted = true;
  }

  protected override defaultHyperparams(): Record<string, HyperparameterValue> {
    return { epochs: 10, batchSize: 32, shuffle: true, validationSplit: 0, backend: null };
  }

  override get requiresFit(): boolean {
    return true;
  }

  /** The backend `setup()` picked, when the `backend` hyperparameter asked for a pick. */
  get backend(): PickedBackend | undefined {
    return this.picked;
  }

  override async setup(context?: ExecutionContext): Promise<this> {
    const wanted = this.hyperparams.get('backend');
    if (wanted === null || wanted === undefined) await tf.ready();
    else {
      const picked = await pickBackend(wanted === 'auto' ? {} : { order: this.backendOrder(wanted) });
      Object.defineProperty(this, 'picked', { value: picked, enumerable: false, writable: true, configurable: true });
    }
    return super.setup(context);
  }

  private backendOrder(wanted: HyperparameterValue): BackendChoice[] {
    const list = Array.isArray(wanted) ? wanted : [wanted];
    for (const name of list) {
      if (typeof name !== 'string' || !BACKEND_CHOICES.includes(name as BackendChoice)) {
        throw new InvalidHyperparameterError(
          this.name,
          'backend',
          `must be null, 'auto' or a list of ${BACKEND_CHOICES.join(', ')}; got ${JSON.stringify(wanted)}`,
        );
      }
    }
    return list as BackendChoice[];
  }

  protected override async fitStep(x: unknown, y: unknown): Promise<void> {
    const model = this.requireModel();
    if (!model.optimizer)
      throw new LifecycleError(this.name, 'the tfjs model is not compiled; call model.compile() before fit()');
    if (y === undefined || y === null)
      throw new InvalidInputError(`Step "${this.name}"`, 'fit() needs expected outputs');
    const where = `Step "${this.name}"`;
    const xs = toInputTensor(x, `${where} inputs`);
    let ys: ReturnType<typeof toInputTensor> | undefined;
    let target: tf.Tensor | undefined;
    try {
      ys = toInputTensor(y, `${where} expected outputs`);
      const outputRank = model.outputs[0]?.shape.length ?? 2;
      target = ys.tensor.rank === 1 && outputRank === 2 ? ys.tensor.reshape([ys.tensor.shape[0], 1]) : ys.tensor;
      checkFitData(model, xs.tensor, target, where);
      const history = await model.fit(xs.tensor, target, {
        epochs: this.intHyperparam('epochs', 1),
        batchSize: this.intHyperparam('batchSize', 1),
        shuffle: this.hyperparams.get('shuffle') !== false,
        validationSplit: Number(this.hyperparams.get('validationSplit') ?? 0),
        verbose: 0,
      });
      const logs: Record<string, number> = {};
      for (const [key, values] of Object.entries(history.history)) {
        const last = values[values.length - 1];
        logs[key] = typeof last === 'number' ? last : (await last.data())[0];
      }
      this.lastFitLogs = logs;
    } finally {
      if (target !== undefined && target !== ys?.tensor) target.dispose();
      if (xs.owned) xs.tensor.dispose();
      if (ys?.owned) ys.tensor.dispose();
    }
  }

  protected override async transformStep(x: unknown): Promise<NDArray> {
    const model = this.requireModel();
    const xs = toInputTensor(x, `Step "${this.name}" inputs`);
    let out: tf.Tensor | undefined;
    try {
      out = predictLayers(model, xs.tensor, `Step "${this.name}" inputs`);
      return await tensorToNDArray(out, `Step "${this.name}" output`);
    } finally {
      out?.dispose();
      if (xs.owned) xs.tensor.dispose();
    }
  }

  private requireModel(): tf.LayersModel {
    if (!this.model)
      throw new LifecycleError(this.name, 'holds no tfjs model (was its model.ferry file missing on load?)');
    return this.model;
  }

  private intHyperparam(name: string, min: number): number {
    const v = this.hyperparams.get(name);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw new InvalidHyperparameterError(this.name, name, `must be an integer >= ${min}; got ${JSON.stringify(v)}`);
    }
    return v;
  }
}
