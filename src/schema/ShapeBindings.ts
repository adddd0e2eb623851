import type { Dim } from './fieldTypes.ts';

/**
 * Sizes named in shape rules: integer fields of the object being checked, and symbols bound by their first use.
 * Shared by every field of one object, so `coef [k, nFeatures]` and `intercept [k]` must agree on `k`.
 */
export class ShapeBindings {
  private fields: Readonly<Record<string, unknown>> = {};
  private readonly bound = new Map<string, number>();

  /** Starts on the fields of another object. */
  reset(fields: Readonly<Record<string, unknown>>): void {
    this.fields = fields;
    if (this.bound.size > 0) this.bound.clear();
  }

  /** The size `dim` stands for, binding it to `actual` when it is a free symbol. */
  resolve(dim: Dim, actual: number): number {
    if (typeof dim === 'number') return dim;
    const field = Object.hasOwn(this.fields, dim) ? this.fields[dim] : undefined;
    if (typeof field === 'number') return field;
    const known = this.bound.get(dim);
    if (known !== undefined) return known;
    this.bound.set(dim, actual);
    return actual;
  }
}
