import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BaseStep,
  CorruptDumpError,
  ExecutionContext,
  hasErrorCode,
  MemoryStorage,
  NDArray,
  registerStep,
  UnsupportedFormatVersionError,
} from 'ferryml';

/** A step holding arbitrary fields, to exercise the value encoding. */
class Holder extends BaseStep {
  static readonly classId = 'test.Holder';
  payload: unknown = null;
  protected transformStep(x: unknown): unknown {
    return x;
  }
}
registerStep(Holder);

async function roundTrip(payload: unknown): Promise<{ loaded: Holder; bytes: Uint8Array }> {
  const storage = new MemoryStorage();
  const h = new Holder({ name: 'h' });
  h.payload = payload;
  await h.save(new ExecutionContext(storage), { fullDump: true });
  const bytes = await storage.read('h/h.ferry');
  const loaded = (await new ExecutionContext(storage).load('h')) as Holder;
  return { loaded, bytes };
}

describe('dump format v1', () => {
  it('writes the preamble of docs/FORMAT.md', async () => {
    const { bytes } = await roundTrip(1);
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 8)), 'FERRYDMP');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    assert.equal(view.getUint16(8, true), 1);
    assert.equal(view.getUint16(10, true), 0);
    assert.equal(view.getUint32(12, true), 0);
    const h = Number(view.getBigUint64(16, true));
    const p = Number(view.getBigUint64(24, true));
    assert.equal(Math.ceil((40 + h) / 8) * 8 + p, bytes.byteLength);
  });

  it('round-trips plain values, bigint, undefined and nested structures', async () => {
    const value = {
      a: [1, 2.5, -3, 'x', true, false, null],
      b: { c: { d: 'deep' } },
      big: 2n ** 62n,
      u: undefined,
      empty: {},
    };
    const { loaded } = await roundTrip(value);
    assert.deepEqual(loaded.payload, value);
  });

  for (const dtype of [
    'float32',
    'float64',
    'int8',
    'int16',
    'int32',
    'uint8',
    'uint16',
    'uint32',
    'int64',
    'uint64',
    'bool',
  ] as const) {
    it(`round-trips ${dtype} tensors bit for bit, 8-byte aligned in the file`, async () => {
      const a = NDArray.zeros(dtype, [3, 5]);
      for (let i = 0; i < a.size; i++) {
        if (a.data instanceof BigInt64Array) a.data[i] = BigInt(i * 1000003) - 7n;
        else if (a.data instanceof BigUint64Array) a.data[i] = BigInt(i) * 2n ** 40n;
        else
          (a.data as Float64Array)[i] =
            dtype === 'bool'
              ? i % 2
              : ((i * 37) % 101) - (dtype.startsWith('u') ? 0 : 50) + (dtype.startsWith('float') ? 0.125 : 0);
      }
      const odd = NDArray.zeros(dtype, [7]);
      const { loaded, bytes } = await roundTrip({
        a,
        odd,
        scalar: NDArray.zeros(dtype, []),
        empty: NDArray.zeros(dtype, [0, 4]),
      });
      const back = loaded.payload as Record<string, NDArray>;
      assert.equal(back.a.dtype, dtype);
      assert.deepEqual(back.a.shape, [3, 5]);
      assert.deepEqual(back.a.data, a.data);
      assert.deepEqual(back.odd.shape, [7]);
      assert.deepEqual(back.scalar.shape, []);
      assert.equal(back.scalar.size, 1);
      assert.deepEqual(back.empty.shape, [0, 4]);
      // Zero-copy: views into the file buffer at 8-aligned offsets.
      assert.equal(back.a.data.byteOffset % 8, 0);
      assert.ok(bytes.byteLength > 0);
    });
  }

  it('gives typed arrays back as typed arrays (not NDArrays)', async () => {
    const { loaded } = await roundTrip({ f: new Float32Array([1.5, 2.5, Math.PI]), i: new Int32Array([-1, 7]) });
    const back = loaded.payload as { f: Float32Array; i: Int32Array };
    assert.ok(back.f instanceof Float32Array);
    assert.deepEqual([...back.f], [...new Float32Array([1.5, 2.5, Math.PI])]);
    assert.ok(back.i instanceof Int32Array);
    assert.deepEqual([...back.i], [-1, 7]);
  });

  it('reads a tensor that is not aligned in memory by copying it', async () => {
    const storage = new MemoryStorage();
    const h = new Holder({ name: 'h' });
    h.payload = new Float64Array([1, 2, 3]);
    await h.save(new ExecutionContext(storage), { fullDump: true });
    const bytes = await storage.read('h/h.ferry');
    const shifted = new Uint8Array(bytes.byteLength + 1).subarray(1);
    shifted.set(bytes);
    await storage.write('h/h.ferry', shifted);
    // MemoryStorage copies on write, so re-shift by reading through a custom adapter.
    const misaligned = {
      read: async () => shifted,
      write: async () => {},
      list: async () => [],
      delete: async () => {},
    };
    const loaded = (await new ExecutionContext(misaligned).load('h')) as Holder;
    assert.deepEqual([...(loaded.payload as Float64Array)], [1, 2, 3]);
  });

  describe('corrupt files are CorruptDumpErrors naming the file and offset', () => {
    async function saved(): Promise<{ storage: MemoryStorage; bytes: Uint8Array }> {
      const storage = new MemoryStorage();
      const h = new Holder({ name: 'h' });
      h.payload = new Float64Array(16);
      await h.save(new ExecutionContext(storage), { fullDump: true });
      return { storage, bytes: (await storage.read('h/h.ferry')).slice() };
    }
    async function loadWith(mutate: (b: Uint8Array) => Uint8Array): Promise<unknown> {
      const { storage, bytes } = await saved();
      await storage.write('h/h.ferry', mutate(bytes));
      return new ExecutionContext(storage).load('h').then(
        () => assert.fail('loaded a corrupt file'),
        (e: unknown) => e,
      );
    }

    it('bad magic', async () => {
      const e = await loadWith((b) => {
        b[0] = 0x47;
        return b;
      });
      assert.ok(e instanceof CorruptDumpError);
      assert.equal(e.file, 'h/h.ferry');
      assert.equal(e.offset, 0);
    });

    it('truncated file', async () => {
      for (const cut of [0, 5, 31, 40, -1]) {
        const e = await loadWith((b) => b.subarray(0, cut < 0 ? b.byteLength + cut : cut));
        assert.ok(e instanceof CorruptDumpError, `cut at ${cut}: ${String(e)}`);
        assert.match(e.message, /h\/h\.ferry/);
      }
    });

    it('newer major version', async () => {
      const e = await loadWith((b) => {
        b[8] = 2;
        return b;
      });
      assert.ok(e instanceof UnsupportedFormatVersionError);
      assert.match(e.message, /v2/);
      assert.ok(hasErrorCode(e, 'FERRY_UNSUPPORTED_FORMAT_VERSION'));
    });

    it('unknown flags', async () => {
      const e = await loadWith((b) => {
        b[12] = 1;
        return b;
      });
      assert.ok(e instanceof CorruptDumpError);
      assert.equal(e.offset, 12);
    });

    it('a changed header byte fails the header checksum', async () => {
      const e = await loadWith((b) => {
        b[41] ^= 0x01;
        return b;
      });
      assert.ok(e instanceof CorruptDumpError, String(e));
      assert.equal(e.offset, 32);
      assert.match(e.message, /header checksum mismatch/);
    });

    it('a changed tensor byte fails that tensor checksum, naming its offset', async () => {
      const { storage, bytes } = await saved();
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const start = Math.ceil((40 + Number(view.getBigUint64(16, true))) / 8) * 8;
      bytes[start + 17] ^= 0x80;
      await storage.write('h/h.ferry', bytes);
      await assert.rejects(new ExecutionContext(storage).load('h'), (e: unknown) => {
        assert.ok(e instanceof CorruptDumpError);
        assert.equal(e.offset, start);
        assert.match(e.message, /tensor payload checksum mismatch/);
        return true;
      });
    });

    it('every single flipped byte of a dump file is a typed error, never a wrong load', async () => {
      const { storage, bytes } = await saved();
      for (let i = 0; i < bytes.byteLength; i++) {
        const copy = bytes.slice();
        copy[i] ^= 0x10;
        await storage.write('h/h.ferry', copy);
        await assert.rejects(
          new ExecutionContext(storage).load('h'),
          (e: unknown) => hasErrorCode(e, 'FERRY_CORRUPT_DUMP') || hasErrorCode(e, 'FERRY_UNSUPPORTED_FORMAT_VERSION'),
          `byte ${i}`,
        );
      }
    });
  });
});
