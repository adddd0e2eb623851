/** Brand on BaseStep.prototype, so steps are recognised across module copies without import cycles. */
export const STEP_BRAND: unique symbol = Symbol.for('ferryml.step') as never;
/** Brand on BaseSaver.prototype. */
export const SAVER_BRAND: unique symbol = Symbol.for('ferryml.saver') as never;

/** True when `value` is a Ferry step (any copy of the package). */
export function hasStepBrand(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { [STEP_BRAND]?: unknown })[STEP_BRAND] === true;
}

/** True when `value` is a Ferry saver (any copy of the package). */
export function hasSaverBrand(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { [SAVER_BRAND]?: unknown })[SAVER_BRAND] === true;
}
