/**
 * Hostile dump files: each must end in a typed FerryError, at once and without allocating what the
 * file claims. Files are crafted byte by byte with valid checksums, so the decoder's limits (not the
 * checksum) are what stops them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CorruptDumpError,
  ExecutionContext,
  Identity,
  InvalidDumpFieldError,
  isFerryError,
  MemoryStorage,
  NDArray,
  registerStep,
} from 'ferryml';
import { loadKernels } from '../../src/kernels/loadKernels.ts';
import { FERRY_MAGIC } from '../../src/saving/format/constants.ts';
import { packHeader } from '../../src/saving/format/encodeMsgpack.ts';
import { encodeFerryFile } from '../../src/saving/format/ferryFile.ts';
import { PayloadSection } from '../../src/saving/format/PayloadSection.ts';
import { TensorRef } from '../../src/saving/format/refs.ts';
import { wasmXxh64 } from '../../src/saving/format/xxhash64.ts';

class Box extends Identity {
  static readonly classId = 'test.Box';
  content: unknown = null;
}
registerStep(Box);

const hasher = wasmXxh64(await loadKernels());

/** A `.ferry` file around raw header bytes, with a valid header checksum. */
function fileWithHeader(header: Uint8Array, payloadLength = 0): Uint8Array {
  const pad = (8 - ((40 + header.byteLength) % 8)) % 8;
  const out = new Uint8Array(40 + header.byteLength + pad + payloadLength);
  out.set(FERRY_MAGIC, 0);
  const v = new DataView(out.buffer);
  v.setUint16(8, 1, true);
  v.setBigUint64(16, BigInt(header.byteLength), true);
  v.setBigUint64(24, BigInt(payloadLength), true);
  out.set(header, 40);
  v.setBigUint64(32, hasher.hash([out.subarray(0, 32), out.subarray(40, 40 + header.byteLength + pad)]), true);
  return out;
}

/** A step header `{format, class, name, fields: {content: <raw msgpack>}}` around a raw value. */
function headerWithContent(raw: Uint8Array): Uint8Array {
  const before = packHeader({ format: 1, class: 'test.Box', name: 'b', fields: { name: 'b', content: null } });
  // The encoded map ends with the value of `content` (nil, 0xc0): splice the raw value in its place.
  assert.equal(before[before.length - 1], 0xc0);
  const out = new Uint8Array(before.length - 1 + raw.length);
  out.set(before.subarray(0, before.length - 1), 0);
  out.set(raw, before.length - 1);
  return out;
}

async function loadBytes(bytes: Uint8Array, limits = {}): Promise<unknown> {
  const storage = new MemoryStorage();
  await storage.write('b/b.ferry', bytes);
  return new ExecutionContext(storage).load('b', { limits });
}

async function expectCorrupt(bytes: Uint8Array, pattern: RegExp, limits = {}): Promise<void> {
  const t0 = performance.now();
  const heapBefore = process.memoryUsage().arrayBuffers;
  await assert.rejects(loadBytes(bytes, limits), (e: unknown) => {
    assert.ok(isFerryError(e), `not a FerryError: ${String(e)}`);
    assert.ok(e instanceof CorruptDumpError, String(e));
    assert.match(e.message, pattern);
    assert.match(e.message, /b\/b\.ferry/);
    return true;
  });
  assert.ok(process.memoryUsage().arrayBuffers - heapBefore < 64 * 1024 * 1024, 'no large allocation');
  assert.ok(performance.now() - t0 >= 0);
}

describe('hostile dump files', () => {
  it('a tiny file claiming a 4 GB tensor is rejected before anything is allocated', async () => {
    const payload = new PayloadSection(hasher);
    const header = {
      format: 1,
      class: 'test.Box',
      name: 'b',
      fields: { name: 'b', content: new TensorRef('float32', [1024, 1024, 1024], 0, 4 * 1024 ** 3, 'ndarray', 0n) },
    };
    const bytes = Uint8Array.from(encodeFerryFile(header, payload, hasher).flatMap((c) => [...c]));
    assert.ok(bytes.byteLength < 200);
    await expectCorrupt(bytes, /runs past the end|exceeds maxTensorElements/);
  });

  it('headers nested deeper than maxDepth', async () => {
    const deep = new Uint8Array(10_000).fill(0x91); // [[[[…
    await expectCorrupt(fileWithHeader(headerWithContent(Uint8Array.of(...deep, 0xc0))), /nesting deeper than 64/);
  });

  it('an array claiming 4 billion elements in a few bytes', async () => {
    await expectCorrupt(
      fileWithHeader(headerWithContent(Uint8Array.of(0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0))),
      /array of 4294967295/,
    );
  });

  it('a map claiming more entries than bytes, and a string longer than the header', async () => {
    await expectCorrupt(
      fileWithHeader(headerWithContent(Uint8Array.of(0xdf, 0x00, 0x10, 0x00, 0x00))),
      /map of 1048576/,
    );
    await expectCorrupt(
      fileWithHeader(headerWithContent(Uint8Array.of(0xdb, 0x7f, 0xff, 0xff, 0xff, 0x61))),
      /string of 2147483647/,
    );
  });

  it('__proto__ map keys never reach a prototype', async () => {
    const key = new TextEncoder().encode('__proto__');
    const raw = Uint8Array.of(
      0x81,
      0xa0 | key.length,
      ...key,
      0x81,
      0xa6,
      ...new TextEncoder().encode('polluted'),
      0xc3,
    );
    await expectCorrupt(fileWithHeader(headerWithContent(raw)), /__proto__/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('objects of registered classes cannot set constructor or prototype', async () => {
    const payload = new PayloadSection(hasher);
    const header = { format: 1, class: 'test.Box', name: 'b', fields: { name: 'b', constructor: 'x' } };
    const bytes = Uint8Array.from(encodeFerryFile(header, payload, hasher).flatMap((c) => [...c]));
    await assert.rejects(loadBytes(bytes), (e: unknown) => {
      assert.ok(e instanceof InvalidDumpFieldError, String(e));
      assert.match(e.message, /b\/b\.ferry.*field "constructor".*hide a method/);
      return true;
    });
  });

  it("msgpackr's own extensions (Error, RegExp, Set, structured clone) are refused", async () => {
    for (const type of [0x65, 0x78, 0x73, 0x69, 0x70, 0x42, 0x74, -1]) {
      const raw = Uint8Array.of(0xd4, type & 0xff, 0x00);
      await expectCorrupt(fileWithHeader(headerWithContent(raw)), /extension type/);
    }
  });

  it('limits are configurable per load', async () => {
    const storage = new MemoryStorage();
    const box = new Box({ name: 'b' });
    box.content = NDArray.zeros('float32', [100, 100]);
    await box.save(new ExecutionContext(storage), { fullDump: true });
    const ok = (await new ExecutionContext(storage).load('b')) as Box;
    assert.deepEqual((ok.content as NDArray).shape, [100, 100]);
    await assert.rejects(
      new ExecutionContext(storage).load('b', { limits: { maxTensorElements: 9999 } }),
      /exceeds maxTensorElements 9999/,
    );
    await assert.rejects(
      new ExecutionContext(storage).load('b', { limits: { maxFileBytes: 1000 } }),
      /exceeds maxFileBytes/,
    );
    await assert.rejects(
      new ExecutionContext(storage).load('b', { limits: { maxStringBytes: 1 } }),
      /exceeds maxStringBytes/,
    );
  });
});
