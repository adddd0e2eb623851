/**
 * Quantized saves (issue 15, part 5) on the seed MLP and a generated convolutional network
 * (test/models/quantizeModels.ts): for float32, float16 and uint8, the size of the model file
 * (`ferryHandler`) and of the parameters file (`saveParameters`), the largest output difference from
 * the float32 model and the largest weight error against the scheme's bound, then save and load times.
 * Peers measured in the same run: the float32 save/load (ratios), and tfjs's own layout of the same
 * artifacts (`model.json` + `weights.bin`, quantized as tfjs-converter writes them; its load is
 * `JSON.parse` + `tf.loadLayersModel(tf.io.fromMemory(...))`, where tfjs dequantizes).
 */
import * as tf from '@tensorflow/tfjs';
import { MemoryStorage } from 'ferryml';
import {
  decodeModelArtifacts,
  ferryHandler,
  type QuantizeMode,
  quantizeArtifacts,
  saveParameters,
} from '../../src/models/index.ts';
import { convNet, type MeasuredModel, seedMlp } from '../../test/models/quantizeModels.ts';
import { median, ms } from '../timing.ts';

type Mode = QuantizeMode | 'float32';
const MODES: readonly Mode[] = ['float32', 'float16', 'uint8'];

/** One model in one mode. */
export interface QuantizeRow {
  readonly model: string;
  readonly mode: Mode;
  readonly modelFileBytes: number;
  readonly tfjsLayoutBytes: number;
  readonly parametersFileBytes: number;
  readonly maxAbsOutputDiff: number;
  /** The largest |output| of the float32 model on the same input (the scale of the difference). */
  readonly maxAbsOutput: number;
  readonly maxWeightErrorOverBound: number;
  readonly saveMs: number;
  readonly loadMs: number;
  readonly tfjsLoadMs: number;
}

export async function runQuantizeBench(runs = 7): Promise<QuantizeRow[]> {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  const rows: QuantizeRow[] = [];
  for (const build of [seedMlp, convNet]) {
    const measured = build(tf);
    const reference = predict(measured.model, measured.input);
    for (const mode of MODES) rows.push(await measure(measured, mode, reference, runs));
    measured.input.dispose();
  }
  print(rows, runs);
  return rows;
}

async function measure(
  measured: MeasuredModel,
  mode: Mode,
  reference: Float32Array,
  runs: number,
): Promise<QuantizeRow> {
  const { model, input } = measured;
  const quantize = mode === 'float32' ? undefined : mode;
  const storage = new MemoryStorage();
  const saveTimes: number[] = [];
  const loadTimes: number[] = [];
  const tfjsLoadTimes: number[] = [];
  let loaded: tf.LayersModel | undefined;
  // tfjs's layout of the same artifacts: model.json (topology + weights manifest) and weights.bin.
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = quantize ? quantizeArtifacts(a, quantize) : a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  if (!artifacts) throw new Error('tfjs handed no artifacts');
  const modelJson = JSON.stringify({
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  });
  const weightsBin = tf.io.CompositeArrayBuffer.join(artifacts.weightData);

  for (let r = 0; r < runs + 1; r++) {
    let t0 = performance.now();
    await model.save(ferryHandler(storage, 'model.ferry', { quantize }));
    const save = performance.now() - t0;
    loaded?.dispose();
    t0 = performance.now();
    loaded = await tf.loadLayersModel(ferryHandler(storage, 'model.ferry'));
    const load = performance.now() - t0;
    t0 = performance.now();
    const json = JSON.parse(modelJson) as { modelTopology: object; weightsManifest: { weights: [] }[] };
    const fromTfjs = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0]?.weights,
        weightData: weightsBin.slice(0),
      }),
    );
    const tfjsLoad = performance.now() - t0;
    fromTfjs.dispose();
    if (r > 0) {
      saveTimes.push(save);
      loadTimes.push(load);
      tfjsLoadTimes.push(tfjsLoad);
    }
  }
  if (!loaded) throw new Error('nothing loaded');
  const output = predict(loaded, input);
  let maxAbsOutputDiff = 0;
  let maxAbsOutput = 0;
  for (let i = 0; i < output.length; i++) {
    maxAbsOutput = Math.max(maxAbsOutput, Math.abs(reference[i] as number));
    maxAbsOutputDiff = Math.max(maxAbsOutputDiff, Math.abs((output[i] as number) - (reference[i] as number)));
  }
  const maxWeightErrorOverBound = await weightErrorOverBound(model, loaded, storage);
  loaded.dispose();
  await saveParameters(model, storage, 'params.ferry', { quantize });
  return {
    model: measured.name,
    mode,
    modelFileBytes: (await storage.read('model.ferry')).byteLength,
    tfjsLayoutBytes: new TextEncoder().encode(modelJson).byteLength + weightsBin.byteLength,
    parametersFileBytes: (await storage.read('params.ferry')).byteLength,
    maxAbsOutputDiff,
    maxAbsOutput,
    maxWeightErrorOverBound,
    saveMs: median(saveTimes),
    loadMs: median(loadTimes),
    tfjsLoadMs: median(tfjsLoadTimes),
  };
}

