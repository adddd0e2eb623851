import { invalidArgument } from '../errors.ts';
import type { HyperparameterValue } from '../values.ts';
import { Choice } from './Choice.ts';

/**
 * Choice whose options are listed by decreasing priority: probabilities must be
 * non-increasing with position. When `probas` is absent they decrease linearly,
 * p_i ∝ (n − i): e.g. 3 choices → 3/6, 2/6, 1/6.
 */
export class PriorityChoice<T extends HyperparameterValue = HyperparameterValue> extends Choice<T> {
  static override readonly classId: string = 'ferry.PriorityChoice';

  constructor(choices: readonly T[], probas?: readonly number[]) {
    const n = Array.isArray(choices) ? choices.length : 0;
    const total = (n * (n + 1)) / 2;
    super(choices, probas ?? (Array.isArray(choices) ? choices.map((_, i) => (n - i) / total) : undefined));
    for (let i = 1; i < this.probas.length; i++) {
      if (this.probas[i] > this.probas[i - 1] + 1e-12) {
        throw invalidArgument('PriorityChoice', 'probas', 'must be non-increasing (choices are sorted by priority)');
      }
    }
  }
}
