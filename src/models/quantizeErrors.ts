import { FerryError } from '../errors/FerryError.ts';

/**
 * A float32 weight holds a finite value beyond float16's range (|x| ≥ 65520, which rounds past 65504):
 * `quantize: 'float16'` refuses it rather than store ±Infinity. Save without `quantize`, or with
 * `quantize: 'uint8'`, whose per-tensor range has no such limit.
 */
export class Float16RangeError extends FerryError {
  static readonly code = 'FERRY_FLOAT16_RANGE';
  constructor(
    readonly where: string,
    readonly weight: string,
    readonly index: number,
    readonly value: number,
  ) {
    super(
      Float16RangeError.code,
      `${where}: weight "${weight}" holds ${value} at flat index ${index}, beyond float16's largest finite value ` +
        `(65504; values of magnitude 65520 or more would become Infinity). Save it without quantize, or with ` +
        `quantize: 'uint8'.`,
    );
  }
}

/**
 * A float32 weight holds NaN or ±Infinity: `quantize: 'uint8'` needs a finite per-tensor range
 * (`min`, `scale`), so it refuses the weight rather than store a range of NaN.
 */
export class NonFiniteWeightError extends FerryError {
  static readonly code = 'FERRY_NON_FINITE_WEIGHT';
  constructor(
    readonly where: string,
    readonly weight: string,
    readonly index: number,
    readonly value: number,
  ) {
    super(
      NonFiniteWeightError.code,
      `${where}: weight "${weight}" holds ${value} at flat index ${index}; uint8 quantization needs finite ` +
        `values. Save it without quantize, or with quantize: 'float16' (which keeps NaN and ±Infinity).`,
    );
  }
}
