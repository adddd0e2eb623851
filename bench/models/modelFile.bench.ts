/**
 * Model files at dump speed (issue 15), beside tfjs's own files of the same model in the same run:
 * - read + decode of `model.ferry` (weights as views) against tfjs's read of `model.json` + `weights.bin`,
 *   `JSON.parse` and weight slicing (what its loaders do before building tensors); target ≤ 1.2×;
 * - the same with tfjs's artifacts handed over (`ferryHandler`'s load: one copy of the weights into one buffer);
 * - a pack of the model against the dump (target: the pack at least as fast);
 * - save: Ferry's model file against tfjs's two files;
 * - load into a live model: `tf.loadLayersModel` through `ferryHandler` against tfjs's own artifacts.
 * The model is generated (see generatedModels.ts): 402 weights, 11.3 MB, a ~200 KB `model.json`.
 */

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ExecutionContext, FileSystemStorage, PackStorage, Pipeline } from 'ferryml';
import { decodeModelArtifacts, decodeModelFile, encodeModelArtifacts, ferryHandler, TfjsModelStep } from 'ferryml/tfjs';
import { graphMlpArtifacts } from '../../examples/tfjs/graphMlp.ts';
import { pack } from '../../src/pack/pack.ts';
import { median, ms } from '../timing.ts';
import { artifactsOf, residualConvNet, tfjsFiles } from './generatedModels.ts';

type WeightSpec = tf.io.WeightsManifestEntry;

/**
 * Runs the contenders in blocks of `perBlock` runs each, alternating which goes first from round to round, and
 * returns each one's median over `rounds` blocks (after one unmeasured warm-up block each).
 *
 * Blocks, not single runs in turn: each contender reads a file of a different size (model.ferry 12.1 MB, weights.bin
 * 11.9 MB). Run alternately, the larger read never fits the block glibc just got back from the smaller one, so it
 * takes fresh pages from the kernel and pays ~3,000 page faults (2–5 ms) every time, whichever contender it is. In
 * blocks, each contender reuses its own freed memory, as any process loading models repeatedly does; a single cold
 * load pays the faults for tfjs's files and Ferry's alike.
 */
async function sideBySide(
  contenders: Record<string, () => Promise<unknown>>,
  rounds: number,
  perBlock = 5,
): Promise<Record<string, number>> {
  const names = Object.keys(contenders);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = -1; r < rounds; r++) {
    const order = r % 2 ? [...names].reverse() : names;
    for (const name of order) {
      for (let i = 0; i < perBlock; i++) {
        const t0 = performance.now();
        await contenders[name]();
        if (r >= 0) times[name].push(performance.now() - t0);
      }
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(times[n])]));
}

