import type { BackendImporter } from './types.ts';
import { withoutNodeProcess } from './withoutNodeProcess.ts';

/**
 * The Emscripten glue of `@tensorflow/tfjs-backend-wasm`'s single-threaded binaries: one factory
 * runs both `tfjs-backend-wasm.wasm` and `tfjs-backend-wasm-simd.wasm` (the package's own `init()`
 * uses it for both). A literal specifier, so that a worker's bundler includes it.
 */
export const importWasmGlue: BackendImporter = () =>
  import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.js');

/** What the package's `init()` hands to `new BackendWasm(…)`: the Emscripten module with its `tfjs` bridge. */
interface EmscriptenModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => unknown;
  tfjs?: Record<string, (...args: number[]) => unknown>;
}

/** The settings of the Emscripten factory that this route uses. */
interface GlueSettings {
  locateFile(path: string): string;
  instantiateWasm(
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ): object;
  onAbort(reason: unknown): void;
}

type GlueFactory = (settings: GlueSettings) => Promise<EmscriptenModule>;

/**
 * Creates tfjs-backend-wasm's backend from a compiled `WebAssembly.Module`, for runtimes that forbid
 * compiling WebAssembly at run time (workerd: "Wasm code generation disallowed by embedder"). The
 * package's own `init()` always fetches and compiles bytes and takes no module (tensorflow/tfjs#8157),
 * so this does what `init()` does with the module instead: runs the package's Emscripten factory with
 * an `instantiateWasm` hook that instantiates `wasmModule` (instantiating a compiled module is
 * allowed everywhere), adds the same `tfjs` bridge of exported C functions, and constructs the
 * package's `BackendWasm`. Written against tfjs-backend-wasm 4.22; test/backend/wasmModule.test.ts
 * checks that it computes bit for bit what the package's own route computes.
 * @param pkg the imported `@tensorflow/tfjs-backend-wasm` module (its `BackendWasm` class is used)
 * @param glue the imported glue ({@link importWasmGlue})
 * @param wasmModule `tfjs-backend-wasm-simd.wasm` or `tfjs-backend-wasm.wasm` of the same version, compiled
 * @returns the backend instance, not yet registered with tfjs
 * @throws Error with the reason when the module is not a single-threaded tfjs-backend-wasm binary
 *   matching the glue (instantiation fails), or the package lacks what this route needs
 */
export async function wasmBackendFromModule(
  pkg: unknown,
  glue: unknown,
  wasmModule: WebAssembly.Module,
): Promise<unknown> {
  const BackendWasm = (pkg as { BackendWasm?: unknown } | null)?.BackendWasm;
  if (typeof BackendWasm !== 'function') {
    throw new Error('the imported @tensorflow/tfjs-backend-wasm exports no BackendWasm class');
  }
  const factory = glueFactory(glue);
  let fail: (error: Error) => void = () => {};
  // Emscripten's own promise never settles when instantiation fails outside it: race a failure.
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  // The factory's environment checks run now, synchronously: without `process`, it never takes its Node branch.
  const ready = withoutNodeProcess(() =>
    factory({
      // The binary is never fetched: the hook below hands the module over.
      locateFile: (path) => path,
      instantiateWasm: (imports, receive) => {
        WebAssembly.instantiate(wasmModule, imports)
          .then((instance) => receive(instance, wasmModule))
          .catch((error: unknown) =>
            fail(
              new Error(
                `wasmModule is not a single-threaded binary of this @tensorflow/tfjs-backend-wasm ` +
                  `(pass its tfjs-backend-wasm-simd.wasm or tfjs-backend-wasm.wasm): ${messageOf(error)}`,
              ),
            ),
          );
        return {}; // asynchronous: Emscripten waits for `receive`
      },
      onAbort: (reason) => fail(new Error(`the wasm backend aborted: ${messageOf(reason)}`)),
    }),
  );
  const module = await Promise.race([ready, failed]);
  // The bridge the package's init() adds (backend_wasm.js), which BackendWasm and its kernels call.
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return new (BackendWasm as new (wasm: EmscriptenModule) => unknown)(module);
}

/** The factory function of the imported glue (a CommonJS module: its export may sit on `default`). */
function glueFactory(glue: unknown): GlueFactory {
  const candidate = typeof glue === 'function' ? glue : (glue as { default?: unknown } | null)?.default;
  if (typeof candidate !== 'function') {
    throw new Error('the imported tfjs-backend-wasm glue (wasm-out/tfjs-backend-wasm.js) exports no factory');
  }
  return candidate as GlueFactory;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
