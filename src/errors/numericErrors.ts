// Errors of the numeric kernels and classical steps (issue 13) are declared here.
import { FerryError } from './FerryError.ts';

/** An SVD (one-sided Jacobi) did not converge within its sweep limit; names the step or kernel and the limit. */
export class SvdNotConvergedError extends FerryError {
  static readonly code = 'FERRY_SVD_NOT_CONVERGED';
  constructor(
    readonly where: string,
    readonly maxSweeps: number,
  ) {
    super(SvdNotConvergedError.code, `${where}: the SVD did not converge in ${maxSweeps} Jacobi sweeps`);
  }
}

/**
 * The kernels' WASM memory cannot hold what a computation asked for: past the 4 GiB a 32-bit WebAssembly memory can
 * address, or refused by the engine. Names the bytes asked for and the memory's size; nothing was allocated.
 */
export class WasmMemoryExhaustedError extends FerryError {
  static readonly code = 'FERRY_WASM_MEMORY_EXHAUSTED';
  constructor(
    /** Bytes the allocation asked for. */
    readonly requestedBytes: number,
    /** Bytes the memory held when it was asked. */
    readonly memoryBytes: number,
    /** The most a 32-bit WebAssembly memory can hold (4 GiB). */
    readonly limitBytes: number,
    options?: { cause?: unknown },
  ) {
    super(
      WasmMemoryExhaustedError.code,
      `WASM kernel memory exhausted: an allocation of ${requestedBytes} bytes (${(requestedBytes / 2 ** 20).toFixed(1)} MiB) ` +
        `does not fit beside the ${memoryBytes} bytes in use (a 32-bit WebAssembly memory holds at most ${limitBytes} bytes)` +
        (options?.cause
          ? `; the engine refused to grow it: ${String((options.cause as Error).message ?? options.cause)}`
          : ''),
      options,
    );
  }
}