/** A file's bytes as a Uint8Array over Node's buffer (no copy). */
async function readBytes(path: string): Promise<Uint8Array> {
  const b = await readFile(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** What tfjs's loaders do with its own files before building tensors: read, parse, slice each weight out. */
async function tfjsReadAndSlice(dir: string): Promise<ArrayBuffer[]> {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {
    weightsManifest: { weights: WeightSpec[] }[];
  };
  const bin = await readFile(join(dir, 'weights.bin'));
  // The file's own ArrayBuffer when it has one (large reads do): no copy beyond the per-weight slices.
  const whole = bin.byteOffset === 0 && bin.byteLength === bin.buffer.byteLength;
  const buffer = whole ? bin.buffer : bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const out: ArrayBuffer[] = [];
  let offset = 0;
  for (const spec of json.weightsManifest[0].weights) {
    const size = spec.shape.reduce((a, b) => a * b, 1) * (spec.dtype === 'bool' ? 1 : 4);
    out.push(buffer.slice(offset, offset + size));
    offset += size;
  }
  return out;
}

/** Read + decode of the model in `dir` (model.ferry against model.json + weights.bin), printed as `label`. */
async function decodeSideBySide(label: string, dir: string): Promise<void> {
  const decode = await sideBySide(
    {
      tfjs: () => tfjsReadAndSlice(dir),
      ferryViews: async () => decodeModelFile(await readBytes(join(dir, 'model.ferry')), 'model.ferry'),
      ferryArtifacts: async () => decodeModelArtifacts(await readBytes(join(dir, 'model.ferry')), 'model.ferry'),
    },
    10,
  );
  console.log(
    `${label} read + decode: tfjs model.json + weights.bin + JSON.parse + slicing ${ms(decode.tfjs)}; ` +
      `Ferry model.ferry, weights as views ${ms(decode.ferryViews)} (${(decode.ferryViews / decode.tfjs).toFixed(2)}× tfjs; target ≤ 1.2×); ` +
      `as tfjs artifacts (one copy of the weights) ${ms(decode.ferryArtifacts)} (${(decode.ferryArtifacts / decode.tfjs).toFixed(2)}×)`,
  );
}

/** The same for a generated graph model (tfjs-converter's layout: a GraphDef in JSON), 784 → 2048 → 10. */
async function decodeGraphModel(parent: string): Promise<void> {
  const dir = join(parent, 'graph');
  mkdirSync(dir);
  const artifacts = graphMlpArtifacts([28, 28, 1], 2048, 10);
  const { modelJson, weightsBin } = tfjsFiles(artifacts);
  await writeFile(join(dir, 'model.json'), modelJson);
  await writeFile(join(dir, 'weights.bin'), weightsBin);
  await writeFile(join(dir, 'model.ferry'), await encodeModelArtifacts(artifacts, 'model.ferry'));
  console.log(
    `generated graph model: ${artifacts.weightSpecs?.length} weights, ${(weightsBin.byteLength / 2 ** 20).toFixed(1)} MB`,
  );
  await decodeSideBySide('graph model', dir);
}

export async function runModelFileBench(): Promise<void> {
  await tf.setBackend('cpu');
  const model = residualConvNet();
  const artifacts = await artifactsOf(model);
  const { modelJson, weightsBin } = tfjsFiles(artifacts);
  const dir = mkdtempSync(join(tmpdir(), 'ferry-model-bench-'));
  try {
    await writeFile(join(dir, 'model.json'), modelJson);
    await writeFile(join(dir, 'weights.bin'), weightsBin);
    const chunks = await encodeModelArtifacts(artifacts, 'model.ferry');
    await writeFile(join(dir, 'model.ferry'), chunks);
    const ferryBytes = (await readFile(join(dir, 'model.ferry'))).byteLength;
    console.log(
      `generated model: ${artifacts.weightSpecs?.length} weights, ${(weightsBin.byteLength / 2 ** 20).toFixed(1)} MB; ` +
        `model.json ${(modelJson.length / 1024).toFixed(0)} KB; model.ferry ${(ferryBytes / 2 ** 20).toFixed(2)} MB`,
    );

    await decodeSideBySide('layers model', dir);
    await decodeGraphModel(dir);

    // 2. A pack of a TfjsModelStep pipeline against its dump folder.
    const storage = new FileSystemStorage(join(dir, 'dumps'));
    const ctx = new ExecutionContext(storage);
    const pipeline = new Pipeline([new TfjsModelStep({ model, fitted: true, name: 'net' })]).setName('vision');
    await pipeline.save(ctx, { fullDump: true });
    const packBytes = await pack(storage, 'vision');
    await writeFile(join(dir, 'vision.ferrypack'), packBytes);
    const file = 'vision/net/model.ferry';
    const loads = await sideBySide(
      {
        dump: async () => decodeModelFile(await storage.read(file), file),
        pack: async () => {
          const bytes = await readBytes(join(dir, 'vision.ferrypack'));
          return decodeModelFile(await new PackStorage(bytes).read(file), file);
        },
      },
      10,
    );
    console.log(
      `model file from a dump folder ${ms(loads.dump)}, from a pack ${ms(loads.pack)} (pack/dump ${(loads.pack / loads.dump).toFixed(2)}×; target ≤ 1×), read + decode`,
    );

    // 3. Save: tfjs's two files (fs.writeFile) against Ferry's one (FileSystemStorage.write: chunks, no join).
    const outStorage = new FileSystemStorage(dir);
    const saves = await sideBySide(
      {
        tfjs: async () => {
          const files = tfjsFiles(artifacts);
          await writeFile(join(dir, 'out.json'), files.modelJson);
          await writeFile(join(dir, 'out.bin'), files.weightsBin);
        },
        ferry: async () => outStorage.write('out.ferry', await encodeModelArtifacts(artifacts, 'out.ferry')),
      },
      3,
    );
    console.log(
      `model save from artifacts: tfjs model.json + weights.bin ${ms(saves.tfjs)}, Ferry model.ferry ${ms(saves.ferry)} (${(saves.ferry / saves.tfjs).toFixed(2)}×)`,
    );

    // 4. Into a live model (cpu backend): tfjs's own artifacts against ferryHandler.
    const handler = ferryHandler(new FileSystemStorage(dir), 'model.ferry');
    const live = await sideBySide(
      {
        tfjs: async () => {
          const weightData = (await tfjsReadAndSlice(dir)) as ArrayBuffer[];
          const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
          const m = await tf.loadLayersModel(
            tf.io.fromMemory({
              modelTopology: json.modelTopology,
              weightSpecs: json.weightsManifest[0].weights,
              weightData,
            }),
          );
          m.dispose();
        },
        ferry: async () => (await tf.loadLayersModel(handler)).dispose(),
      },
      2,
      3,
    );
    console.log(
      `tf.loadLayersModel: tfjs's files ${ms(live.tfjs)}, ferryHandler ${ms(live.ferry)} (${(live.ferry / live.tfjs).toFixed(2)}×)`,
    );
  } finally {
    model.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
