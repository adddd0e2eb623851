/**
 * A step for the distributed tests, registered here: workers import this module (`ferry worker --module`) to load it
 * without source. `Pause` passes its input through after waiting `delayMs` in fit and transform, so that a test can
 * kill a worker, or its coordinator, while a job is surely running.
 */
import { BaseStep, registerStep } from 'ferryml';

/** See the module comment. */
export class Pause extends BaseStep {
  protected override defaultHyperparams() {
    return { delayMs: 0 };
  }

  private wait(): Promise<void> {
    return new Promise((r) => setTimeout(r, this.hyperparams.get('delayMs') as number));
  }

  protected override async fitStep(): Promise<void> {
    await this.wait();
  }

  protected async transformStep(x: unknown): Promise<unknown> {
    await this.wait();
    return x;
  }
}

registerStep(Pause, 'test.distributed.Pause');
