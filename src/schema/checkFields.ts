import { InvalidDumpFieldError } from '../errors/index.ts';
import { type RegisteredClass, registeredIdOf } from '../saving/registry.ts';
import { BASE_STEP_FIELDS } from './baseStepFields.ts';
import type { ClassSchema, FieldSpec } from './ClassSchema.ts';
import { checkValue, ShapeBindings } from './checkValue.ts';
import { describeValue } from './describeValue.ts';
import type { FieldType } from './fieldTypes.ts';

const MSGPACK_SAVER_ID = 'ferry.MsgpackStepSaver';
const ANY_HYPERPARAMETER: FieldType = { kind: 'hyperparameter' };

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
 * object), the field, what was expected and what was found.
 */
export function checkFields(
  cls: RegisteredClass,
  classId: string,
  schema: ClassSchema | undefined,
  isStep: boolean,
  fields: Readonly<Record<string, unknown>>,
  file: string,
  stepPath: string,
): void {
  if (!checksOn) return;
  place.file = file;
  place.stepPath = stepPath;
  place.classId = classId;
  place.isStep = isStep;
  const hidden = prototypeNames(cls);
  const { specs, entries } = specsOf(schema, isStep);
  for (const key in fields) {
    if (hidden.has(key))
      fail(key, `a data field of ${classId}`, 'a name that would hide a method or accessor of the class');
    if (schema && !Object.hasOwn(specs, key))
      fail(key, `one of the fields of ${classId} (${Object.keys(specs).join(', ')})`, 'an unknown field');
  }
  shapes.reset(fields);
  for (let i = 0; i < entries.length; i++) {
    const [key, spec] = entries[i];
    if (!Object.hasOwn(fields, key)) {
      if (!spec.optional) fail(key, 'a required field', 'nothing (the field is missing)');
      continue;
    }
    const m = checkValue(spec.type, fields[key], shapes);
    if (m) fail(`${key}${m.at}`, m.expected, m.found);
  }
  const rules = schema?.rules;
  if (rules) {
    for (let i = 0; i < rules.length; i++) {
      const v = rules[i].check(fields);
      if (v) fail(v.field, v.expected, v.found);
    }
  }
  if (isStep) checkStepParts(classId, schema, fields);
}

const namesByClass = new WeakMap<RegisteredClass, ReadonlySet<string>>();

/** Every property name of a class's prototype chain (methods, accessors, `constructor`, `__proto__`…), cached per class. */
function prototypeNames(cls: RegisteredClass): ReadonlySet<string> {
  let names = namesByClass.get(cls);
  if (!names) {
    const all = new Set<string>();
    for (let o: object | null = cls.prototype as object; o !== null; o = Object.getPrototypeOf(o)) {
      for (const name of Object.getOwnPropertyNames(o)) all.add(name);
    }
    names = all;
    namesByClass.set(cls, names);
  }
  return names;
}

interface MergedSpecs {
  readonly specs: Readonly<Record<string, FieldSpec>>;
  readonly entries: ReadonlyArray<readonly [string, FieldSpec]>;
}

const BASE_ONLY: MergedSpecs = { specs: BASE_STEP_FIELDS, entries: Object.entries(BASE_STEP_FIELDS) };
const NOTHING: MergedSpecs = { specs: {}, entries: [] };
const mergedStep = new WeakMap<ClassSchema, MergedSpecs>();
const mergedObject = new WeakMap<ClassSchema, MergedSpecs>();

/** The fields a schema checks (a step's include BaseStep's), merged once per schema. */
function specsOf(schema: ClassSchema | undefined, isStep: boolean): MergedSpecs {
  if (!schema) return isStep ? BASE_ONLY : NOTHING;
  const cache = isStep ? mergedStep : mergedObject;
  let merged = cache.get(schema);
  if (!merged) {
    const specs = isStep ? { ...BASE_STEP_FIELDS, ...schema.fields } : schema.fields;
    merged = { specs, entries: Object.entries(specs) };
    cache.set(schema, merged);
  }
  return merged;
}

function checkStepParts(
  classId: string,
  schema: ClassSchema | undefined,
  fields: Readonly<Record<string, unknown>>,
): void {
  const savers = fields.savers as readonly object[];
  for (let i = 0; i < savers.length; i++) {
    if (registeredIdOf(savers[i].constructor as RegisteredClass) === MSGPACK_SAVER_ID)
      fail(`savers[${i}]`, 'no msgpack saver (it is implicit and runs first on load)', describeValue(savers[i]));
  }
  const declared = schema?.hyperparameters;
  const values = (fields.hyperparams as { values: Record<string, unknown> }).values;
  const space = (fields.space as { values: Record<string, unknown> }).values;
  shapes.reset(values);
  for (const name in values) {
    const type = declared ? (Object.hasOwn(declared, name) ? declared[name] : undefined) : ANY_HYPERPARAMETER;
    if (!type)
      fail(
        `hyperparams.values.${name}`,
        `a hyperparameter of ${classId} (${Object.keys(declared ?? {}).join(', ') || 'none'})`,
        'an unknown name',
      );
    const m = checkValue(type, values[name], shapes);
    if (m) fail(`hyperparams.values.${name}${m.at}`, m.expected, m.found);
  }
  if (!declared) return;
  for (const name in space) {
    if (!Object.hasOwn(declared, name))
      fail(
        `space.values.${name}`,
        `a hyperparameter of ${classId} (${Object.keys(declared).join(', ') || 'none'})`,
        'an unknown name',
      );
  }
}
