import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { CorruptDumpError, MemoryStorage, NDArray } from 'ferryml';
import { UnsupportedDtypeError } from '../../src/errors/modelErrors.ts';
import { loadArrays, saveArrays } from '../../src/models/arrays.ts';
import { useCpuBackend } from './helpers.ts';

const tf = await useCpuBackend();
before(async () => {
  await useCpuBackend();
});

describe('saveArrays / loadArrays', () => {
  it('a list comes back as a list and a record as a record (nd.save / nd.load)', async () => {
    const storage = new MemoryStorage();
    const X = tf.ones([100, 100]);
    const Y = tf.zeros([100, 100]);
    await saveArrays(storage, 'checkpoints/test1.params', [X, Y]);
    const list = await loadArrays(storage, 'checkpoints/test1.params');
    assert.ok(Array.isArray(list));
    assert.equal(list.length, 2);
    assert.deepEqual(list[0].shape, [100, 100]);
    assert.deepEqual(await list[0].data(), await X.data());
    assert.deepEqual(await list[1].data(), await Y.data());

    await saveArrays(storage, 'checkpoints/test2.params', { X, Y });
    const dict = await loadArrays(storage, 'checkpoints/test2.params');
    assert.ok(!Array.isArray(dict));
    assert.deepEqual(Object.keys(dict), ['X', 'Y']);
    assert.deepEqual(await dict.Y.data(), await Y.data());
  });

  it('keeps every tfjs dtype, scalars and zero-size tensors', async () => {
    const storage = new MemoryStorage();
    const tensors = {
      f32: tf.tensor(
        [
          [1.5, -2.25],
          [Number.NaN, -0],
        ],
        [2, 2],
        'float32',
      ),
      i32: tf.tensor([2147483647, -2147483648, 7], [3], 'int32'),
      bool: tf.tensor([true, false, true], [3], 'bool'),
      complex: tf.complex([1, -2, 3], [4, 5, -6]),
      string: tf.tensor(['ferry', '', 'ünïcode ✓'], [3], 'string'),
      scalar: tf.scalar(42, 'int32'),
      empty: tf.zeros([0, 3]),
      emptyString: tf.tensor([], [0], 'string'),
      emptyComplex: tf.complex(tf.zeros([2, 0]), tf.zeros([2, 0])),
    };
    await saveArrays(storage, 'all.ferry', tensors);
    const back = (await loadArrays(storage, 'all.ferry')) as Record<string, import('@tensorflow/tfjs').Tensor>;
    for (const [name, t] of Object.entries(tensors)) {
      assert.equal(back[name].dtype, t.dtype, name);
      assert.deepEqual(back[name].shape, t.shape, name);
      if (t.dtype === 'string') assert.deepEqual(await back[name].data(), await t.data(), name);
      else {
        const a = new Uint8Array(((await t.data()) as Float32Array).buffer.slice(0));
        const b = (await back[name].data()) as Float32Array;
        assert.deepEqual(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), a.subarray(0, b.byteLength), name);
      }
    }
    const re = await tf.real(back.complex).data();
    const im = await tf.imag(back.complex).data();
    assert.deepEqual([...re], [1, -2, 3]);
    assert.deepEqual([...im], [4, 5, -6]);
  });

  it('NDArrays of every dtype come back bit for bit with {as: "ndarray"}', async () => {
    const storage = new MemoryStorage();
    const arrays = [
      new NDArray('float64', [2], new Float64Array([Math.PI, -1e300])),
      new NDArray('int64', [2], new BigInt64Array([-(2n ** 63n), 2n ** 62n])),
      new NDArray('uint16', [1, 3], new Uint16Array([0, 1, 65535])),
      new NDArray('int8', [], new Int8Array([-128])),
      new NDArray('bool', [0, 2], new Uint8Array(0)),
    ];
    await saveArrays(storage, 'nd.ferry', arrays);
    const back = await loadArrays(storage, 'nd.ferry', { as: 'ndarray' });
    assert.ok(Array.isArray(back));
    back.forEach((b, i) => {
      assert.equal(b.dtype, arrays[i].dtype);
      assert.deepEqual(b.shape, arrays[i].shape);
      assert.deepEqual(b.data, arrays[i].data);
    });
  });

  it('refuses what the requested container cannot hold, naming the array and the way out', async () => {
    const storage = new MemoryStorage();
    await saveArrays(storage, 'mixed.ferry', {
      wide: new NDArray('float64', [1], new Float64Array([1])),
      c: tf.complex([1], [2]),
    });
    await assert.rejects(loadArrays(storage, 'mixed.ferry'), (e: unknown) => {
      assert.ok(e instanceof UnsupportedDtypeError);
      assert.equal(e.dtype, 'float64');
      assert.match(e.message, /wide.*as: 'ndarray'/);
      return true;
    });
    await assert.rejects(loadArrays(storage, 'mixed.ferry', { as: 'ndarray' }), (e: unknown) => {
      assert.ok(e instanceof UnsupportedDtypeError);
      assert.equal(e.dtype, 'complex64');
      assert.match(e.message, /as: 'tensor'/);
      return true;
    });
  });

  it('writes the payload as chunks that are the tensor bytes themselves (no concatenated copy)', async () => {
    const writes: (Uint8Array | readonly Uint8Array[])[] = [];
    const storage = new MemoryStorage();
    const spy = Object.assign(Object.create(storage) as MemoryStorage, {
      write: (path: string, data: Uint8Array | readonly Uint8Array[]) => {
        writes.push(data);
        return storage.write(path, data);
      },
    });
    const big = new NDArray('float32', [1024], new Float32Array(1024).fill(3));
    await saveArrays(spy, 'big.ferry', [big]);
    assert.equal(writes.length, 1);
    const chunks = writes[0] as readonly Uint8Array[];
    assert.ok(Array.isArray(chunks));
    assert.ok(chunks.some((c) => c.buffer === big.data.buffer && c.byteLength === big.data.byteLength));
  });

  it('a corrupted byte or a step file is a CorruptDumpError naming the file', async () => {
    const storage = new MemoryStorage();
    await saveArrays(storage, 'a.ferry', [new NDArray('float32', [4], new Float32Array([1, 2, 3, 4]))]);
    const bytes = (await storage.read('a.ferry')).slice();
    bytes[bytes.byteLength - 2] ^= 0x40;
    await storage.write('b.ferry', bytes);
    await assert.rejects(
      loadArrays(storage, 'b.ferry'),
      (e: unknown) => e instanceof CorruptDumpError && e.file === 'b.ferry',
    );
    const notArrays = new MemoryStorage();
    const { Identity, ExecutionContext } = await import('ferryml');
    await new Identity({ name: 'i' }).save(new ExecutionContext(notArrays), { fullDump: true });
    await assert.rejects(loadArrays(notArrays, 'i/i.ferry'), /not an arrays file/);
  });
});