/** The largest weight error of the loaded model, as a fraction of the scheme's bound for that weight. */
async function weightErrorOverBound(
  model: tf.LayersModel,
  loaded: tf.LayersModel,
  storage: MemoryStorage,
): Promise<number> {
  const artifacts = await decodeModelArtifacts(await storage.read('model.ferry'), 'model.ferry');
  const specs = artifacts.weightSpecs ?? [];
  const originals = model.getWeights();
  const back = loaded.getWeights();
  let worst = 0;
  specs.forEach((spec, i) => {
    const w = originals[i]?.dataSync() as Float32Array;
    const got = back[i]?.dataSync() as Float32Array;
    const q = spec.quantization;
    for (let k = 0; k < w.length; k++) {
      const err = Math.abs((got[k] as number) - (w[k] as number));
      if (!q) {
        if (err !== 0) worst = Number.POSITIVE_INFINITY;
        continue;
      }
      const bound =
        q.dtype === 'uint8'
          ? (q.scale as number) / 2 + 2 ** -24 * Math.abs(got[k] as number)
          : Math.max(2 ** -11 * Math.abs(w[k] as number), 2 ** -25);
      worst = Math.max(worst, err / bound);
    }
  });
  return worst;
}

function predict(model: tf.LayersModel, input: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(input) as tf.Tensor).dataSync() as Float32Array);
}

function print(rows: readonly QuantizeRow[], runs: number): void {
  console.log(
    `quantize.bench — quantized saves through ferryHandler / saveParameters, MemoryStorage (median of ${runs})`,
  );
  for (const model of new Set(rows.map((r) => r.model))) {
    const of = rows.filter((r) => r.model === model);
    const base = of.find((r) => r.mode === 'float32') as QuantizeRow;
    console.log(`  ${model}`);
    for (const r of of) {
      console.log(
        `    ${r.mode.padEnd(7)} model file ${kb(r.modelFileBytes)} (${(r.modelFileBytes / base.modelFileBytes).toFixed(3)}× float32;` +
          ` tfjs layout ${kb(r.tfjsLayoutBytes)}), parameters file ${kb(r.parametersFileBytes)}` +
          ` (${(r.parametersFileBytes / base.parametersFileBytes).toFixed(3)}×)`,
      );
      console.log(
        `            max |output − float32 output| ${r.maxAbsOutputDiff.toExponential(3)} (max |float32 output| ${r.maxAbsOutput.toExponential(3)}), max weight error / bound ${r.maxWeightErrorOverBound.toFixed(3)}`,
      );
      console.log(
        `            save ${ms(r.saveMs)} (${(r.saveMs / base.saveMs).toFixed(2)}× float32), load ${ms(r.loadMs)}` +
          ` (${(r.loadMs / base.loadMs).toFixed(2)}× float32; tfjs layout ${ms(r.tfjsLoadMs)} → ${(r.loadMs / r.tfjsLoadMs).toFixed(2)}×)`,
      );
    }
  }
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

if (import.meta.url === `file://${process.argv[1]}`) await runQuantizeBench();
