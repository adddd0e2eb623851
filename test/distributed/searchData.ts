/** The data and pipeline of the distributed search tests (generated; the same in every process that imports them). */
import { type BaseStep, LogisticRegression, LogUniform, Pipeline, StandardScaler } from 'ferryml';

/** `n` rows of a two-class problem with a nonlinear boundary (so that C matters). */
export function classificationData(n: number): { X: number[][]; y: number[] } {
  const X = Array.from({ length: n }, (_, i) => [Math.sin(i * 1.3), Math.cos(i * 0.7), ((i * 7) % 11) / 11 - 0.5]);
  const y = X.map(([a, b, c]) => (a + 0.5 * b - c + 0.3 * Math.sin(a * 5) > 0 ? 1 : 0));
  return { X, y };
}

/** StandardScaler + LogisticRegression with C searched on a log scale, after `first` when given. */
export function searchPipeline(first?: BaseStep): Pipeline {
  return new Pipeline([
    ...(first ? [first] : []),
    new StandardScaler(),
    new LogisticRegression({ space: { C: new LogUniform(0.001, 100) } }),
  ]).setName('search');
}
