import type { BackendChoice, BackendImporter } from './types.ts';

// The native packages are optional peers that may not be installed: non-literal specifiers keep
// type checkers and bundlers from resolving them.
const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu';
const TFJS_NODE = '@tensorflow/tfjs-node';

/** The npm package behind each backend choice (for messages). */
export const BACKEND_PACKAGES: Readonly<Record<BackendChoice, string>> = {
  'tensorflow-gpu': TFJS_NODE_GPU,
  tensorflow: TFJS_NODE,
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

/** Dynamic imports of each backend's package; importing one registers its backend with tfjs. */
export const DEFAULT_IMPORTERS: Readonly<Record<BackendChoice, BackendImporter>> = {
  'tensorflow-gpu': () => import(TFJS_NODE_GPU),
  tensorflow: () => import(TFJS_NODE),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};
