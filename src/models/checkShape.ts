import { InvalidInputError } from '../errors/index.ts';

/** What a shape check compares with, as its error says it, and whether the first axis (the rows) is checked too. */
export interface ShapeCheck {
  /** The start of the error's sentence: `the model takes inputs`, `the graph takes inputs`, `the model gives outputs`. */
  readonly expects: string;
  /** Check the first axis as well, where `expected` gives it a size (graph models do; layers models do not). */
  readonly rows: boolean;
}

/**
 * Throws an {@link InvalidInputError} naming `where` and both shapes unless `shape` fits `expected` (a model's input
 * or output shape): the same rank, and the same size on every axis where `expected` says one (`null` or a negative
 * size, as graph models write it, fits any size; the first axis only with `check.rows`). tfjs checks the same and
 * throws its own untyped errors.
 */
export function checkShape(
  expected: readonly (number | null)[],
  shape: readonly number[],
  where: string,
  check: ShapeCheck,
): void {
  const free = (size: number | null, axis: number) => size === null || size < 0 || (axis === 0 && !check.rows);
  const fits =
    shape.length === expected.length && expected.every((size, axis) => free(size, axis) || size === shape[axis]);
  if (!fits) {
    const sizes = expected.map((size, axis) => (!free(size, axis) ? size : axis === 0 ? 'rows' : 'any'));
    throw new InvalidInputError(where, `${check.expects} of shape [${sizes.join(', ')}]; got [${shape.join(', ')}]`);
  }
}
