export { defaultBackendOrder, tfjsBackendName } from './defaultOrder.ts';
export { tfjsEngine } from './engine.ts';
export { type GpuProbe, nvidiaGpuVisible } from './gpuVisible.ts';
export { BACKEND_PACKAGES, DEFAULT_IMPORTERS } from './importers.ts';
export { type PickBackendOptions, pickBackend } from './pickBackend.ts';
export {
  BACKEND_CHOICES,
  type BackendAttempt,
  type BackendChoice,
  type BackendFactory,
  type BackendImporter,
  type PickedBackend,
  type TfjsEngine,
} from './types.ts';
export { defaultWasmPaths, importMetaResolve, type ModuleResolver, type WasmPaths } from './wasmPaths.ts';
