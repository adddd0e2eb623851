import { CorruptDumpError, RegistryConflictError, UnknownClassError } from '../errors/index.ts';
import type { ClassSchema } from '../schema/ClassSchema.ts';

/** A class the registry can rebuild: any constructor (it is never called on load). */
// biome-ignore lint/suspicious/noExplicitAny: constructors of any signature can be registered.
export type RegisteredClass = abstract new (...args: any[]) => object;

const byId = new Map<string, RegisteredClass>();
/** Field names a rebuilt object may not have: they would shadow or reach its prototype machinery. */
const FORBIDDEN_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);
const idByClass = new Map<RegisteredClass, string>();
const schemaById = new Map<string, ClassSchema>();

/**
 * The id a class is saved under: its own static `classId` when it declares one
 * (e.g. `'ferry.LogisticRegression'`), otherwise its name. Give minified or
 * renamed classes an explicit id with `registerClass(Cls, 'my.Id')`.
 */
export function defaultClassId(cls: RegisteredClass): string {
  const own = Object.hasOwn(cls, 'classId') ? (cls as unknown as { classId: unknown }).classId : undefined;
  return typeof own === 'string' && own !== '' ? own : cls.name;
}

/**
 * Adds a class to the allow-list of what a dump may rebuild, with the schema its saved fields are checked against on
 * load (see {@link ClassSchema}). Registering the same class twice is harmless (a schema given later is kept);
 * another class under a taken id is a {@link RegistryConflictError}. Returns the id.
 */
export function registerClass(cls: RegisteredClass, id: string = defaultClassId(cls), schema?: ClassSchema): string {
  const existing = byId.get(id);
  if (existing && existing !== cls) throw new RegistryConflictError(id);
  byId.set(id, cls);
  if (!idByClass.has(cls)) idByClass.set(cls, id);
  if (schema) schemaById.set(id, schema);
  return id;
}

/** The field schema registered for `id`, if any. */
export function schemaOf(id: string): ClassSchema | undefined {
  return schemaById.get(id);
}

/** The id `cls` is registered under, or undefined. */
export function registeredIdOf(cls: RegisteredClass): string | undefined {
  return idByClass.get(cls);
}

/** The class registered under `id`; an {@link UnknownClassError} listing every id when there is none. */
export function lookupClass(id: string, file?: string): RegisteredClass {
  const cls = byId.get(id);
  if (!cls) throw new UnknownClassError(id, registeredClassIds(), file);
  return cls;
}

/** Every registered id, sorted. */
export function registeredClassIds(): string[] {
  return [...byId.keys()].sort();
}

/**
 * Rebuilds an instance of a registered class without running its constructor:
 * `Object.create(Class.prototype)` and the saved own fields. Nothing is evaluated. `fieldsChecked` says that
 * `checkFields` passed these fields (none names a member of the class's prototype chain, so none can reach a setter
 * or `__proto__`): they are then plainly assigned; otherwise each is guarded and defined as an own data property.
 */
export function instantiateRegistered(
  id: string,
  fields: Record<string, unknown>,
  file?: string,
  fieldsChecked = false,
): object {
  const cls = lookupClass(id, file);
  const obj = Object.create(cls.prototype) as Record<string, unknown>;
  if (fieldsChecked) {
    for (const key in fields) obj[key] = fields[key];
    return obj;
  }
  for (const key of Object.keys(fields)) {
    if (FORBIDDEN_FIELDS.has(key)) {
      throw new CorruptDumpError(file ?? '(unknown file)', 0, `object of class "${id}" has a field named "${key}"`);
    }
    Object.defineProperty(obj, key, { value: fields[key], writable: true, enumerable: true, configurable: true });
  }
  return obj;
}
