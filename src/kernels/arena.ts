import { WasmMemoryExhaustedError } from '../errors/index.ts';

const PAGE = 65536;
/** The most a 32-bit WebAssembly memory can address: 65,536 pages of 64 KiB. */
export const MAX_WASM32_BYTES = 65536 * PAGE;

/**
 * Bump allocator over the kernel module's linear memory, starting after its static data.
 * Typed-array views must be re-created after any `alloc`, which may grow (and so detach) the buffer.
 */
export class Arena {
  private top: number;
  /** Called when a release or reset frees every allocation (the kernels use it to give large memory back). */
  onIdle: (() => void) | undefined;

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly base: number,
  ) {
    this.top = base;
  }

  /**
   * Reserve `bytes` bytes, 16-byte aligned, growing memory by the missing pages only. Returns the pointer.
   * @throws WasmMemoryExhaustedError when the memory cannot grow that far (past 4 GiB, or refused by the engine);
   *   nothing is allocated then.
   */
  alloc(bytes: number): number {
    const ptr = Math.ceil(this.top / 16) * 16;
    const size = Math.max(0, Math.ceil(bytes));
    const end = ptr + size;
    const have = this.memory.buffer.byteLength;
    if (!(end <= MAX_WASM32_BYTES)) throw new WasmMemoryExhaustedError(bytes, this.top, MAX_WASM32_BYTES);
    if (end > have) {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch (cause) {
        throw new WasmMemoryExhaustedError(size, this.top, MAX_WASM32_BYTES, { cause });
      }
    }
    this.top = end;
    return ptr;
  }

  /** Current allocation mark, for {@link Arena.release}. */
  mark(): number {
    return this.top;
  }

  /** Free everything allocated after `mark`. */
  release(mark: number): void {
    this.top = mark;
    if (mark === this.base) this.onIdle?.();
  }

  /** Free all allocations. */
  reset(): void {
    this.top = this.base;
    this.onIdle?.();
  }

  /** Float64 view of `length` values at `ptr`. */
  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, length);
  }

  /** Float32 view of `length` values at `ptr`. */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, length);
  }

  /** Int32 view of `length` values at `ptr`. */
  i32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, length);
  }

  /** Uint32 view of `length` values at `ptr`. */
  u32(ptr: number, length: number): Uint32Array {
    return new Uint32Array(this.memory.buffer, ptr, length);
  }

  /** Allocate and copy a Float64Array in; returns the pointer. */
  putF64(src: ArrayLike<number>): number {
    const ptr = this.alloc(src.length * 8);
    this.f64(ptr, src.length).set(src);
    return ptr;
  }

  /** Allocate and copy a Float32Array in; returns the pointer. */
  putF32(src: ArrayLike<number>): number {
    const ptr = this.alloc(src.length * 4);
    this.f32(ptr, src.length).set(src);
    return ptr;
  }

  /** Allocate and copy an Int32Array in; returns the pointer. */
  putI32(src: ArrayLike<number>): number {
    const ptr = this.alloc(src.length * 4);
    this.i32(ptr, src.length).set(src);
    return ptr;
  }

  /** Copy `length` f64 values out of memory into a fresh array. */
  getF64(ptr: number, length: number): Float64Array {
    return this.f64(ptr, length).slice();
  }

  /** Copy `length` f32 values out of memory into a fresh array. */
  getF32(ptr: number, length: number): Float32Array {
    return this.f32(ptr, length).slice();
  }

  /** Copy `length` i32 values out of memory into a fresh array. */
  getI32(ptr: number, length: number): Int32Array {
    return this.i32(ptr, length).slice();
  }
}
