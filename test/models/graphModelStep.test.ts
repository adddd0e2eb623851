/**
 * Graph models as steps (issue 15, part 3): a tfjs GraphModel in a pipeline is saved, loaded without source (from a
 * dump folder and from a pack), served by createPredictHandler, and quantized on request; weights that arrive
 * quantized keep their stored bytes. Answers are compared bit for bit with the original graph run by tfjs itself.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import {
  createPredictHandler,
  ExecutionContext,
  hasErrorCode,
  InvalidDumpFieldError,
  InvalidInputError,
  MemoryStorage,
  NDArray,
  PackStorage,
  Pipeline,
  StandardScaler,
} from 'ferryml';
import { decodeModelFile, MODEL_FILE, quantizeArtifacts, TfjsGraphModelStep } from 'ferryml/tfjs';
import { graphMlpArtifacts } from '../../examples/tfjs/graphMlp.ts';
import { loadKernels } from '../../src/kernels/loadKernels.ts';
import { pack } from '../../src/pack/pack.ts';
import { decodeFerryFile, encodeFerryFile } from '../../src/saving/format/ferryFile.ts';
import { PayloadSection } from '../../src/saving/format/PayloadSection.ts';
import { wasmXxh64 } from '../../src/saving/format/xxhash64.ts';

const INPUT_SHAPE = [2, 3, 1];
const ROWS = [
  [0.5, -1, 2, 0.25, 3, -0.75],
  [1, 1, 1, 1, 1, 1],
  [-2, 0.5, 0, 4, -1, 2],
  [0, 0, 0, 0, 0, 0],
];

async function graph(artifacts = graphMlpArtifacts(INPUT_SHAPE, 16, 3)): Promise<tf.GraphModel> {
  return tf.loadGraphModel(tf.io.fromMemory(artifacts));
}

/** What tfjs itself answers for `rows` (scaled as the pipeline's scaler does). */
async function tfjsAnswer(model: tf.GraphModel, rows: number[][]): Promise<Float32Array> {
  const x = tf.tensor(rows, [rows.length, ...INPUT_SHAPE]);
  const y = model.execute(x) as tf.Tensor;
  const data = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  return data;
}

async function fittedPipeline(model: tf.GraphModel, quantize?: 'float16' | 'uint8'): Promise<Pipeline> {
  const p = new Pipeline([new StandardScaler(), new TfjsGraphModelStep({ model, name: 'graph', quantize })]).setName(
    'vision',
  );
  await p.fit(ROWS, null);
  return p;
}

