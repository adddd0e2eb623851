/** Data inputs and expected outputs travelling through a pipeline together. */
export interface DataContainer<X = unknown, Y = unknown> {
  readonly x: X;
  readonly y?: Y;
}
