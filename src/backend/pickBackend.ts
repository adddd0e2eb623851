import { BackendUnavailableError, InvalidInputError } from '../errors/index.ts';
import { detectRuntime, type RuntimeName } from '../runtime.ts';
import { defaultBackendOrder, tfjsBackendName } from './defaultOrder.ts';
import { tfjsEngine } from './engine.ts';
import { type GpuProbe, nvidiaGpuVisible } from './gpuVisible.ts';
import { BACKEND_PACKAGES, DEFAULT_IMPORTERS } from './importers.ts';
import {
  BACKEND_CHOICES,
  type BackendAttempt,
  type BackendChoice,
  type BackendImporter,
  type PickedBackend,
  type TfjsEngine,
} from './types.ts';
import { defaultWasmPaths, importMetaResolve, type ModuleResolver, type WasmPaths } from './wasmPaths.ts';

/** Options of {@link pickBackend}; every one has a default, and every seam can be injected. */
export interface PickBackendOptions {
  /** Backends to try, in order (default: {@link defaultBackendOrder} for the runtime). */
  readonly order?: readonly BackendChoice[];
  /** The runtime to pick for (default: `detectRuntime()`). */
  readonly runtime?: RuntimeName;
  /** Replaces the dynamic import of some backends' packages (tests; custom bundles). */
  readonly importers?: Readonly<Partial<Record<BackendChoice, BackendImporter>>>;
  /** Whether a GPU is visible for `tensorflow-gpu` (default: the NVIDIA driver or `nvidia-smi -L`). */
  readonly gpuVisible?: GpuProbe;
  /** Where the wasm backend's `.wasm` files are (default: next to the resolved package, no network). */
  readonly wasmPaths?: WasmPaths;
  /** Resolves the wasm package for the default `wasmPaths` (default: `import.meta.resolve`). */
  readonly resolveModule?: ModuleResolver;
  /** The tfjs engine to configure (default: `@tensorflow/tfjs`'s). */
  readonly engine?: TfjsEngine;
}

/** A failed attempt, carried through {@link tryBackend}. */
class AttemptFailed extends Error {}

/**
 * Picks the fastest tfjs backend that works here and makes it tfjs's active backend. On Node.js it
 * tries `tensorflow-gpu` (`@tensorflow/tfjs-node-gpu`, only where a GPU is visible), `tensorflow`
 * (`@tensorflow/tfjs-node`), `wasm`, then `cpu`; elsewhere `wasm`, then `cpu`. Each backend is
 * imported dynamically and initialised by the picker itself, so a backend whose (asynchronous)
 * initialisation fails is skipped for the next one with its reason recorded: the result says which
 * backend runs and why each earlier one did not. When none works, one {@link BackendUnavailableError}
 * lists every attempt.
 */
export async function pickBackend(options: PickBackendOptions = {}): Promise<PickedBackend> {
  const runtime = options.runtime ?? detectRuntime();
  const order = validateOrder(options.order ?? defaultBackendOrder(runtime));
  const engine = options.engine ?? tfjsEngine();
  const tried: BackendAttempt[] = [];
  for (const choice of order) {
    try {
      const wasmPaths = await tryBackend(choice, runtime, engine, options);
      const picked: PickedBackend = { name: choice, tfjsBackend: tfjsBackendName(choice), runtime, tried };
      return choice === 'wasm' ? { ...picked, wasmPaths } : picked;
    } catch (error) {
      tried.push({ name: choice, error: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new BackendUnavailableError(tried);
}

function validateOrder(order: readonly BackendChoice[]): readonly BackendChoice[] {
  if (order.length === 0) throw new InvalidInputError('pickBackend', 'order is empty; name at least one backend');
  for (const name of order) {
    if (!BACKEND_CHOICES.includes(name)) {
      throw new InvalidInputError(
        'pickBackend',
        `unknown backend ${JSON.stringify(name)} in order; known: ${BACKEND_CHOICES.join(', ')}`,
      );
    }
  }
  return order;
}

/** Imports, initialises and activates one backend; throws {@link AttemptFailed} with the reason. */
async function tryBackend(
  choice: BackendChoice,
  runtime: RuntimeName,
  engine: TfjsEngine,
  options: PickBackendOptions,
): Promise<WasmPaths | undefined> {
  const pkg = BACKEND_PACKAGES[choice];
  if ((choice === 'tensorflow' || choice === 'tensorflow-gpu') && runtime !== 'node') {
    throw new AttemptFailed(`${pkg} runs only in Node.js (this runtime is ${runtime})`);
  }
  if (choice === 'tensorflow-gpu') {
    const visible = await (options.gpuVisible ?? nvidiaGpuVisible)();
    if (visible !== true) throw new AttemptFailed(visible);
  }
  const name = tfjsBackendName(choice);
  const importer = options.importers?.[choice] ?? DEFAULT_IMPORTERS[choice];
  let module: unknown;
  try {
    module = await importer();
  } catch (error) {
    throw new AttemptFailed(`cannot import ${pkg}: ${messageOf(error)}`);
  }
  let wasmPaths: WasmPaths | undefined;
  if (choice === 'wasm' && engine.initialized(name) === undefined) {
    wasmPaths = options.wasmPaths ?? defaultWasmPaths(runtime, options.resolveModule ?? importMetaResolve);
    configureWasmPaths(module, wasmPaths);
  }
  if (engine.initialized(name) === undefined) {
    const registered = engine.factory(name);
    if (!registered) throw new AttemptFailed(`importing ${pkg} registered no "${name}" backend with this tfjs`);
    let backend: unknown;
    try {
      backend = await registered.factory();
    } catch (error) {
      throw new AttemptFailed(`initialisation failed: ${messageOf(error)}`);
    }
    if (backend === null || backend === undefined) throw new AttemptFailed('initialisation returned no backend');
    engine.install(name, backend, registered.priority);
  }
  if (!(await engine.setBackend(name))) throw new AttemptFailed(`tfjs refused to switch to "${name}"`);
  return wasmPaths;
}

/** Hands the `.wasm` locations to the wasm backend package before it initialises. */
function configureWasmPaths(module: unknown, paths: WasmPaths | undefined): void {
  if (paths === undefined) return;
  const setWasmPaths = (module as { setWasmPaths?: unknown } | null)?.setWasmPaths;
  if (typeof setWasmPaths !== 'function') {
    throw new AttemptFailed('the imported wasm backend module has no setWasmPaths(); cannot locate its .wasm files');
  }
  try {
    (setWasmPaths as (p: WasmPaths) => void)(paths);
  } catch (error) {
    throw new AttemptFailed(`setWasmPaths failed: ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
