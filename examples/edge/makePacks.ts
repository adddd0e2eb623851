/**
 * Trains the models the edge examples serve, in Node, and packs each into one `.ferrypack` file: the
 * Neuraxle seed pipeline (IdentityWithQueue → shuffler → ravel → LogisticRegression, 1 feature), the
 * MXNet seed's MLP 100-256-256-1 as a TfjsModelStep (tfjs's cpu backend), and a tfjs graph model (a
 * converter-format MLP 100-256-10 with softmax, seeded weights) as a TfjsGraphModelStep.
 * Run: `node --import tsx examples/edge/makePacks.ts <folder>` (writes seed.ferrypack, mlp.ferrypack,
 * graph.ferrypack).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { ExecutionContext, MemoryStorage, Pipeline, pack } from 'ferryml';
import { TfjsModelStep } from 'ferryml/tfjs';
import { TfjsGraphModelStep } from 'ferryml/tfjs-graph';
import { buildSeedPipeline } from '../seed/seedPipeline.ts';
import { graphMlpArtifacts } from '../tfjs/graphMlp.ts';
import { buildSeedMlp } from '../tfjs/mlp.ts';

/** Features per row of each model (what `/predict` and `/predict/mlp` expect). */
export const SEED_FEATURES = 1;
export const MLP_FEATURES = 100;
export const GRAPH_FEATURES = 100;

/** A trained model and its pack. */
export interface PackedModel {
  /** The live model, for reference predictions. */
  readonly model: Pipeline;
  /** The pack: the whole dump in one file. */
  readonly bytes: Uint8Array;
}

/** Saves `model` with a full dump in memory and packs it. */
async function packed(model: Pipeline): Promise<PackedModel> {
  const storage = new MemoryStorage();
  await model.save(new ExecutionContext(storage), { fullDump: true });
  return { model, bytes: await pack(storage, model.name) };
}

/** The seed pipeline fitted on the notebook's data (x → 2x as labels), packed. */
export async function packSeedPipeline(): Promise<PackedModel> {
  const pipeline = buildSeedPipeline('seed');
  await pipeline.fit([[0], [1], [2], [3]], [[0], [2], [4], [6]]);
  return packed(pipeline);
}

/** The MXNet seed's MLP (weights from Normal(0, 1), seed 1) as a fitted TfjsModelStep, packed. */
export async function packSeedMlp(): Promise<PackedModel> {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  const step = new TfjsModelStep({ model: buildSeedMlp({ inputs: MLP_FEATURES, seed: 1 }), fitted: true });
  return packed(new Pipeline([step]).setName('mlp'));
}

/** A tfjs graph model (converter format: MatMul, BiasAdd, Relu, Softmax; 100-256-10) as a TfjsGraphModelStep, packed. */
export async function packGraphModel(): Promise<PackedModel> {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  const model = await loadGraphModel(tf.io.fromMemory(graphMlpArtifacts([GRAPH_FEATURES], 256, 10, 1)));
  return packed(new Pipeline([new TfjsGraphModelStep({ model })]).setName('graph'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const folder = process.argv[2] ?? 'edge-packs';
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'seed.ferrypack'), (await packSeedPipeline()).bytes);
  writeFileSync(join(folder, 'mlp.ferrypack'), (await packSeedMlp()).bytes);
  writeFileSync(join(folder, 'graph.ferrypack'), (await packGraphModel()).bytes);
  console.log(`wrote ${folder}/seed.ferrypack, ${folder}/mlp.ferrypack and ${folder}/graph.ferrypack`);
}
