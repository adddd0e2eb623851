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
import { importWasmGlue, wasmBackendFromModule } from './wasmFromModule.ts';
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
  /**
   * The wasm backend's binary, already compiled: `tfjs-backend-wasm-simd.wasm` (or
   * `tfjs-backend-wasm.wasm`) of the installed `@tensorflow/tfjs-backend-wasm`, as a
   * `WebAssembly.Module`. Needed on workerd (Cloudflare Workers), which forbids compiling WebAssembly
   * at run time and hands `.wasm` imports over as compiled modules:
   * `import tfjsWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'`. When
   * given, the wasm backend is created from it (`wasmPaths` is not used); without it, `wasm` is
   * skipped on workerd with that reason.
   */
  readonly wasmModule?: WebAssembly.Module;
  /** Replaces the import of the wasm backend's single-threaded Emscripten glue (tests; custom bundles). */
  readonly wasmGlue?: BackendImporter;
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
 *
 * On workerd (Cloudflare Workers) the wasm backend needs its binary as a compiled module, since
 * compiling WebAssembly at run time is forbidden there: `pickBackend({ wasmModule })` with
 * `tfjs-backend-wasm-simd.wasm` imported as a module (see {@link PickBackendOptions.wasmModule}).
 * @throws InvalidInputError when `order` is empty or names an unknown backend, or `wasmModule` is
 *   not a `WebAssembly.Module`
 */
export async function pickBackend(options: PickBackendOptions = {}): Promise<PickedBackend> {
  const runtime = options.runtime ?? detectRuntime();
  const order = validateOrder(options.order ?? defaultBackendOrder(runtime));
  validateWasmModule(options.wasmModule);
  const engine = options.engine ?? tfjsEngine();
  const tried: BackendAttempt[] = [];
  for (const choice of order) {
    try {
      const wasm = await tryBackend(choice, runtime, engine, options);
      const picked: PickedBackend = { name: choice, tfjsBackend: tfjsBackendName(choice), runtime, tried };
      return choice === 'wasm' ? { ...picked, ...wasm } : picked;
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

function validateWasmModule(wasmModule: unknown): void {
  if (wasmModule === undefined || wasmModule instanceof WebAssembly.Module) return;
  const got = ArrayBuffer.isView(wasmModule) || wasmModule instanceof ArrayBuffer ? 'bytes' : typeof wasmModule;
  throw new InvalidInputError(
    'pickBackend',
    `wasmModule must be a compiled WebAssembly.Module (import the .wasm file as a module, or compile it with new WebAssembly.Module(bytes) where the runtime allows); got ${got}`,
  );
}

/** The wasm backend's own priority in tfjs (tfjs-backend-wasm's `WASM_PRIORITY`), when none is registered. */
const WASM_PRIORITY = 2;

/** What {@link tryBackend} reports about a wasm backend it initialised. */
type WasmSource = Pick<PickedBackend, 'wasmPaths' | 'wasmFrom'>;

/** Imports, initialises and activates one backend; throws {@link AttemptFailed} with the reason. */
async function tryBackend(
  choice: BackendChoice,
  runtime: RuntimeName,
  engine: TfjsEngine,
  options: PickBackendOptions,
): Promise<WasmSource> {
  const pkg = BACKEND_PACKAGES[choice];
  if ((choice === 'tensorflow' || choice === 'tensorflow-gpu') && runtime !== 'node') {
    throw new AttemptFailed(`${pkg} runs only in Node.js (this runtime is ${runtime})`);
  }
  if (choice === 'tensorflow-gpu') {
    const visible = await (options.gpuVisible ?? nvidiaGpuVisible)();
    if (visible !== true) throw new AttemptFailed(visible);
  }
  const name = tfjsBackendName(choice);
  const fromModule = choice === 'wasm' && options.wasmModule !== undefined;
  if (choice === 'wasm' && !fromModule && runtime === 'workerd' && engine.initialized(name) === undefined) {
    throw new AttemptFailed(
      `workerd forbids compiling WebAssembly at run time ("Wasm code generation disallowed by embedder"); pass wasmModule: ${pkg}'s tfjs-backend-wasm-simd.wasm imported as a module`,
    );
  }
  const importer = options.importers?.[choice] ?? DEFAULT_IMPORTERS[choice];
  let module: unknown;
  try {
    module = await importer();
  } catch (error) {
    throw new AttemptFailed(`cannot import ${pkg}: ${messageOf(error)}`);
  }
  let source: WasmSource = {};
  if (engine.initialized(name) === undefined) {
    if (fromModule) {
      engine.install(name, await backendFromModule(module, options), engine.factory(name)?.priority ?? WASM_PRIORITY);
      source = { wasmFrom: 'module' };
    } else {
      if (choice === 'wasm') {
        const wasmPaths = options.wasmPaths ?? defaultWasmPaths(runtime, options.resolveModule ?? importMetaResolve);
        configureWasmPaths(module, wasmPaths);
        source = { wasmPaths, wasmFrom: 'files' };
      }
      const registered = engine.factory(name);
      if (!registered) throw new AttemptFailed(`importing ${pkg} registered no "${name}" backend with this tfjs`);
      engine.install(name, await initialised(registered.factory), registered.priority);
    }
  }
  if (!(await engine.setBackend(name))) throw new AttemptFailed(`tfjs refused to switch to "${name}"`);
  return source;
}

/** Runs a backend factory; its failure (or no backend) becomes an {@link AttemptFailed}. */
async function initialised(factory: () => unknown): Promise<unknown> {
  let backend: unknown;
  try {
    backend = await factory();
  } catch (error) {
    throw new AttemptFailed(`initialisation failed: ${messageOf(error)}`);
  }
  if (backend === null || backend === undefined) throw new AttemptFailed('initialisation returned no backend');
  return backend;
}

/** The wasm backend created from `options.wasmModule` (see {@link wasmBackendFromModule}). */
async function backendFromModule(pkg: unknown, options: PickBackendOptions): Promise<unknown> {
  let glue: unknown;
  try {
    glue = await (options.wasmGlue ?? importWasmGlue)();
  } catch (error) {
    throw new AttemptFailed(
      `cannot import the wasm backend's glue (wasm-out/tfjs-backend-wasm.js): ${messageOf(error)}`,
    );
  }
  const wasmModule = options.wasmModule as WebAssembly.Module;
  return initialised(() => wasmBackendFromModule(pkg, glue, wasmModule));
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
