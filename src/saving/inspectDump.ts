import { isFerryError } from '../errors/index.ts';
import { loadKernels } from '../kernels/loadKernels.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import { joinStoragePath } from '../storage/validateStoragePath.ts';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits, resolveDecodeLimits } from './format/DecodeLimits.ts';
import { decodeFerryFile, verifyPayloadSection } from './format/ferryFile.ts';
import { isPlainRecord } from './format/plainRecord.ts';
import { ObjectRef, StepRef, TensorRef } from './format/refs.ts';
import { wasmXxh64 } from './format/xxhash64.ts';
import { registeredClassIds } from './registry.ts';

/** A tensor found in a step file. */
export interface TensorInfo {
  /** Field path, e.g. `coef` or `weights[2]`. */
  readonly path: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly bytes: number;
}

/** What a step file holds, read without rebuilding anything (so unregistered classes can be inspected). */
export interface StepInfo {
  readonly name: string;
  readonly class: string;
  /** Whether this process could rebuild the class (it is registered). */
  readonly registered: boolean;
  readonly file: string;
  readonly bytes: number;
  readonly formatVersion: string;
  /** The step's own hyperparameter values. */
  readonly hyperparams: Record<string, unknown>;
  /** The step's own hyperparameter space: name → distribution class and its fields. */
  readonly space: Record<string, unknown>;
  readonly savers: string[];
  /** Other fields, with tensors and child steps summarised. */
  readonly fields: Record<string, unknown>;
  readonly tensors: TensorInfo[];
  readonly children: StepInfo[];
}

/** One problem found by {@link verifyDump}. */
export interface DumpProblem {
  /** `error`: the dump is damaged; `warning`: it is sound but this process could not load it as is. */
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly offset?: number;
  readonly message: string;
}

/** Reads the step tree saved as `name` and describes it: classes, hyperparameters, tensors, children. */
export async function inspectDump(
  storage: StorageAdapter,
  name: string,
  options: { limits?: Partial<DecodeLimits> } = {},
): Promise<StepInfo> {
  const hasher = wasmXxh64(await loadKernels());
  const limits = resolveDecodeLimits(options.limits);
  const registered = new Set(registeredClassIds());
  const read = async (parents: string[], depth: number): Promise<StepInfo> => {
    const stepName = parents[parents.length - 1];
    const file = joinStoragePath(...parents, `${stepName}.ferry`);
    const bytes = await storage.read(file);
    const decoded = decodeFerryFile(bytes, file, hasher, limits);
    const header = decoded.header as Record<string, unknown>;
    const fields = (isPlainRecord(header) && isPlainRecord(header.fields) ? header.fields : {}) as Record<
      string,
      unknown
    >;
    verifyPayloadSection(decoded, file, hasher);
    const tensors: TensorInfo[] = [];
    const childNames: string[] = [];
    const summary: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'name' || key === 'hyperparams' || key === 'space' || key === 'savers') continue;
      summary[key] = summarise(value, key, tensors, childNames);
    }
    const children: StepInfo[] = [];
    if (depth < DEFAULT_DECODE_LIMITS.maxDepth) {
      for (const child of childNames) children.push(await read([...parents, child], depth + 1));
    }
    const classId = String(header.class);
    return {
      name: stepName,
      class: classId,
      registered: registered.has(classId),
      file,
      bytes: bytes.byteLength,
      formatVersion: `${decoded.major}.${decoded.minor}`,
      hyperparams: plainValues(fields.hyperparams),
      space: plainValues(fields.space),
      savers: Array.isArray(fields.savers)
        ? fields.savers.map((s) => (s instanceof ObjectRef ? s.classId : String(s)))
        : [],
      fields: summary,
      tensors,
      children,
    };
  };
  return read([name], 0);
}

/**
 * Checks every file of the dump saved as `name` (preambles, checksums, layout, limits, child files,
 * class ids) and returns every problem found, instead of stopping at the first.
 */
export async function verifyDump(
  storage: StorageAdapter,
  name: string,
): Promise<{ files: number; problems: DumpProblem[] }> {
  const hasher = wasmXxh64(await loadKernels());
  const registered = new Set(registeredClassIds());
  const problems: DumpProblem[] = [];
  let files = 0;
  const seen = new Set<string>();
  const visit = async (parents: string[], depth: number): Promise<void> => {
    const stepName = parents[parents.length - 1];
    const file = joinStoragePath(...parents, `${stepName}.ferry`);
    seen.add(file);
    try {
      const bytes = await storage.read(file);
      files++;
      const decoded = decodeFerryFile(bytes, file, hasher);
      const header = decoded.header as Record<string, unknown>;
      if (!isPlainRecord(header) || !isPlainRecord(header.fields) || typeof header.class !== 'string') {
        problems.push({ severity: 'error', file, offset: 40, message: 'header is not {format, class, name, fields}' });
        return;
      }
      if (header.name !== stepName)
        problems.push({ severity: 'error', file, offset: 40, message: `header names "${String(header.name)}"` });
      verifyPayloadSection(decoded, file, hasher);
      if (!registered.has(header.class)) {
        problems.push({
          severity: 'warning',
          file,
          message: `class "${header.class}" is not registered here (register it before loading)`,
        });
      }
      const childNames: string[] = [];
      summarise(header.fields, '', [], childNames);
      if (depth >= DEFAULT_DECODE_LIMITS.maxDepth)
        problems.push({ severity: 'error', file, message: 'step tree too deep' });
      else for (const child of childNames) await visit([...parents, child], depth + 1);
    } catch (error) {
      if (!isFerryError(error)) throw error;
      const offset = (error as { offset?: number }).offset;
      problems.push({ severity: 'error', file, offset, message: error.message });
    }
  };
  await visit([name], 0);
  // Every other file of the dump: other .ferry files (model and arrays files a saver wrote) are decoded and their
  // checksums checked; any other file is read, so that an adapter with checksums of its own (PackStorage) checks it.
  for (const file of await storage.list(name)) {
    if (seen.has(file)) continue;
    try {
      const bytes = await storage.read(file);
      files++;
      if (file.endsWith('.ferry')) verifyPayloadSection(decodeFerryFile(bytes, file, hasher), file, hasher);
    } catch (error) {
      if (!isFerryError(error)) throw error;
      const offset = (error as { offset?: number }).offset;
      problems.push({ severity: 'error', file, offset, message: error.message });
    }
  }
  return { files, problems };
}

function summarise(value: unknown, path: string, tensors: TensorInfo[], children: string[]): unknown {
  if (value instanceof TensorRef) {
    tensors.push({ path, dtype: value.dtype, shape: value.shape, bytes: value.byteLength });
    return `<${value.dtype} [${value.shape.join(', ')}]>`;
  }
  if (value instanceof StepRef) {
    children.push(value.name);
    return `<step ${value.name}>`;
  }
  if (value instanceof ObjectRef) {
    return { $class: value.classId, ...(summarise(value.fields, path, tensors, children) as Record<string, unknown>) };
  }
  if (Array.isArray(value)) return value.map((v, i) => summarise(v, `${path}[${i}]`, tensors, children));
  if (isPlainRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = summarise(v, path ? `${path}.${k}` : k, tensors, children);
    return out;
  }
  return value;
}

/** The `values` of a HyperparameterSamples/Space record, with distributions shown as `{$class, ...fields}`. */
function plainValues(record: unknown): Record<string, unknown> {
  if (!(record instanceof ObjectRef) || !isPlainRecord(record.fields.values)) return {};
  return summarise(record.fields.values, '', [], []) as Record<string, unknown>;
}
