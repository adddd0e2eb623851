/**
 * Run in any runtime (Node, Deno, Bun): which backend `pickBackend()` chooses here, and the time of
 * the seed MLP's forward pass (ones(1,100) and a 256-row batch) on every backend that works here.
 * Prints one JSON line.
 */
import * as tf from '@tensorflow/tfjs';
import { buildSeedMlp } from '../../examples/tfjs/mlp.ts';
import { type BackendChoice, pickBackend } from '../../src/backend/index.ts';
import { detectRuntime } from '../../src/runtime.ts';
import { median } from '../timing.ts';

/** Median forward-pass times per backend, in ms. */
export interface ForwardPassReport {
  readonly runtime: string;
  readonly picked: string;
  readonly notPicked: readonly string[];
  readonly perBackend: Readonly<Record<string, { single: number; batch256: number } | string>>;
}

export async function measureForwardPass(runs = 30): Promise<ForwardPassReport> {
  tf.env().set('PROD', true);
  const picked = await pickBackend();
  const perBackend: Record<string, { single: number; batch256: number } | string> = {};
  for (const name of ['wasm', 'cpu'] as BackendChoice[]) {
    try {
      await pickBackend({ order: [name] });
    } catch (error) {
      perBackend[name] = (error as Error).message;
      continue;
    }
    const net = buildSeedMlp({ seed: 1 });
    const time = async (x: tf.Tensor) => {
      const out: number[] = [];
      for (let i = 0; i < runs + 3; i++) {
        const t0 = performance.now();
        const y = net.predict(x) as tf.Tensor;
        await y.data();
        y.dispose();
        if (i >= 3) out.push(performance.now() - t0);
      }
      return median(out);
    };
    perBackend[name] = { single: await time(tf.ones([1, 100])), batch256: await time(tf.ones([256, 100])) };
  }
  return {
    runtime: detectRuntime(),
    picked: picked.name,
    notPicked: picked.tried.map((t) => `${t.name}: ${t.error}`),
    perBackend,
  };
}

const main = (globalThis as { process?: { argv?: string[] } }).process?.argv?.[1];
if (main && import.meta.url.endsWith(main.split('/').pop() ?? '\0')) {
  console.log(JSON.stringify(await measureForwardPass()));
}
