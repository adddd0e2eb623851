import type { FieldRule, RuleViolation } from './ClassSchema.ts';
import { describeValue } from './describeValue.ts';

/** The value of a step's own hyperparameter in decoded fields (`undefined` when unset). */
export function hyperparameterOf(fields: Readonly<Record<string, unknown>>, name: string): unknown {
  const values = (fields.hyperparams as { values?: Record<string, unknown> } | undefined)?.values;
  return values && Object.hasOwn(values, name) ? values[name] : undefined;
}

/** Rule: once `isFitted` is true, each of `names` is set (not null), when `condition` holds (default: always). */
export function setWhenFitted(
  names: readonly string[],
  condition?: { readonly doc: string; readonly holds: (fields: Readonly<Record<string, unknown>>) => boolean },
): FieldRule {
  return {
    doc: `When \`isFitted\` is true${condition ? ` and ${condition.doc}` : ''}, ${names.map((n) => `\`${n}\``).join(', ')} ${names.length > 1 ? 'are' : 'is'} not null.`,
    check: (fields) => {
      if (fields.isFitted !== true || (condition && !condition.holds(fields))) return undefined;
      for (const name of names) {
        if (fields[name] === null || fields[name] === undefined)
          return {
            field: name,
            expected: `a value once the step is fitted${condition ? ` and ${condition.doc}` : ''}`,
            found: describeValue(fields[name]),
          };
      }
      return undefined;
    },
  };
}

/** Rule: a hyperparameter that is not false (the default being true). */
export function flagIsOn(name: string): {
  readonly doc: string;
  readonly holds: (fields: Readonly<Record<string, unknown>>) => boolean;
} {
  return {
    doc: `hyperparameter \`${name}\` is not false`,
    holds: (fields) => hyperparameterOf(fields, name) !== false,
  };
}

/** Rule: the number of items or rows of `field` equals hyperparameter `name` (when both are set). */
export function rowsEqualHyperparameter(field: string, name: string): FieldRule {
  return {
    doc: `\`${field}\` has as many rows as hyperparameter \`${name}\`.`,
    check: (fields): RuleViolation | undefined => {
      const value = fields[field] as { shape?: readonly number[] } | null | undefined;
      const expected = hyperparameterOf(fields, name);
      if (!value?.shape || typeof expected !== 'number' || value.shape[0] === expected) return undefined;
      return { field, expected: `${expected} rows (hyperparameter ${name})`, found: describeValue(value) };
    },
  };
}
