import type { DType } from '../../ndarray/dtypes.ts';

/** How a tensor payload is handed back: as an NDArray or as a bare typed array. */
export type TensorContainer = 'ndarray' | 'typed';

/** Header descriptor of a tensor whose bytes sit in the payload section. */
export class TensorRef {
  constructor(
    readonly dtype: DType,
    readonly shape: readonly number[],
    /** Byte offset relative to the start of the payload section (a multiple of 8). */
    readonly offset: number,
    readonly byteLength: number,
    readonly container: TensorContainer,
    /** xxHash64 (seed 0) of the payload bytes. */
    readonly checksum: bigint,
  ) {}
}

/** Header record of an instance of a registered class: its id and its own fields. */
export class ObjectRef {
  constructor(
    readonly classId: string,
    readonly fields: Record<string, unknown>,
  ) {}
}

/** Header reference to a child step saved in the sub-folder of that name. */
export class StepRef {
  constructor(readonly name: string) {}
}
