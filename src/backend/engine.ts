import * as tf from '@tensorflow/tfjs';
import type { BackendFactory, TfjsEngine } from './types.ts';

type KernelBackend = ReturnType<typeof tf.backend>;

/** The real tfjs engine as a {@link TfjsEngine} (the picker's default). */
export function tfjsEngine(): TfjsEngine {
  return {
    initialized: (name) => tf.engine().registry[name],
    factory: (name): BackendFactory | undefined => tf.engine().registryFactory[name],
    install: (name, backend, priority) => {
      tf.removeBackend(name);
      tf.registerBackend(name, () => backend as KernelBackend, priority);
    },
    setBackend: (name) => tf.setBackend(name),
  };
}
