import { InvalidDumpFieldError } from '../errors/index.ts';
import { type RegisteredClass, registeredIdOf } from '../saving/registry.ts';
import { BASE_STEP_FIELDS } from './baseStepFields.ts';
import type { ClassSchema, FieldSpec } from './ClassSchema.ts';
import { type Checker, compileFieldType } from './compileFieldType.ts';
import { describeValue } from './describeValue.ts';
import { ShapeBindings } from './ShapeBindings.ts';

const MSGPACK_SAVER_ID = 'ferry.MsgpackStepSaver';

let checksOn = true;

/**
 * @internal Benchmarks only (`bench/decoder.bench.ts` measures what the checks add to a load): turns them off and
 * returns the previous setting. Never exported from the package.
 */
export function setFieldChecksForBenchmark(on: boolean): boolean {
  const previous = checksOn;
  checksOn = on;
  return previous;
}

/** What a failure names. Checks run synchronously, one object at a time, so one record serves them all. */
const place = { file: '', stepPath: '', classId: '', isStep: false };
/** Shape names bound across the fields of the object being checked (one object at a time, reset for each). */
const shapes = new ShapeBindings();

function fail(field: string, expected: string, found: string): never {
  const where = place.isStep ? place.stepPath : `${place.stepPath}, object ${place.classId}`;
  throw new InvalidDumpFieldError(place.file, where, field, expected, found);
}

/**
 * Checks the decoded fields of an object of class `cls` (registered as `classId`) before it is built. In order:
 * 1. no field may hide something of the class's prototype chain (a method, a getter);
 * 2. for a step, every BaseStep field has its kind;
 * 3. with a schema: no unknown field, every required field present, every field of its declared kind, dtype and
 *    shape (in declaration order, shape names bound across fields), then each rule across fields;
 * 4. for a step: hyperparameter and space names are the step's own, of their declared kinds; the savers list holds
 *    no msgpack saver.
 * The first violation is an {@link InvalidDumpFieldError} naming `file`, the step path (plus the class id of a nested
 * object), the field, what was expected and what was found. Returns true when the fields were checked (false only
 * when a benchmark turned the checks off).
 */
export function checkFields(
  cls: RegisteredClass,
  classId: string,
  schema: ClassSchema | undefined,
  isStep: boolean,
  fields: Readonly<Record<string, unknown>>,
  file: string,
  stepPath: string,
): boolean {
  if (!checksOn) return false;
  place.file = file;
  place.stepPath = stepPath;
  place.classId = classId;
  place.isStep = isStep;
  const plan = planOf(cls, schema, isStep);
  const { slots, hidden } = plan;
  for (const key in fields) {
    const slot = slots.get(key);
    if (slot === undefined ? hidden.has(key) : slot.hidesMember)
      fail(key, `a data field of ${classId}`, 'a name that would hide a method or accessor of the class');
    if (slot === undefined && schema)
      fail(key, `one of the fields of ${classId} (${[...slots.keys()].join(', ')})`, 'an unknown field');
  }
  shapes.reset(fields);
  const ordered = plan.ordered;
  for (let i = 0; i < ordered.length; i++) {
    const slot = ordered[i];
    const value = fields[slot.key];
    if (value === undefined && !Object.hasOwn(fields, slot.key)) {
      if (!slot.optional) fail(slot.key, 'a required field', 'nothing (the field is missing)');
      continue;
    }
    const m = slot.check(value, shapes);
    if (m) fail(`${slot.key}${m.at}`, m.expected, m.found);
  }
  const rules = schema?.rules;
  if (rules) {
    for (let i = 0; i < rules.length; i++) {
      const v = rules[i].check(fields);
      if (v) fail(v.field, v.expected, v.found);
    }
  }
  if (isStep) checkStepParts(classId, plan, fields);
  return true;
}

/** One declared field, compiled. */
interface Slot {
  readonly key: string;
  readonly optional: boolean;
  /** The name is also a member of the class's prototype chain (a schema mistake; every dump is refused). */
  readonly hidesMember: boolean;
  readonly check: Checker;
}

/** What checking an object of one class needs, compiled once per class (and schema). */
interface Plan {
  readonly schema: ClassSchema | undefined;
  readonly isStep: boolean;
  /** Every property name of the class's prototype chain (methods, accessors, `constructor`, `__proto__`…). */
  readonly hidden: ReadonlySet<string>;
  /** The declared fields (a step's include BaseStep's) by name, in declaration order. */
  readonly slots: ReadonlyMap<string, Slot>;
  readonly ordered: readonly Slot[];
  /** Steps with a schema: the checker of each declared hyperparameter. */
  readonly hyperparameters: ReadonlyMap<string, Checker> | undefined;
}

const plans = new WeakMap<RegisteredClass, Plan>();

function planOf(cls: RegisteredClass, schema: ClassSchema | undefined, isStep: boolean): Plan {
  const cached = plans.get(cls);
  if (cached && cached.schema === schema && cached.isStep === isStep) return cached;
  const hidden = prototypeNames(cls);
  const specs: Readonly<Record<string, FieldSpec>> = isStep
    ? { ...BASE_STEP_FIELDS, ...schema?.fields }
    : (schema?.fields ?? {});
  const ordered = Object.entries(specs).map(
    ([key, spec]): Slot => ({
      key,
      optional: spec.optional === true,
      hidesMember: hidden.has(key),
      check: compileFieldType(spec.type),
    }),
  );
  const declared = schema?.hyperparameters;
  const plan: Plan = {
    schema,
    isStep,
    hidden,
    slots: new Map(ordered.map((slot) => [slot.key, slot])),
    ordered,
    hyperparameters: declared
      ? new Map(Object.entries(declared).map(([name, type]) => [name, compileFieldType(type)]))
      : undefined,
  };
  plans.set(cls, plan);
  return plan;
}

function prototypeNames(cls: RegisteredClass): ReadonlySet<string> {
  const all = new Set<string>();
  for (let o: object | null = cls.prototype as object; o !== null; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) all.add(name);
  }
  return all;
}

const anyHyperparameter = compileFieldType({ kind: 'hyperparameter' });

function checkStepParts(classId: string, plan: Plan, fields: Readonly<Record<string, unknown>>): void {
  const savers = fields.savers as readonly object[];
  for (let i = 0; i < savers.length; i++) {
    if (registeredIdOf(savers[i].constructor as RegisteredClass) === MSGPACK_SAVER_ID)
      fail(`savers[${i}]`, 'no msgpack saver (it is implicit and runs first on load)', describeValue(savers[i]));
  }
  const declared = plan.hyperparameters;
  const values = (fields.hyperparams as { values: Record<string, unknown> }).values;
  const space = (fields.space as { values: Record<string, unknown> }).values;
  shapes.reset(values);
  for (const name in values) {
    const check = declared ? declared.get(name) : anyHyperparameter;
    if (!check)
      fail(`hyperparams.values.${name}`, `a hyperparameter of ${classId} (${namesOf(declared)})`, 'an unknown name');
    const m = check(values[name], shapes);
    if (m) fail(`hyperparams.values.${name}${m.at}`, m.expected, m.found);
  }
  if (!declared) return;
  for (const name in space) {
    if (!declared.has(name))
      fail(`space.values.${name}`, `a hyperparameter of ${classId} (${namesOf(declared)})`, 'an unknown name');
  }
}

function namesOf(declared: ReadonlyMap<string, Checker> | undefined): string {
  return [...(declared?.keys() ?? [])].join(', ') || 'none';
}
