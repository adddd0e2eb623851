import type { RuntimeName } from '../runtime.ts';

/**
 * The backends {@link pickBackend} knows: `tensorflow-gpu` (`@tensorflow/tfjs-node-gpu`),
 * `tensorflow` (`@tensorflow/tfjs-node`), `wasm` (`@tensorflow/tfjs-backend-wasm`) and `cpu` (plain JS).
 */
export type BackendChoice = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** Every {@link BackendChoice}, in Node's default order. */
export const BACKEND_CHOICES: readonly BackendChoice[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

/** One backend that was tried and not chosen, with the reason. */
export interface BackendAttempt {
  readonly name: BackendChoice;
  readonly error: string;
}

/** Loads the package that registers a backend with tfjs (a dynamic `import()`). */
export type BackendImporter = () => Promise<unknown>;

/** A backend factory as tfjs registers it. */
export interface BackendFactory {
  readonly factory: () => unknown;
  readonly priority: number;
}

/**
 * The part of tfjs-core the picker drives ({@link tfjsEngine} adapts the real `@tensorflow/tfjs`;
 * tests may inject fakes). The picker initialises a backend itself, so that a failure's reason is
 * known, then hands the ready instance to tfjs.
 */
export interface TfjsEngine {
  /** The backend instance tfjs already initialised under `name`, if any. */
  initialized(name: string): unknown;
  /** The factory registered under `name` (by importing a backend package), if any. */
  factory(name: string): BackendFactory | undefined;
  /** Replaces the factory of `name` by one returning the already initialised `backend`. */
  install(name: string, backend: unknown, priority: number): void;
  /** Makes `name` the active backend; false when tfjs refuses. */
  setBackend(name: string): Promise<boolean>;
}

/** What {@link pickBackend} chose. */
export interface PickedBackend {
  /** The backend that now runs tfjs. */
  readonly name: BackendChoice;
  /** Its tfjs name (`tensorflow` for both native packages). */
  readonly tfjsBackend: string;
  /** The runtime the order was chosen for. */
  readonly runtime: RuntimeName;
  /** Every backend tried before it, in order, each with why it was not used. */
  readonly tried: readonly BackendAttempt[];
  /** For `wasm`: where its `.wasm` files were loaded from (`undefined`: the package's own default). */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
  /**
   * For a `wasm` backend this call initialised: `'module'` when it runs the compiled `wasmModule`
   * passed in, `'files'` when the package loaded its `.wasm` files itself (from `wasmPaths`).
   * Absent when tfjs had already initialised it.
   */
  readonly wasmFrom?: 'module' | 'files';
}
