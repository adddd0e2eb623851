import { HYPERPARAMETER_CLASSES, type HyperparameterClass } from '../../src/hyperparams/index.ts';

/** Sample mean and (population) standard deviation. */
export function sampleStats(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance) };
}

/** Trapezoid rule of f over [a, b] with n intervals. */
export function trapezoid(f: (x: number) => number, a: number, b: number, n = 100_000): number {
  const h = (b - a) / n;
  let sum = 0.5 * (f(a) + f(b));
  for (let i = 1; i < n; i++) sum += f(a + i * h);
  return sum * h;
}

/** ∫ f over [a, b] (0 < a < b) on a log grid: ∫ f(e^u) e^u du. */
export function logTrapezoid(f: (x: number) => number, a: number, b: number, n = 100_000): number {
  return trapezoid((u) => f(Math.exp(u)) * Math.exp(u), Math.log(a), Math.log(b), n);
}

const byId = new Map<string, HyperparameterClass>(HYPERPARAMETER_CLASSES.map((c) => [c.classId, c]));
const byProto = new Map<object, HyperparameterClass>(HYPERPARAMETER_CLASSES.map((c) => [c.prototype, c]));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Mimics the dump writer: class instances become `{$class, fields}`, own enumerable fields only. */
export function dump(value: unknown): Json {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' || value === undefined) {
      throw new Error(`unserializable ${typeof value}`);
    }
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`non-finite number ${value}`);
    return value as Json;
  }
  if (Array.isArray(value)) return value.map(dump);
  const proto: unknown = Object.getPrototypeOf(value);
  const fields: { [key: string]: Json } = {};
  const names = Object.getOwnPropertyNames(value);
  if (names.length !== Object.keys(value).length) throw new Error('non-enumerable own field');
  for (const key of names) {
    const desc = Object.getOwnPropertyDescriptor(value, key)!;
    if (desc.get || desc.set) throw new Error(`accessor field ${key}`);
    fields[key] = dump(desc.value);
  }
  if (proto === Object.prototype || proto === null) return fields;
  const cls = byProto.get(proto as object);
  if (!cls) throw new Error(`unregistered class ${(value as object).constructor.name}`);
  return { $class: cls.classId, fields };
}

/** Mimics the dump loader: `Object.create(Class.prototype)` then assigns the saved fields (no constructor). */
export function load(json: Json): unknown {
  if (json === null || typeof json !== 'object') return json;
  if (Array.isArray(json)) return json.map(load);
  if (typeof json.$class === 'string') {
    const cls = byId.get(json.$class);
    if (!cls) throw new Error(`unknown class ${json.$class}`);
    const fields = load(json.fields as Json) as Record<string, unknown>;
    return Object.assign(Object.create(cls.prototype) as object, fields);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(json)) out[key] = load(json[key]);
  return out;
}

/** Full JSON round trip through {@link dump} and {@link load}. */
export function rebuild<T>(value: T): T {
  return load(JSON.parse(JSON.stringify(dump(value))) as Json) as T;
}
