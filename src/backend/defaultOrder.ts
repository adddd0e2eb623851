import type { RuntimeName } from '../runtime.ts';
import type { BackendChoice } from './types.ts';

/**
 * The order {@link pickBackend} tries backends in: native TensorFlow (GPU, then CPU) only exists for
 * Node.js; every other runtime (Deno, Bun, browsers, workers, edge) tries wasm, then cpu.
 */
export function defaultBackendOrder(runtime: RuntimeName): BackendChoice[] {
  return runtime === 'node' ? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] : ['wasm', 'cpu'];
}

/** The tfjs backend name a choice registers. */
export function tfjsBackendName(choice: BackendChoice): string {
  return choice === 'tensorflow-gpu' ? 'tensorflow' : choice;
}
