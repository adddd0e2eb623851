/**
 * Steps for the queued-pipeline tests, registered here: the tests pass this module as `workerModule`, so that workers
 * can load them without source. Their behaviour is driven by the data: a row whose first value is a sentinel makes a
 * batch slow, fail, or kill its worker.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { BaseStep, InvalidInputError, isNDArray, NDArray, registerStep } from 'ferryml';

/** First values that trigger behaviours. */
export const FAIL = -1000;
export const DIE_ALWAYS = -2000;
export const DIE_ONCE = -3000;
export const SLOW = -4000;

function firstValue(x: unknown): number {
  if (isNDArray(x)) return Number(x.data[0]);
  const row = (x as unknown[])[0];
  return Array.isArray(row) ? Number(row[0]) : Number(row);
}

/**
 * Doubles its input. Hyperparameters: `marker` (a file path: DIE_ONCE kills the worker only while it is absent, and
 * creates it), `delayMs` (how long a SLOW batch takes; later batches are fast, so they finish first), `dieInSetup`
 * (a worker dies as it loads it; the main thread does not).
 */
export class Doubler extends BaseStep {
  protected override defaultHyperparams() {
    return { marker: '', delayMs: 0, dieInSetup: false };
  }

  override async setup(context?: Parameters<BaseStep['setup']>[0]): Promise<this> {
    if (this.hyperparams.get('dieInSetup') === true && !isMainThread) process.exit(9);
    return super.setup(context);
  }

  protected async transformStep(x: unknown): Promise<unknown> {
    const first = firstValue(x);
    if (first === FAIL) throw new InvalidInputError(`Step "${this.name}"`, 'the batch holds the FAIL sentinel');
    if (first === DIE_ALWAYS) process.exit(7);
    if (first === DIE_ONCE) {
      const marker = this.hyperparams.get('marker') as string;
      if (!existsSync(marker)) {
        writeFileSync(marker, 'died once');
        process.exit(8);
      }
    }
    if (first === SLOW) await new Promise((r) => setTimeout(r, this.hyperparams.get('delayMs') as number));
    const a = isNDArray(x) ? x : NDArray.fromNested(x as number[][]);
    return new NDArray(
      'float64',
      a.shape,
      Float64Array.from(a.data as Float64Array, (v) => 2 * v),
    );
  }
}

registerStep(Doubler, 'test.Doubler');
