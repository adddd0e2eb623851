import { KernelUnavailableError } from '../errors/index.ts';
import { Arena } from './arena.ts';
import type { FerryExports } from './exports.ts';
import { assertWasmSimd } from './simd.ts';

/** Anything the kernel module can be instantiated from. */
export type KernelSource = WebAssembly.Module | ArrayBuffer | Uint8Array | URL;

/** Supplies the kernel module when {@link loadKernels} is called without a source. */
export type KernelSourceProvider = () => Promise<KernelSource>;

/** An instantiated kernel module: its raw exports and the arena over its memory. */
export interface Kernels {
  readonly exports: FerryExports;
  readonly memory: WebAssembly.Memory;
  readonly arena: Arena;
  /** Bump-allocate `bytes` bytes (16-byte aligned); returns the pointer. */
  alloc(bytes: number): number;
  /** Free every arena allocation. */
  reset(): void;
}

let defaultProvider: KernelSourceProvider | undefined;
let cached: Promise<Kernels> | undefined;

/** Set the provider used when {@link loadKernels} is called without a source (e.g. `nodeKernelSource`). */
export function setDefaultKernelSource(provider: KernelSourceProvider | undefined): void {
  defaultProvider = provider;
}

/**
 * Instantiate Ferry's WASM kernels once per process and return the cached instance.
 * @param source - a compiled `WebAssembly.Module` (required on edge runtimes), the module bytes, or a URL; when omitted
 *   the provider set by {@link setDefaultKernelSource} is used. Ignored once the kernels are loaded.
 * @throws KernelUnavailableError when WebAssembly or SIMD is missing, no source is configured, or instantiation fails.
 */
export function loadKernels(source?: KernelSource): Promise<Kernels> {
  if (cached === undefined) {
    const p = instantiateKernels(source);
    cached = p;
    p.catch(() => {
      if (cached === p) cached = undefined;
    });
  }
  return cached;
}

/** Forget the cached instance (tests only). */
export function resetKernelCacheForTests(): void {
  cached = undefined;
}

function abort(msg: number, file: number, line: number, column: number): never {
  throw new Error(`Ferry WASM kernel aborted (message@${msg} in file@${file} at ${line}:${column})`);
}

async function instantiateKernels(source?: KernelSource): Promise<Kernels> {
  assertWasmSimd();
  let src = source;
  if (src === undefined) {
    if (defaultProvider === undefined) {
      throw new KernelUnavailableError(
        'no kernel source configured; call setDefaultKernelSource(...) or pass a WebAssembly.Module, bytes or URL',
      );
    }
    src = await defaultProvider();
  }
  const imports = { env: { abort } };
  let instance: WebAssembly.Instance;
  try {
    if (src instanceof WebAssembly.Module) {
      instance = await WebAssembly.instantiate(src, imports);
    } else if (src instanceof URL) {
      if (typeof WebAssembly.instantiateStreaming === 'function' && typeof fetch === 'function') {
        instance = (await WebAssembly.instantiateStreaming(fetch(src), imports)).instance;
      } else {
        const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
        instance = (await WebAssembly.instantiate(bytes, imports)).instance;
      }
    } else {
      const bytes = src instanceof Uint8Array ? src : new Uint8Array(src);
      instance = (await WebAssembly.instantiate(bytes as BufferSource, imports)).instance;
    }
  } catch (cause) {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    throw new KernelUnavailableError(
      src instanceof URL
        ? `could not load ferry.wasm from ${src.href}${why}. Serve the package's ferryml/ferry.wasm at that URL ` +
            'as application/wasm, or pass its bytes or a WebAssembly.Module to setDefaultKernelSource()'
        : `could not instantiate ferry.wasm${why}`,
      { cause },
    );
  }
  const exports = instance.exports as unknown as FerryExports;
  if (!(exports.memory instanceof WebAssembly.Memory) || typeof exports.heapBase !== 'function') {
    throw new KernelUnavailableError('ferry.wasm does not export the expected memory and kernels');
  }
  const arena = new Arena(exports.memory, exports.heapBase());
  return {
    exports,
    memory: exports.memory,
    arena,
    alloc: (bytes: number) => arena.alloc(bytes),
    reset: () => arena.reset(),
  };
}
