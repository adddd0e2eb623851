import { BaseStep } from '../step/BaseStep.ts';

/** Returns its input unchanged; a base for steps that only carry state or resources. */
export class Identity extends BaseStep {
  protected transformStep(x: unknown): unknown {
    return x;
  }
}
