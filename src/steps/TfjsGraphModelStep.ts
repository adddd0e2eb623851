import type { GraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { pickBackend } from '../backend/pickBackend.ts';
import { BACKEND_CHOICES, type BackendChoice, type PickedBackend } from '../backend/types.ts';
import { InvalidHyperparameterError, InvalidInputError, LifecycleError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { checkShape } from '../models/checkShape.ts';
import type { QuantizeMode } from '../models/quantize.ts';
import { TfjsGraphModelSaver } from '../models/TfjsGraphModelSaver.ts';
import { type Tensor, tensorToNDArray, toInputTensor } from '../models/tensors.ts';
import type { NDArray } from '../ndarray/NDArray.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import { BaseStep, type StepOptions } from '../step/BaseStep.ts';

/** Options of a {@link TfjsGraphModelStep}. */
export interface TfjsGraphModelStepOptions extends StepOptions {
  /** The graph model the step runs (e.g. from `tf.loadGraphModel`, or a model converted by tfjs-converter). */
  readonly model: GraphModel;
  /** Store float32 weights quantized when the step is saved (weights that arrived quantized keep their bytes). */
  readonly quantize?: QuantizeMode;
}

/**
 * A pipeline step running a tfjs GraphModel (a converted TensorFlow SavedModel / Keras model): `transform` feeds its
 * input to the graph's input and returns the output as a float32 NDArray, so classical steps can follow. Graph models
 * are inference only: the step is fitted from the start and `fit` leaves it as it is. Rows of a 2-d input are
 * reshaped to the graph input's shape when that has more dimensions (`[n, h·w·c]` → `[n, h, w, c]`), so the edge
 * predict handler's flat rows reach image models.
 *
 * Hyperparameters: `outputs` (null: the graph's outputs, or a node name to run instead) and `backend` (as for
 * {@link TfjsModelStep}: null keeps tfjs's current backend, `'auto'` or a list makes `setup()` pick one).
 * The live model is saved by {@link TfjsGraphModelSaver}; this class needs only tfjs-core and tfjs-converter
 * (`ferryml/tfjs-graph`).
 */
export class TfjsGraphModelStep extends BaseStep {
  /** The live model (stripped by the saver, rebuilt on load). */
  model: GraphModel | null;
  declare private picked: PickedBackend | undefined;
  /** Set once the graph turned out to need `executeAsync`; never saved. */
  declare private needsAsync: boolean | undefined;

  constructor(options: TfjsGraphModelStepOptions) {
    super(options);
    this.model = options.model;
    if (!this.savers.some((s) => s instanceof TfjsGraphModelSaver))
      this.savers.push(new TfjsGraphModelSaver({ quantize: options.quantize }));
    this.isFitted = true;
  }

  protected override defaultHyperparams(): Record<string, HyperparameterValue> {
    return { outputs: null, backend: null };
  }

  /** The backend `setup()` picked, when the `backend` hyperparameter asks for a pick. */
  get backend(): PickedBackend | undefined {
    return this.picked;
  }

  override async setup(context?: ExecutionContext): Promise<this> {
    const wanted = this.hyperparams.get('backend');
    if (wanted === null || wanted === undefined) await tf.ready();
    else {
      const list = Array.isArray(wanted) ? wanted : [wanted];
      if (
        wanted !== 'auto' &&
        !list.every((n) => typeof n === 'string' && BACKEND_CHOICES.includes(n as BackendChoice))
      )
        throw new InvalidHyperparameterError(
          this.name,
          'backend',
          `must be null, 'auto' or a list of ${BACKEND_CHOICES.join(', ')}; got ${JSON.stringify(wanted)}`,
        );
      const picked = await pickBackend(wanted === 'auto' ? {} : { order: list as BackendChoice[] });
      Object.defineProperty(this, 'picked', { value: picked, enumerable: false, writable: true, configurable: true });
    }
    return super.setup(context);
  }

  protected override async transformStep(x: unknown): Promise<NDArray> {
    const model = this.requireModel();
    const where = `Step "${this.name}"`;
    const xs = toInputTensor(x, `${where} inputs`);
    let input: Tensor | undefined;
    let out: Tensor | Tensor[] | undefined;
    try {
      const outputs = this.outputNames();
      input = this.fitToInput(model, xs.tensor);
      out = await this.run(model, input, outputs);
      if (Array.isArray(out)) {
        if (out.length !== 1)
          throw new InvalidInputError(
            where,
            `the graph gives ${out.length} outputs; choose one with the \`outputs\` hyperparameter`,
          );
        return await tensorToNDArray(out[0], `${where} output`);
      }
      return await tensorToNDArray(out, `${where} output`);
    } finally {
      for (const t of out === undefined ? [] : Array.isArray(out) ? out : [out]) t.dispose();
      if (input !== undefined && input !== xs.tensor) input.dispose();
      if (xs.owned) xs.tensor.dispose();
    }
  }

  /**
   * Runs the graph synchronously (`execute`), or with `executeAsync` once tfjs says the graph needs it (control flow,
   * dynamic shapes); the choice is kept for the step's later calls.
   */
  private async run(model: GraphModel, input: Tensor, outputs: string | undefined): Promise<Tensor | Tensor[]> {
    if (!this.needsAsync) {
      try {
        return model.execute(input, outputs) as Tensor | Tensor[];
      } catch (error) {
        if (!/executeAsync/.test(String((error as Error)?.message))) throw error;
        Object.defineProperty(this, 'needsAsync', {
          value: true,
          enumerable: false,
          writable: true,
          configurable: true,
        });
      }
    }
    return (await model.executeAsync(input, outputs)) as Tensor | Tensor[];
  }

  /** The node to run: the `outputs` hyperparameter, else the graph's own outputs. */
  private outputNames(): string | undefined {
    const wanted = this.hyperparams.get('outputs');
    if (wanted === null || wanted === undefined) return undefined;
    if (typeof wanted !== 'string' || wanted === '')
      throw new InvalidHyperparameterError(
        this.name,
        'outputs',
        `must be null or a node name; got ${JSON.stringify(wanted)}`,
      );
    return wanted;
  }

  /**
   * `x` reshaped to the graph input's rank when it comes as flat rows (`[n, h·w·c]` for `[-1, h, w, c]`), then
   * checked against the graph input's dtype and shape: a mismatch is an {@link InvalidInputError} naming the step
   * (tfjs's `execute` would throw its own untyped error).
   */
  private fitToInput(model: GraphModel, x: Tensor): Tensor {
    const inputs = model.inputs;
    const where = `Step "${this.name}" inputs`;
    if (inputs.length !== 1)
      throw new InvalidInputError(`Step "${this.name}"`, `the graph has ${inputs.length} inputs; this step feeds one`);
    const { shape, dtype } = inputs[0];
    if (dtype && dtype !== x.dtype)
      throw new InvalidInputError(where, `the graph takes ${dtype} inputs; got ${x.dtype}`);
    if (!shape) return x;
    const flatRows = shape.length > 2 && x.rank === 2;
    if (flatRows) {
      const rest = shape.slice(1);
      if (rest.some((d) => d < 0) || rest.reduce((a, b) => a * b, 1) !== x.shape[1])
        throw new InvalidInputError(
          where,
          `rows of ${x.shape[1]} values do not fill the graph input [${shape.join(', ')}]`,
        );
    }
    const fed = flatRows ? [x.shape[0], ...shape.slice(1)] : x.shape;
    checkShape(shape, fed, where, { expects: 'the graph takes inputs', rows: true });
    return flatRows ? tf.reshape(x, fed) : x;
  }

  private requireModel(): GraphModel {
    if (!this.model)
      throw new LifecycleError(this.name, 'holds no tfjs graph model (was its model.ferry file missing on load?)');
    return this.model;
  }
}