describe('TfjsGraphModelStep', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('runs a graph model in a pipeline, flat rows reshaped to the graph input, like tfjs itself', async () => {
    const model = await graph();
    const p = await fittedPipeline(model);
    const out = (await p.transform(ROWS)) as NDArray;
    assert.deepEqual(out.shape, [4, 3]);
    const scaled = (await (p.getStep('StandardScaler') as StandardScaler).transform(ROWS)) as NDArray;
    const rows = Array.from({ length: 4 }, (_, i) =>
      Array.from(scaled.data.subarray(i * 6, i * 6 + 6) as Float64Array),
    );
    assert.deepEqual(out.data, await tfjsAnswer(model, rows));
  });

  it('is saved and loaded without source, bit for bit, from a dump folder and from a pack', async () => {
    const model = await graph();
    const p = await fittedPipeline(model);
    const expected = ((await p.transform(ROWS)) as NDArray).data;
    const storage = new MemoryStorage();
    await p.save(new ExecutionContext(storage), { fullDump: true });
    assert.ok((await storage.list('vision')).includes(`vision/graph/${MODEL_FILE}`));
    const fromDump = await new ExecutionContext(storage).load('vision');
    assert.deepEqual(((await fromDump.transform(ROWS)) as NDArray).data, expected);
    const fromPack = await new ExecutionContext(new PackStorage(await pack(storage, 'vision'))).load('vision');
    assert.deepEqual(((await fromPack.transform(ROWS)) as NDArray).data, expected);
    // The live step still has its model after the save.
    assert.deepEqual(((await p.transform(ROWS)) as NDArray).data, expected);
  });

  it('is served by createPredictHandler', async () => {
    const model = await graph();
    const p = await fittedPipeline(model);
    const storage = new MemoryStorage();
    await p.save(new ExecutionContext(storage), { fullDump: true });
    const bytes = await pack(storage, 'vision');
    const served = createPredictHandler({
      load: () => new ExecutionContext(new PackStorage(bytes)).load('vision'),
      features: 6,
    });
    const response = await served(
      new Request('http://127.0.0.1/predict', { method: 'POST', body: JSON.stringify({ inputs: ROWS }) }),
    );
    assert.equal(response.status, 200);
    const { predictions } = (await response.json()) as { predictions: number[][] };
    const expected = ((await p.transform(ROWS)) as NDArray).data;
    assert.deepEqual(Float32Array.from(predictions.flat()), expected);
    const wrong = await served(
      new Request('http://127.0.0.1/predict', { method: 'POST', body: JSON.stringify({ inputs: [[1, 2]] }) }),
    );
    assert.equal(wrong.status, 400);
  });

  it('quantized saves answer like tfjs on the dequantized weights, and shrink the file', async () => {
    const artifacts = graphMlpArtifacts(INPUT_SHAPE, 512, 3);
    const exactBytes = await savedModelFileBytes(await graph(artifacts));
    for (const mode of ['float16', 'uint8'] as const) {
      const p = await fittedPipeline(await graph(artifacts), mode);
      const storage = new MemoryStorage();
      await p.save(new ExecutionContext(storage), { fullDump: true });
      const size = (await storage.read(`vision/graph/${MODEL_FILE}`)).byteLength;
      assert.ok(size < exactBytes * (mode === 'uint8' ? 0.4 : 0.65), `${mode}: ${size} bytes vs ${exactBytes}`);
      const loaded = await new ExecutionContext(storage).load('vision');
      // Reference: tfjs running the same graph on tfjs's own dequantization of the same quantized weights.
      const reference = await fittedPipeline(await graph(quantizeArtifacts(artifacts, mode)));
      assert.deepEqual(
        ((await loaded.transform(ROWS)) as NDArray).data,
        ((await reference.transform(ROWS)) as NDArray).data,
        mode,
      );
    }
  });

  it('weights that arrive quantized keep their stored bytes through save and load', async () => {
    const quantized = quantizeArtifacts(graphMlpArtifacts(INPUT_SHAPE, 16, 3), 'uint8');
    const p = await fittedPipeline(await graph(quantized));
    const storage = new MemoryStorage();
    await p.save(new ExecutionContext(storage), { fullDump: true });
    const file = `vision/graph/${MODEL_FILE}`;
    const decoded = await decodeModelFile(await storage.read(file), file);
    assert.deepEqual(decoded.weightSpecs, quantized.weightSpecs);
    const stored = new Uint8Array(decoded.weights.reduce((n, w) => n + w.byteLength, 0));
    let at = 0;
    for (const w of decoded.weights) {
      stored.set(w, at);
      at += w.byteLength;
    }
    assert.deepEqual(stored, new Uint8Array(quantized.weightData as ArrayBuffer));
  });

  it('a dump whose graph step lost its saver is an InvalidDumpFieldError naming the field', async () => {
    const p = await fittedPipeline(await graph());
    const storage = new MemoryStorage();
    await p.save(new ExecutionContext(storage), { fullDump: true });
    const file = 'vision/graph/graph.ferry';
    const original = await storage.read(file);
    const hasher = wasmXxh64(await loadKernels());
    const decoded = decodeFerryFile(original, file, hasher);
    const header = decoded.header as { fields: { savers: unknown[] } };
    header.fields.savers = [];
    await storage.write(file, encodeFerryFile(header, new PayloadSection(hasher), hasher));
    await assert.rejects(new ExecutionContext(storage).load('vision'), (e) => {
      assert.ok(e instanceof InvalidDumpFieldError, String(e));
      assert.match(String(e), /savers/);
      return true;
    });
  });

  it('answers inputs that do not fit the graph input with InvalidInputError naming the step, leaving no tensors', async () => {
    const step = new TfjsGraphModelStep({ model: await graph(), name: 'vision' });
    const cases: [unknown, string][] = [
      [[[1, 2, 3, 4, 5]], 'rows of 5 values do not fill the graph input [-1, 2, 3, 1]'],
      [[[[1, 2, 3, 4, 5, 6]]], 'the graph takes inputs of shape [rows, 2, 3, 1]; got [1, 1, 6]'],
      [[1, 2, 3], 'the graph takes inputs of shape [rows, 2, 3, 1]; got [3]'],
      [new NDArray('int32', [1, 6], new Int32Array(6)), 'the graph takes float32 inputs; got int32'],
    ];
    for (const [input, detail] of cases) {
      const before = tf.memory().numTensors;
      await assert.rejects(
        step.transform(input),
        (e: unknown) => e instanceof InvalidInputError && e.message === `Step "vision" inputs: ${detail}`,
      );
      assert.equal(tf.memory().numTensors, before, detail);
    }
    // A graph whose batch size is fixed (as some converted models are) takes only that many rows.
    const fixed = graphMlpArtifacts(INPUT_SHAPE, 16, 3);
    const x = (
      fixed.modelTopology as { node: { name: string; attr: { shape: { shape: { dim: { size: string }[] } } } }[] }
    ).node.find((n) => n.name === 'x');
    assert.ok(x);
    x.attr.shape.shape.dim[0].size = '2';
    const two = new TfjsGraphModelStep({ model: await graph(fixed), name: 'two' });
    assert.deepEqual(((await two.transform(ROWS.slice(0, 2))) as NDArray).shape, [2, 3]);
    await assert.rejects(
      two.transform(ROWS.slice(0, 3)),
      (e: unknown) =>
        e instanceof InvalidInputError &&
        e.message === 'Step "two" inputs: the graph takes inputs of shape [2, 2, 3, 1]; got [3, 2, 3, 1]',
    );
  });

  it('refuses a bad quantize mode and a bad outputs hyperparameter with typed errors', async () => {
    const model = await graph();
    assert.throws(
      () => new TfjsGraphModelStep({ model, quantize: 'int4' as never }),
      (e) => hasErrorCode(e, 'FERRY_INVALID_INPUT'),
    );
    const step = new TfjsGraphModelStep({ model, name: 'g' }).setHyperparams({ outputs: 7 as never });
    await assert.rejects(step.transform([ROWS[0]]), (e) => hasErrorCode(e, 'FERRY_INVALID_HYPERPARAMETER'));
  });
});

async function savedModelFileBytes(model: tf.GraphModel): Promise<number> {
  const p = await fittedPipeline(model);
  const storage = new MemoryStorage();
  await p.save(new ExecutionContext(storage), { fullDump: true });
  return (await storage.read(`vision/graph/${MODEL_FILE}`)).byteLength;
}
