import { KernelUnavailableError } from '../errors/index.ts';

/** A minimal module whose only function uses v128 instructions (i8x16.splat, i8x16.popcnt). */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** Signature of `WebAssembly.validate`, injectable for tests. */
export type ValidateFn = (bytes: Uint8Array) => boolean;

/**
 * Throw {@link KernelUnavailableError} unless WebAssembly with the SIMD proposal is available.
 * @param validate - the validator to probe with (defaults to `WebAssembly.validate`).
 */
export function assertWasmSimd(validate?: ValidateFn): void {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (validate === undefined && wasm === undefined) {
    throw new KernelUnavailableError('this runtime has no WebAssembly support');
  }
  const check = validate ?? ((bytes: Uint8Array) => wasm!.validate(bytes as BufferSource));
  let ok: boolean;
  try {
    ok = check(SIMD_PROBE);
  } catch (cause) {
    throw new KernelUnavailableError('WebAssembly SIMD is required but could not be probed', { cause });
  }
  if (!ok) {
    throw new KernelUnavailableError(
      'WebAssembly SIMD (fixed-width 128-bit) is required; use Node >= 16.4, Chrome >= 91, Firefox >= 89 or Safari >= 16.4',
    );
  }
}
