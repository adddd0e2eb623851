import * as tf from '@tensorflow/tfjs-core';
import type { BackendFactory, TfjsEngine } from './types.ts';

type KernelBackend = ReturnType<typeof tf.backend>;

/** The real tfjs engine as a {@link TfjsEngine} (the picker's default). */
export function tfjsEngine(): TfjsEngine {
  return {
    initialized: (name) => tf.engine().registry[name],
    factory: (name): BackendFactory | undefined => tf.engine().registryFactory[name],
    install: (name, backend, priority) => {
      // tfjs throws when removing a name it does not know (a backend made here from a compiled module).
      if (tf.engine().registryFactory[name]) tf.removeBackend(name);
      tf.registerBackend(name, () => backend as KernelBackend, priority);
    },
    setBackend: (name) => tf.setBackend(name),
  };
}
