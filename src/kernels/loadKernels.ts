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
/** The instance `cached` resolved to, and the compiled module it came from (to make a fresh one). */
let current: Kernels | undefined;
let compiled: WebAssembly.Module | undefined;

/**
 * Default of {@link setKernelMemoryRetainLimit}: 256 MiB. Memory up to it is kept for the next computation (a fresh
 * instance must fault its pages in again: refitting 128 MiB in place measured 3.3× slower when given back each time,
 * bench/kernels/memoryRecycle.bench.ts); beyond it, it is given back.
 */
export const DEFAULT_KERNEL_MEMORY_RETAIN_BYTES = 256 * 2 ** 20;
let retainLimit = DEFAULT_KERNEL_MEMORY_RETAIN_BYTES;

/**
 * Sets how much WASM memory the kernels may keep once a computation is done. A WebAssembly memory never shrinks, so
 * when a computation (a fit on large data) leaves the instance's memory larger than this, the instance is replaced
 * by a fresh one from the same compiled module and the large memory is freed with the old instance: a long-lived
 * process returns to its baseline. `Infinity` keeps memory for reuse (faster repeated large fits). Returns the
 * previous limit.
 */
export function setKernelMemoryRetainLimit(bytes: number): number {
  const previous = retainLimit;
  retainLimit = bytes;
  return previous;
}

/**
 * Called when every arena allocation of `k` has been freed (`Arena.onIdle`): when `k` is the current instance and
 * its memory is past the retain limit, the next {@link loadKernels} gets a fresh instance. Callers still holding `k`
 * keep a working (old) instance until they drop it.
 */
function recycleKernelsIfLarge(k: Kernels): void {
  if (k !== current || compiled === undefined) return;
  if (k.memory.buffer.byteLength <= retainLimit || k.arena.mark() !== k.arena.base) return;
  current = undefined;
  const module = compiled;
  const p = instantiateModule(module).then((instance) => {
    const fresh = kernelsOf(instance);
    if (cached === p) current = fresh;
    return fresh;
  });
  cached = p;
  p.catch(() => {
    if (cached === p) cached = undefined;
  });
}

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
    const p = instantiateKernels(source).then(({ module, instance }) => {
      const k = kernelsOf(instance);
      if (cached === p) {
        compiled = module;
        current = k;
      }
      return k;
    });
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
  current = undefined;
  compiled = undefined;
}

function abort(msg: number, file: number, line: number, column: number): never {
  throw new Error(`Ferry WASM kernel aborted (message@${msg} in file@${file} at ${line}:${column})`);
}

const imports = { env: { abort } };

function instantiateModule(module: WebAssembly.Module): Promise<WebAssembly.Instance> {
  return WebAssembly.instantiate(module, imports);
}

async function instantiateKernels(
  source?: KernelSource,
): Promise<{ module: WebAssembly.Module; instance: WebAssembly.Instance }> {
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
  try {
    if (src instanceof WebAssembly.Module) {
      return { module: src, instance: await instantiateModule(src) };
    }
    if (src instanceof URL) {
      if (typeof WebAssembly.instantiateStreaming === 'function' && typeof fetch === 'function') {
        return await WebAssembly.instantiateStreaming(fetch(src), imports);
      }
      const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
      return await WebAssembly.instantiate(bytes, imports);
    }
    const bytes = src instanceof Uint8Array ? src : new Uint8Array(src);
    return await WebAssembly.instantiate(bytes as BufferSource, imports);
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
}

/** The kernels over a fresh instance: its exports and an arena over its memory. */
function kernelsOf(instance: WebAssembly.Instance): Kernels {
  const exports = instance.exports as unknown as FerryExports;
  if (!(exports.memory instanceof WebAssembly.Memory) || typeof exports.heapBase !== 'function') {
    throw new KernelUnavailableError('ferry.wasm does not export the expected memory and kernels');
  }
  const arena = new Arena(exports.memory, exports.heapBase());
  const kernels: Kernels = {
    exports,
    memory: exports.memory,
    arena,
    alloc: (bytes: number) => arena.alloc(bytes),
    reset: () => arena.reset(),
  };
  arena.onIdle = () => recycleKernelsIfLarge(kernels);
  return kernels;
}
