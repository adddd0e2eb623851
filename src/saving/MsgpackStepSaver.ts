import { CorruptDumpError, InvalidDumpFieldError } from '../errors/index.ts';
import { loadKernels } from '../kernels/loadKernels.ts';
import { checkFields } from '../schema/checkFields.ts';
import { describeValue } from '../schema/describeValue.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import { hasStepBrand } from '../step/brand.ts';
import { BaseSaver } from './BaseSaver.ts';
import { decodeField } from './decodeFields.ts';
import type { ExecutionContext } from './ExecutionContext.ts';
import { encodeField } from './encodeFields.ts';
import { FORMAT_MAJOR, FORMAT_MINOR, PREAMBLE_BYTES } from './format/constants.ts';
import { DEFAULT_DECODE_LIMITS } from './format/DecodeLimits.ts';
import { type DecodedFerryFile, decodeFerryFile, encodeFerryFile, verifyPayloadSection } from './format/ferryFile.ts';
import { PayloadSection } from './format/PayloadSection.ts';
import { isPlainRecord } from './format/plainRecord.ts';
import { wasmXxh64 } from './format/xxhash64.ts';
import {
  defaultClassId,
  instantiateRegistered,
  lookupClass,
  type RegisteredClass,
  registerClass,
  registeredIdOf,
  schemaOf,
} from './registry.ts';

/** Lifecycle flags that describe a live process, not the step: never written. */
const TRANSIENT_FIELDS = new Set(['isInitialized', 'isInvalidated', 'isTrain']);

/**
 * The default saver, always last on save and first on load: writes the step's class id, name and
 * every own field (hyperparams, space, savers, fitted state) to `<name>.ferry` in the dump format
 * (docs/FORMAT.md), and child steps met in the fields into their own sub-folders. Loading rebuilds
 * the object with `Object.create(Registered.prototype)` and the saved fields: no constructor runs
 * and no code is evaluated.
 */
export class MsgpackStepSaver extends BaseSaver {
  async saveStep(step: BaseStep, context: ExecutionContext): Promise<BaseStep> {
    const session = context.session;
    const cls = step.constructor as RegisteredClass;
    const classId = registeredIdOf(cls) ?? registerClass(cls, defaultClassId(cls));
    const hasher = wasmXxh64(await loadKernels());
    const payload = new PayloadSection(hasher);
    const children = new Map<string, BaseStep>();
    const enc = { stepName: step.name, payload, children };
    const fields: Record<string, unknown> = {};
    for (const key of Object.keys(step)) {
      if (TRANSIENT_FIELDS.has(key)) continue;
      fields[key] = encodeField((step as unknown as Record<string, unknown>)[key], key, enc);
    }
    const header = { format: FORMAT_MAJOR, class: classId, name: step.name, fields };
    const writeOwnFile = !session || session.fullDump || step.isInvalidated;
    if (writeOwnFile) {
      const chunks = encodeFerryFile(header, payload, hasher);
      await context.writeFile(`${step.name}.ferry`, chunks);
      session?.onProgress?.({
        phase: 'encode',
        file: context.stepFile,
        done: session.staged.size,
        bytes: chunksLength(chunks),
      });
    }
    for (const child of children.values()) {
      if (session) await session.saveChild(child, context.push(child));
    }
    return step;
  }

  canLoad(): boolean {
    return true;
  }

  /** Reads the step this context is for; `step` is only a placeholder here (Neuraxle's signature). */
  async loadStep(_step: BaseStep, context: ExecutionContext): Promise<BaseStep> {
    return this.readStep(context);
  }

  /** Reads and rebuilds the step whose folder `context` points at. */
  async readStep(context: ExecutionContext): Promise<BaseStep> {
    const file = context.stepFile;
    const session = context.session;
    const limits = session?.limits ?? DEFAULT_DECODE_LIMITS;
    if (context.parents.length > limits.maxDepth) {
      throw new CorruptDumpError(file, 0, `step tree deeper than maxDepth ${limits.maxDepth}`);
    }
    const bytes = await context.storage.read(file);
    if (session) {
      session.read.files++;
      session.read.bytes += bytes.byteLength;
      if (session.read.files > limits.maxFiles) {
        throw new CorruptDumpError(file, 0, `dump has more than maxFiles ${limits.maxFiles} step files`);
      }
      if (session.read.bytes > limits.maxTotalBytes) {
        throw new CorruptDumpError(file, 0, `dump is larger than maxTotalBytes ${limits.maxTotalBytes}`);
      }
    }
    const hasher = wasmXxh64(await loadKernels());
    const decoded = decodeFerryFile(bytes, file, hasher, limits);
    const expectedName = context.parents[context.parents.length - 1];
    const { classId, fields } = checkStepHeader(decoded, file, expectedName);
    const cls = lookupClass(classId, file);
    if (!hasStepBrand(cls.prototype))
      throw new CorruptDumpError(file, PREAMBLE_BYTES, `class "${classId}" is registered but is not a step`);
    verifyPayloadSection(decoded, file, hasher);
    const where = context.parents.join('/');
    const decodedFields = (await decodeField(fields, {
      file,
      where,
      payload: decoded.payload,
      payloadStart: decoded.payloadStart,
      loadChild: (childName) => {
        if (!session)
          throw new CorruptDumpError(
            file,
            PREAMBLE_BYTES,
            'child steps can only be loaded through ExecutionContext.load',
          );
        return session.loadChild(childName, context);
      },
    })) as Record<string, unknown>;
    const checked = checkFields(cls, classId, schemaOf(classId), true, decodedFields, file, where);
    if (decodedFields.name !== expectedName)
      throw new InvalidDumpFieldError(
        file,
        where,
        'name',
        `"${expectedName}" (the header's name and the folder)`,
        describeValue(decodedFields.name),
      );
    const step = instantiateRegistered(classId, decodedFields, file, checked) as BaseStep;
    session?.onProgress?.({ phase: 'read', file, done: 0, bytes: bytes.byteLength });
    return step;
  }
}

/** The header keys of format 1.0, in the order Ferry writes them. */
const HEADER_KEYS = ['format', 'class', 'name', 'fields'];

/**
 * Checks a step file's header map: exactly the keys of its format version (a file of a newer minor version may add
 * keys, which are ignored), `format` equal to the file's major version, a class id, the folder's name, a fields map.
 */
function checkStepHeader(
  decoded: DecodedFerryFile,
  file: string,
  expectedName: string | undefined,
): { classId: string; fields: Record<string, unknown> } {
  const header = decoded.header;
  if (!isPlainRecord(header)) return badHeader(file, 'header is not a map');
  if (decoded.minor <= FORMAT_MINOR) {
    for (const key in header)
      if (!HEADER_KEYS.includes(key))
        badHeader(file, `header key "${key}" is not part of format ${decoded.major}.${decoded.minor}`);
  }
  if (header.format !== decoded.major)
    badHeader(file, `header format ${JSON.stringify(header.format)} is not the file's major version ${decoded.major}`);
  const { class: classId, name, fields } = header;
  if (typeof classId !== 'string' || classId === '') return badHeader(file, 'header has no class id');
  if (name !== expectedName) badHeader(file, `header names step ${JSON.stringify(name)}, folder is "${expectedName}"`);
  if (!isPlainRecord(fields)) return badHeader(file, 'header fields are not a map');
  return { classId, fields };
}

function badHeader(file: string, what: string): never {
  throw new CorruptDumpError(file, PREAMBLE_BYTES, what);
}

function chunksLength(chunks: readonly Uint8Array[]): number {
  let n = 0;
  for (const c of chunks) n += c.byteLength;
  return n;
}
