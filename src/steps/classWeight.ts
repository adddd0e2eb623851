import { HyperparameterSamples } from '../hyperparams/index.ts';
import type { HyperparamsInput } from '../step/BaseStep.ts';

const PREFIX = 'classWeight__';

/**
 * Rewrites a `classWeight` given as `{label: weight}` (nested, or flattened to `classWeight__<label>` keys) into the
 * flat pair list `[label, weight, …]` that hyperparameter samples can hold; other inputs are returned unchanged.
 */
export function normaliseClassWeight(values: HyperparamsInput): HyperparamsInput {
  if (values instanceof HyperparameterSamples) return values;
  const out: Record<string, unknown> = {};
  const pairs: number[] = [];
  let found = false;
  for (const [key, value] of Object.entries(values)) {
    if (key === 'classWeight' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [label, w] of Object.entries(value as Record<string, unknown>)) pairs.push(Number(label), Number(w));
      found = true;
    } else if (key.startsWith(PREFIX)) {
      pairs.push(Number(key.slice(PREFIX.length)), Number(value));
      found = true;
    } else {
      out[key] = value;
    }
  }
  if (found) out.classWeight = pairs;
  return out;
}

/** The `[label, weight]` pairs of a stored pair list, or undefined when `value` is not a valid one. */
export function classWeightPairs(value: unknown): Array<[number, number]> | undefined {
  if (!Array.isArray(value) || value.length % 2 !== 0) return undefined;
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < value.length; i += 2) {
    const label = value[i];
    const weight = value[i + 1];
    if (typeof label !== 'number' || typeof weight !== 'number' || !Number.isFinite(label) || !(weight >= 0)) {
      return undefined;
    }
    pairs.push([label, weight]);
  }
  return pairs;
}
