import type { FieldType } from './fieldTypes.ts';

/** One saved field of a class. */
export interface FieldSpec {
  readonly type: FieldType;
  /** Whether a dump may leave the field out (default: it must be present). */
  readonly optional?: boolean;
  /** One line for docs/FORMAT.md. */
  readonly doc: string;
}

/** What a broken rule reports: the field at fault, what was expected and what was found. */
export interface RuleViolation {
  readonly field: string;
  readonly expected: string;
  readonly found: string;
}

/** A rule across fields (checked after every field has its declared kind). */
export interface FieldRule {
  /** One sentence for docs/FORMAT.md and for a second implementation. */
  readonly doc: string;
  readonly check: (fields: Readonly<Record<string, unknown>>) => RuleViolation | undefined;
}

/**
 * The saved fields of a registered class, declared once next to the class. The loader checks every decoded object
 * against it before handing it out; docs/FORMAT.md's per-class tables, the JSON export and the fuzzer's structured
 * mutations are derived from it.
 */
export interface ClassSchema {
  /** `step` schemas also hold every BaseStep field and declare their hyperparameters. */
  readonly kind: 'step' | 'object';
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Steps: the step's own hyperparameters (unprefixed names) and their value kinds. */
  readonly hyperparameters?: Readonly<Record<string, FieldType>>;
  readonly rules?: readonly FieldRule[];
}
