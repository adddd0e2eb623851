/** The versioned pipeline of the crash-safety tests: every step and every weight carries the version. */
import { Identity, NDArray, Pipeline, registerStep } from 'ferryml';

export class Versioned extends Identity {
  static readonly classId = 'test.Versioned';
  version = 0;
  weights: NDArray | null = null;
}
registerStep(Versioned);

/** The pipeline of a given version; step "b" holds 1 MiB, so small and large write paths are both crossed. */
export function versionedPipeline(version: number): Pipeline {
  const steps = ['a', 'b', 'c'].map((name, i) => {
    const s = new Versioned({ name });
    s.version = version;
    s.weights = NDArray.zeros('float64', [i === 1 ? 131072 : 16]);
    (s.weights.data as Float64Array).fill(version);
    return s;
  });
  return new Pipeline(steps).setName('dump');
}
