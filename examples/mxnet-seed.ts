/**
 * The MXNet notebook "Serialization - saving, loading and checkpointing" in Ferry + TensorFlow.js,
 * cell by cell: `nd.save`/`nd.load` of a list and a dict, `save_parameters`/`load_parameters` of an
 * MLP into a fresh MLP, checkpointing every epoch with the best epoch picked and resumed, and the
 * notebook's placeholder "Serializing models themselves" (a tfjs IOHandler writing Ferry's format).
 * Run: `node --import tsx examples/mxnet-seed.ts [folder]` (default: in memory).
 */
import * as tf from '@tensorflow/tfjs';
import { FileSystemStorage, MemoryStorage, type StorageAdapter } from 'ferryml';
import {
  Checkpointer,
  ferryHandler,
  loadArrays,
  loadParameters,
  type PickedBackend,
  pickBackend,
  saveArrays,
  saveParameters,
} from '../src/models/index.ts';
import { buildSeedMlp } from './tfjs/mlp.ts';

/** What the walkthrough computed, for the test and the reader. */
export interface MxnetSeedResult {
  readonly backend: PickedBackend;
  readonly list: readonly tf.Tensor[];
  readonly dict: Readonly<Record<string, tf.Tensor>>;
  readonly netOutput: Float32Array;
  readonly net2Output: Float32Array;
  readonly reloadedModelOutput: Float32Array;
  readonly valLosses: readonly number[];
  readonly bestEpoch: number;
  readonly resumedValLoss: number;
  readonly continuedEpochs: readonly number[];
}

/** Runs the notebook against `storage`; `log` prints each cell's result. */
export async function runMxnetSeed(
  storage: StorageAdapter,
  log: (...args: unknown[]) => void = console.log,
  backendOrder: readonly ('wasm' | 'cpu')[] = ['cpu'],
): Promise<MxnetSeedResult> {
  // ctx = mx.gpu() if mx.test_utils.list_gpus() else mx.cpu()
  const backend = await pickBackend({ order: backendOrder });
  log(
    `backend: ${backend.name}${backend.tried.length ? ` (not: ${backend.tried.map((t) => `${t.name}: ${t.error}`).join('; ')})` : ''}`,
  );

  // ## Saving and loading NDArrays
  const X = tf.ones([100, 100]);
  const Y = tf.zeros([100, 100]);
  await saveArrays(storage, 'checkpoints/test1.params', [X, Y]);
  const list = (await loadArrays(storage, 'checkpoints/test1.params')) as tf.Tensor[];
  const [A, B] = list;
  log('A, B = nd.load(...):', A.shape, (await A.data())[0], B.shape, (await B.data())[0]);

  const mydict = { X, Y };
  await saveArrays(storage, 'checkpoints/test2.params', mydict);
  const dict = (await loadArrays(storage, 'checkpoints/test2.params')) as Record<string, tf.Tensor>;
  log('C = nd.load(...):', Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, v.shape])));

  // ## Saving and loading the parameters of models
  const net = buildSeedMlp({ seed: 1 });
  const ones = tf.ones([1, 100]);
  const netOutput = (await (net.predict(ones) as tf.Tensor).data()) as Float32Array;
  log(`net(nd.ones((1, 100))) = ${netOutput[0]}`);

  await saveParameters(net, storage, 'checkpoints/testnet.params');
  const net2 = buildSeedMlp({ seed: 2 });
  await loadParameters(net2, storage, 'checkpoints/testnet.params');
  const net2Output = (await (net2.predict(ones) as tf.Tensor).data()) as Float32Array;
  log(
    `net2(nd.ones((1, 100))) = ${net2Output[0]}  (net's layers: ${net.layers.map((l) => l.name)}, net2's: ${net2.layers.map((l) => l.name)})`,
  );

  // ## Checkpointing: a 5-epoch training on a small synthetic regression, the best epoch picked and resumed.
  const { x, y, xVal, yVal } = syntheticRegression();
  const model = buildSeedMlp({ inputs: 8, hidden: 32, seed: 3, sigma: 0.2 });
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
  const checkpointer = new Checkpointer({ storage, root: 'checkpoints/run', monitor: 'val_loss', keep: 2 });
  const history = await model.fit(x, y, {
    epochs: 5,
    batchSize: 32,
    shuffle: false,
    validationData: [xVal, yVal],
    verbose: 0,
    callbacks: [checkpointer],
  });
  const valLosses = history.history.val_loss as number[];
  const best = await checkpointer.best();
  if (!best) throw new Error('no best checkpoint');
  log(
    `val_loss per epoch: ${valLosses.map((v) => v.toFixed(4)).join(', ')}; best: epoch ${best.epoch}; kept: ${(await checkpointer.list()).map((c) => c.epoch)}`,
  );

  const fresh = buildSeedMlp({ inputs: 8, hidden: 32, seed: 4, sigma: 0.2 });
  fresh.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
  const resumer = new Checkpointer({ storage, root: 'checkpoints/run', monitor: 'val_loss', keep: 2, model: fresh });
  const resumed = await resumer.resume('best');
  const resumedValLoss = (await (fresh.evaluate(xVal, yVal, { batchSize: 32 }) as tf.Scalar).data())[0];
  const continued = await fresh.fit(x, y, {
    epochs: resumed.initialEpoch + 2,
    initialEpoch: resumed.initialEpoch,
    batchSize: 32,
    shuffle: false,
    validationData: [xVal, yVal],
    verbose: 0,
    callbacks: [resumer],
  });
  log(
    `resumed epoch ${resumed.epoch}: val_loss ${resumedValLoss.toFixed(4)}; continued with epochs ${continued.epoch.map((e) => e + 1)}`,
  );

  // ## Serializing models themselves (the notebook's placeholder): topology + weights in one Ferry file.
  await net.save(ferryHandler(storage, 'checkpoints/mlp.ferry'));
  const reloaded = await tf.loadLayersModel(ferryHandler(storage, 'checkpoints/mlp.ferry'));
  const reloadedModelOutput = (await (reloaded.predict(ones) as tf.Tensor).data()) as Float32Array;
  log(`tf.loadLayersModel(ferryHandler(...))(ones) = ${reloadedModelOutput[0]}`);

  return {
    backend,
    list,
    dict,
    netOutput,
    net2Output,
    reloadedModelOutput,
    valLosses,
    bestEpoch: best.epoch,
    resumedValLoss,
    continuedEpochs: continued.epoch.map((e) => e + 1),
  };
}

/** y = x·w + 0.1·noise, 256 training rows and 64 validation rows of 8 features, all seeded. */
function syntheticRegression(): { x: tf.Tensor; y: tf.Tensor; xVal: tf.Tensor; yVal: tf.Tensor } {
  const w = tf.randomNormal([8, 1], 0, 1, 'float32', 21);
  const make = (n: number, seed: number) => {
    const x = tf.randomNormal([n, 8], 0, 1, 'float32', seed);
    const y = tf.add(tf.matMul(x, w), tf.randomNormal([n, 1], 0, 0.1, 'float32', seed + 1));
    return { x, y };
  };
  const train = make(256, 22);
  const val = make(64, 24);
  return { x: train.x, y: train.y, xVal: val.x, yVal: val.y };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  tf.env().set('PROD', true);
  const folder = process.argv[2];
  await runMxnetSeed(folder ? new FileSystemStorage(folder) : new MemoryStorage());
}
