import { InvalidInputError } from '../errors/index.ts';

/** Which model a shape check speaks of, and whether its first axis (the rows) is checked too. */
export interface InputShapeCheck {
  /** How the error names the model (`the model`, `the graph`). */
  readonly model: string;
  /** Check the first axis as well, where `expected` gives it a size (graph models do; layers' predict does not). */
  readonly rows: boolean;
}

/**
 * Throws an {@link InvalidInputError} naming `where` and both shapes unless `shape` fits a model input of shape
 * `expected`: the same rank, and the same size on every axis where `expected` says one (`null` or a negative size,
 * as graph models write it, fits any size; the first axis only with `check.rows`). tfjs checks the same and throws
 * its own untyped errors.
 */
export function checkInputShape(
  expected: readonly (number | null)[],
  shape: readonly number[],
  where: string,
  check: InputShapeCheck,
): void {
  const free = (size: number | null, axis: number) => size === null || size < 0 || (axis === 0 && !check.rows);
  const fits =
    shape.length === expected.length && expected.every((size, axis) => free(size, axis) || size === shape[axis]);
  if (!fits) {
    const sizes = expected.map((size, axis) => (!free(size, axis) ? size : axis === 0 ? 'rows' : 'any'));
    throw new InvalidInputError(
      where,
      `${check.model} takes inputs of shape [${sizes.join(', ')}]; got [${shape.join(', ')}]`,
    );
  }
}
