/**
 * What the edge tests and benchmarks serve: the seed pipeline and the MLP trained in Node and packed
 * (examples/edge/makePacks.ts), the workerd example bundled beside the packs in a fresh folder under
 * tmp/, and Node's own answers to the requests they send, as the exact JSON text
 * (`{"predictions": ...}`) a server must return: the MLP's and the graph model's on tfjs's cpu
 * backend, and on its wasm backend created from the same SIMD binary the workerd workers import.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { NDArray } from 'ferryml';
import { TfjsModelStep } from 'ferryml/tfjs';
import {
  MLP_FEATURES,
  type PackedModel,
  packGraphModel,
  packSeedMlp,
  packSeedPipeline,
} from '../../examples/edge/makePacks.ts';
import { bundleWorkerd, TFJS_WASM_FILE } from '../../examples/edge/workerd/bundle.ts';
import { pickBackend } from '../../src/backend/index.ts';
import { ensureBuilt, ROOT } from '../runtimes/build.ts';

/** Rows the seed pipeline is asked about: the training points, points between and beyond them. */
export const SEED_INPUTS: number[][] = [[-1], [0], [0.25], [0.5], [1], [1.5], [2], [2.5], [3], [3.75], [5]];

/** Six rows of 100 features (deterministic, mixed signs, not round numbers). */
export const MLP_INPUTS: number[][] = Array.from({ length: 6 }, (_, r) =>
  Array.from({ length: MLP_FEATURES }, (_, c) => Math.sin(0.37 * c + 1.3 * r) * (1 + r / 4)),
);

/** A prepared folder: the workerd example, the packs, and Node's answers. */
export interface EdgeFixture {
  /** The workerd folder (config.capnp, seed.capnp, the bundled workers, ferry.wasm, the packs). */
  readonly dir: string;
  readonly seedPack: string;
  readonly mlpPack: string;
  readonly graphPack: string;
  /** `{"inputs": SEED_INPUTS}` and `{"inputs": MLP_INPUTS}`. */
  readonly seedRequest: string;
  readonly mlpRequest: string;
  /** Node's answer text to each request, from the live (never saved) models. */
  readonly seedExpected: string;
  /** The MLP's answer from tfjs's own `model.predict` on its cpu backend (the cpu workers and Deno must match it bit for bit). */
  readonly mlpExpected: string;
  /** The MLP's answer from `model.predict` on tfjs's wasm backend from `tfjs-backend-wasm-simd.wasm` (the wasm worker's). */
  readonly mlpWasmExpected: string;
  /** The graph model's answers to `mlpRequest` (also 100 features a row) on tfjs's cpu and wasm backends. */
  readonly graphExpected: string;
  readonly graphWasmExpected: string;
  /** Deletes the folder. */
  remove(): void;
}

async function answer(model: PackedModel, inputs: number[][]): Promise<string> {
  const out = (await model.model.transform(inputs)) as NDArray;
  return JSON.stringify({ predictions: out.toNested() });
}

/**
 * The MLP's answer text from tfjs itself: `model.predict` on the live layers model, no Ferry code on the way, so
 * that the servers' answers (which TfjsModelStep computes its own way, see predictLayers) are held to tfjs's.
 */
async function predictAnswer(mlp: PackedModel, inputs: number[][]): Promise<string> {
  const step = mlp.model.steps.find((s): s is TfjsModelStep => s instanceof TfjsModelStep);
  if (!step?.model) throw new Error('the MLP pack holds no TfjsModelStep with a model');
  const x = tf.tensor2d(inputs);
  const y = step.model.predict(x) as tf.Tensor;
  const rows = (await y.array()) as number[][];
  tf.dispose([x, y]);
  return JSON.stringify({ predictions: rows });
}

/**
 * Runs `f` on tfjs's wasm backend created from the compiled `wasmFile` (the worker's route), then
 * switches tfjs back to cpu.
 */
async function onWasm<T>(wasmFile: string, f: () => Promise<T>): Promise<T> {
  const picked = await pickBackend({
    order: ['wasm'],
    wasmModule: new WebAssembly.Module(readFileSync(wasmFile)),
  });
  if (picked.name !== 'wasm') throw new Error(`the fixture needs the wasm backend, got ${picked.name}`);
  try {
    return await f();
  } finally {
    await tf.setBackend('cpu');
  }
}

/** Builds dist/ if stale, trains and packs both models, bundles the workerd example into a fresh folder. */
export async function prepareEdgeFixture(): Promise<EdgeFixture> {
  await ensureBuilt();
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'tmp', 'edge-'));
  const [seed, mlp, graph] = [await packSeedPipeline(), await packSeedMlp(), await packGraphModel()];
  const seedPack = join(dir, 'seed.ferrypack');
  const mlpPack = join(dir, 'mlp.ferrypack');
  const graphPack = join(dir, 'graph.ferrypack');
  writeFileSync(seedPack, seed.bytes);
  writeFileSync(mlpPack, mlp.bytes);
  writeFileSync(graphPack, graph.bytes);
  await bundleWorkerd(dir);
  const mlpExpected = await predictAnswer(mlp, MLP_INPUTS);
  const graphExpected = await answer(graph, MLP_INPUTS);
  const [mlpWasmExpected, graphWasmExpected] = await onWasm(join(dir, TFJS_WASM_FILE), async () => [
    await predictAnswer(mlp, MLP_INPUTS),
    await answer(graph, MLP_INPUTS),
  ]);
  return {
    dir,
    seedPack,
    mlpPack,
    graphPack,
    seedRequest: JSON.stringify({ inputs: SEED_INPUTS }),
    mlpRequest: JSON.stringify({ inputs: MLP_INPUTS }),
    seedExpected: await answer(seed, SEED_INPUTS),
    mlpExpected,
    mlpWasmExpected,
    graphExpected,
    graphWasmExpected,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
