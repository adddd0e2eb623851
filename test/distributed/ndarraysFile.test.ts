/**
 * Arrays files written and read by the core alone (saveNDArrays / loadNDArrays, no tfjs): every NDArray dtype and
 * string labels round-trip; the bytes are the arrays files of ferryml/tfjs (saveArrays reads them, and they read
 * what saveArrays wrote from NDArrays); damaged or foreign files are CorruptDumpErrors.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CorruptDumpError, InvalidInputError, MemoryStorage, NDArray } from 'ferryml';
import { decodeNDArrays, encodeNDArrays, loadNDArrays, saveNDArrays } from 'ferryml/distributed';
import { loadArrays, saveArrays } from 'ferryml/tfjs';
import { DTYPES } from '../../src/ndarray/dtypes.ts';
import { concatWriteData } from '../../src/storage/StorageAdapter.ts';

describe('arrays files with the core alone', () => {
  it('every dtype, empty arrays and string labels round-trip', async () => {
    const storage = new MemoryStorage();
    const arrays: Record<string, NDArray | string[]> = {};
    for (const dtype of DTYPES) {
      const a = NDArray.zeros(dtype, [3, 2]);
      for (let i = 0; i < 6; i++) {
        (a.data as unknown as number[])[i] = (typeof a.data[0] === 'bigint' ? BigInt(i % 2) : i % 2) as number;
      }
      arrays[dtype] = a;
    }
    arrays.empty = NDArray.zeros('float64', [0, 4]);
    arrays.labels = ['cat', 'dog', 'émeu', ''];
    await saveNDArrays(storage, 'a.ferry', arrays);
    const back = await loadNDArrays(storage, 'a.ferry');
    assert.deepEqual(Object.keys(back), Object.keys(arrays));
    for (const [name, value] of Object.entries(arrays)) {
      const got = back[name];
      if (Array.isArray(value)) assert.deepEqual(got, value);
      else {
        assert.ok(got instanceof NDArray);
        assert.equal(got.dtype, value.dtype);
        assert.deepEqual([...got.shape], [...value.shape]);
        assert.deepEqual(Array.from(got.data as ArrayLike<number>), Array.from(value.data as ArrayLike<number>));
      }
    }
  });

  it('the same bytes as saveArrays of NDArrays, read both ways', async () => {
    const storage = new MemoryStorage();
    const x = new NDArray('float32', [2, 3], Float32Array.from([1, 2, 3, 4, 5, 6]));
    const y = new NDArray('int32', [2], Int32Array.from([0, 1]));
    await saveNDArrays(storage, 'core.ferry', { x, y });
    await saveArrays(storage, 'tfjs.ferry', { x, y });
    assert.deepEqual(await storage.read('core.ferry'), await storage.read('tfjs.ferry'));
    const viaTfjs = (await loadArrays(storage, 'core.ferry', { as: 'ndarray' })) as Record<string, NDArray>;
    assert.deepEqual([...viaTfjs.x.data], [1, 2, 3, 4, 5, 6]);
    const viaCore = await loadNDArrays(storage, 'tfjs.ferry');
    assert.deepEqual([...(viaCore.y as NDArray).data], [0, 1]);
  });

  it('damaged, foreign and unsupported files are CorruptDumpErrors; bad input is an InvalidInputError', async () => {
    const good = concatWriteData(await encodeNDArrays({ x: NDArray.fromNested([[1, 2]]) }, 'g'));
    for (const i of [0, 10, 45, good.byteLength - 1]) {
      const bad = good.slice();
      bad[i] ^= 0xff;
      await assert.rejects(decodeNDArrays(bad, 'bad'), CorruptDumpError, `byte ${i}`);
    }
    await assert.rejects(decodeNDArrays(good.subarray(0, 30), 'cut'), CorruptDumpError);
    const storage = new MemoryStorage();
    await saveArrays(storage, 'list.ferry', [NDArray.fromNested([1])]);
    await assert.rejects(loadNDArrays(storage, 'list.ferry'), /no record of named arrays/);
    await assert.rejects(encodeNDArrays({ x: [1, 2] as unknown as string[] }, 'f'), InvalidInputError);
    await assert.rejects(encodeNDArrays(JSON.parse('{"__proto__": []}'), 'f'), InvalidInputError);
  });
});
