import { HyperparameterSamples } from '../hyperparams/index.ts';
import type { HyperparamsInput } from '../step/BaseStep.ts';

const PREFIX = 'classWeight__';

/** An object key as a class label: a number when it spells one (`'1'` → 1), else the string itself (`'spam'`). */
function labelOfKey(key: string): number | string {
  const n = Number(key);
  return key.trim() !== '' && Number.isFinite(n) ? n : key;
}

/**
 * Rewrites a `classWeight` given as `{label: weight}` (nested, or flattened to `classWeight__<label>` keys) into the
 * flat pair list `[label, weight, …]` that hyperparameter samples can hold; other inputs are returned unchanged.
 */
export function normaliseClassWeight(values: HyperparamsInput): HyperparamsInput {
  if (values instanceof HyperparameterSamples) return values;
  const out: Record<string, unknown> = {};
  const pairs: Array<number | string> = [];
  let found = false;
  for (const [key, value] of Object.entries(values)) {
    if (key === 'classWeight' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [label, w] of Object.entries(value as Record<string, unknown>))
        pairs.push(labelOfKey(label), Number(w));
      found = true;
    } else if (key.startsWith(PREFIX)) {
      pairs.push(labelOfKey(key.slice(PREFIX.length)), Number(value));
      found = true;
    } else {
      out[key] = value;
    }
  }
  if (found) out.classWeight = pairs;
  return out;
}

/** The `[label, weight]` pairs of a stored pair list (labels numbers or strings), or undefined when it is not one. */
export function classWeightPairs(value: unknown): Array<[number | string, number]> | undefined {
  if (!Array.isArray(value) || value.length % 2 !== 0) return undefined;
  const pairs: Array<[number | string, number]> = [];
  for (let i = 0; i < value.length; i += 2) {
    const label = value[i];
    const weight = value[i + 1];
    const labelOk = typeof label === 'string' || (typeof label === 'number' && Number.isFinite(label));
    if (!labelOk || typeof weight !== 'number' || !(weight >= 0) || !Number.isFinite(weight)) {
      return undefined;
    }
    pairs.push([label, weight]);
  }
  return pairs;
}
