/**
 * A step that crashes its worker (an uncaught error outside the task, as a bug in native or async code would) on a
 * batch whose first value is -2000, and passes other batches on. The cross-runtime test bundles this module for each
 * runtime and gives it to the workers as `workerModule`; the job imports it too, to register the class where the
 * pipeline is built.
 */
import { BaseStep, isNDArray, registerStep } from 'ferryml';

/** The first value that crashes a worker. */
export const CRASH = -2000;

export class Crasher extends BaseStep {
  protected transformStep(x: unknown): unknown {
    const first = isNDArray(x) ? Number(x.data[0]) : Number((x as number[][])[0][0]);
    if (first !== CRASH) return x;
    return new Promise(() => {
      setTimeout(() => {
        throw new Error('Crasher: crashing this worker');
      }, 0);
    });
  }
}

registerStep(Crasher, 'test.Crasher');
