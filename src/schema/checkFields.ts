import { InvalidDumpFieldError } from '../errors/index.ts';
import { type RegisteredClass, registeredIdOf } from '../saving/registry.ts';
import { BASE_STEP_FIELDS } from './baseStepFields.ts';
import type { ClassSchema, FieldSpec } from './ClassSchema.ts';
import { checkValue, ShapeBindings } from './checkValue.ts';
import { describeValue } from './describeValue.ts';
import type { FieldType } from './fieldTypes.ts';

/** Where a checked object comes from, for the error. */
export interface FieldCheckPlace {
  readonly file: string;
  /** The step path (`pipeline/child`), plus the object's class id for nested objects. */
  readonly where: string;
}

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

/**
 * Checks the decoded fields of an object of class `cls` (registered as `classId`) before it is built. In order:
 * 1. no field may hide something of the class's prototype chain (a method, a getter);
 * 2. for a step, every BaseStep field has its kind;
 * 3. with a schema: no unknown field, every required field present, every field of its declared kind, dtype and
 *    shape (in declaration order, shape names bound across fields), then each rule across fields;
 * 4. for a step: hyperparameter and space names are the step's own, of their declared kinds; the savers list holds
 *    no msgpack saver.
 * The first violation is an {@link InvalidDumpFieldError} naming the file, step path, field, expected and found.
 */
export function checkFields(
  cls: RegisteredClass,
  classId: string,
  schema: ClassSchema | undefined,
  isStep: boolean,
  fields: Readonly<Record<string, unknown>>,
  place: FieldCheckPlace,
): void {
  if (!checksOn) return;
  const fail = failer(place);
  const hidden = prototypeNames(cls);
  const { specs, entries } = specsOf(schema, isStep);
  for (const key in fields) {
    if (hidden.has(key))
      fail(key, `a data field of ${classId}`, 'a name that would hide a method or accessor of the class');
    if (schema && !Object.hasOwn(specs, key))
      fail(key, `one of the fields of ${classId} (${Object.keys(specs).join(', ')})`, 'an unknown field');
  }
  const shapes = new ShapeBindings(fields);
  for (const [key, spec] of entries) {
    if (!Object.hasOwn(fields, key)) {
      if (!spec.optional) fail(key, 'a required field', 'nothing (the field is missing)');
      continue;
    }
    const m = checkValue(spec.type, fields[key], shapes);
    if (m) fail(`${key}${m.at}`, m.expected, m.found);
  }
  if (schema?.rules) {
    for (const rule of schema.rules) {
      const v = rule.check(fields);
      if (v) fail(v.field, v.expected, v.found);
    }
  }
  if (isStep) checkStepParts(classId, schema, fields, fail);
}

type Fail = (field: string, expected: string, found: string) => never;

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

function failer(place: FieldCheckPlace): Fail {
  return (field, expected, found) => {
    throw new InvalidDumpFieldError(place.file, place.where, field, expected, found);
  };
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
  fail: Fail,
): void {
  const savers = fields.savers as readonly object[];
  savers.forEach((saver, i) => {
    if (registeredIdOf(saver.constructor as RegisteredClass) === MSGPACK_SAVER_ID)
      fail(`savers[${i}]`, 'no msgpack saver (it is implicit and runs first on load)', describeValue(saver));
  });
  const declared = schema?.hyperparameters;
  const values = (fields.hyperparams as { values?: unknown }).values as Record<string, unknown>;
  const space = (fields.space as { values?: unknown }).values as Record<string, unknown>;
  const shapes = new ShapeBindings({});
  for (const name of Object.keys(values)) {
    const type: FieldType | undefined = declared ? declared[name] : { kind: 'hyperparameter' };
    if (!type)
      fail(
        `hyperparams.values.${name}`,
        `a hyperparameter of ${classId} (${Object.keys(declared ?? {}).join(', ') || 'none'})`,
        'an unknown name',
      );
    const m = checkValue(type as FieldType, values[name], shapes);
    if (m) fail(`hyperparams.values.${name}${m.at}`, m.expected, m.found);
  }
  for (const name of Object.keys(space)) {
    if (declared && !Object.hasOwn(declared, name))
      fail(
        `space.values.${name}`,
        `a hyperparameter of ${classId} (${Object.keys(declared).join(', ') || 'none'})`,
        'an unknown name',
      );
  }
}
