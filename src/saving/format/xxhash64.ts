import type { Kernels } from '../../kernels/loadKernels.ts';

/** The checksum exports of ferry.wasm (assembly/checksum.ts). */
interface ChecksumExports {
  xxh64Reset(): void;
  xxh64Update(ptr: number, len: number): void;
  xxh64Digest(ptr: number, len: number): bigint;
}

/** Bytes copied into WASM memory per update (a multiple of the 32-byte stripe). */
const CHUNK = 1 << 20;

/** Computes checksums of byte ranges; the dump format's is xxHash64 with seed 0. */
export interface Hasher {
  /** xxHash64 of the concatenation of `chunks`, as an unsigned 64-bit bigint. */
  hash(chunks: readonly Uint8Array[]): bigint;
}

/**
 * xxHash64 computed in WASM: the input is streamed through a 1 MiB window of the kernel module's
 * memory (~8 GB/s here including the copies), so nothing is concatenated.
 */
export function wasmXxh64(kernels: Kernels): Hasher {
  const ex = kernels.exports as unknown as ChecksumExports;
  return {
    hash(chunks) {
      const mark = kernels.arena.mark();
      const ptr = kernels.arena.alloc(CHUNK);
      try {
        const window = new Uint8Array(kernels.memory.buffer, ptr, CHUNK);
        ex.xxh64Reset();
        let fill = 0;
        for (const chunk of chunks) {
          let off = 0;
          while (off < chunk.byteLength) {
            const n = Math.min(CHUNK - fill, chunk.byteLength - off);
            window.set(chunk.subarray(off, off + n), fill);
            fill += n;
            off += n;
            if (fill === CHUNK) {
              ex.xxh64Update(ptr, CHUNK);
              fill = 0;
            }
          }
        }
        return BigInt.asUintN(64, ex.xxh64Digest(ptr, fill));
      } finally {
        kernels.arena.release(mark);
      }
    },
  };
}

/** Writes a u64 checksum as 8 little-endian bytes. */
export function checksumBytes(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, true);
  return out;
}

/** Reads 8 little-endian bytes as a u64 checksum. */
export function checksumFromBytes(bytes: Uint8Array): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
}
