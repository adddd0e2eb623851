/**
 * Quantized saves (issue 15, part 5): float16 and tfjs-converter's uint8 scheme, checked against numpy
 * (test/fixtures/quantize.json from scripts/make_quantize_fixture.py) and against tfjs's own
 * dequantization (`tf.io.decodeWeights`), with the error bounds the schemes give:
 * - float16: |ŵ − w| ≤ max(2^-11·|w|, 2^-25) (half a unit in the last place, normal / subnormal range);
 * - uint8: |ŵ − w| ≤ scale/2 + 2^-24·|ŵ| (float32 rounding of tfjs's `q·scale + min`) + 2^-50·(|min| + 255·scale)
 *   (float64 rounding of the quantizer and of the dequantization).
 * Where nothing is quantized, weights are bit-identical.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type * as tfType from '@tensorflow/tfjs';
import { CorruptDumpError, InvalidInputError, MemoryStorage, NDArray } from 'ferryml';
import { buildSeedMlp } from '../../examples/tfjs/mlp.ts';
import { loadArrays, saveArrays } from '../../src/models/arrays.ts';
import { addTensor, encodeFile, newPayload } from '../../src/models/ferryFormat.ts';
import { ferryHandler } from '../../src/models/ferryHandler.ts';
import { decodeModelArtifacts, decodeModelFile, encodeModelArtifacts } from '../../src/models/modelArtifacts.ts';
import { namedWeights } from '../../src/models/parameterNames.ts';
import { loadParameters, saveParameters } from '../../src/models/parameters.ts';
import { type Quantization, QuantizedArray, quantizeArray } from '../../src/models/quantize.ts';
import { quantizeArtifacts } from '../../src/models/quantizeArtifacts.ts';
import { Float16RangeError, NonFiniteWeightError } from '../../src/models/quantizeErrors.ts';
import {
  dequantizeFloat16,
  float16BitsToFloat32Bits,
  float32BitsToFloat16Bits,
  quantizeFloat16,
} from '../../src/models/quantizeFloat16.ts';
import { dequantizeUint8, quantizeUint8 } from '../../src/models/quantizeUint8.ts';
import { checkRegenerates } from '../steps/fixtureRegen.ts';
import { sameBits, useCpuBackend } from './helpers.ts';
import { convNet, type MeasuredModel, seedMlp } from './quantizeModels.ts';

const tf = await useCpuBackend();

interface Fixture {
  float16: { inputs: number[]; outputs: number[] };
  uint8: Record<
    string,
    {
      shape: number[];
      values: number[];
      quantized: number[];
      min: number;
      scale: number;
      float32PathLevelsDiffering: number;
    }
  >;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/quantize.json', import.meta.url), 'utf8')) as Fixture;

const floatsOfBits = (bits: readonly number[]) => new Float32Array(Uint32Array.from(bits).buffer);
const F16_ABS = 2 ** -25;
const F16_REL = 2 ** -11;

/** The float16 bound of the scheme for one value. */
function float16Bound(w: number): number {
  return Math.max(F16_REL * Math.abs(w), F16_ABS);
}

/** The uint8 bound of the scheme for one value (see the file comment). */
function uint8Bound(dequantized: number, min: number, scale: number): number {
  return scale / 2 + 2 ** -24 * Math.abs(dequantized) + 2 ** -50 * (Math.abs(min) + 255 * scale);
}

/** Dequantizes with tfjs's own decoder (`tf.io.decodeWeights`), as a tfjs loader would. */
function tfjsDequantize(stored: Uint8Array | Uint16Array, shape: number[], quantization: Quantization): Float32Array {
  const bytes = new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength).slice();
  const spec = { name: 'w', shape, dtype: 'float32' as const, quantization: { ...quantization } };
  const t = tf.io.decodeWeights(bytes.buffer, [spec]).w as tfType.Tensor;
  const out = t.dataSync() as Float32Array;
  t.dispose();
  return out;
}

describe('float16: IEEE round to nearest even, as numpy, decoded as tfjs decodes', () => {
  it(`float32 → float16 bits equal numpy's astype(float16) on ${fixture.float16.inputs.length} values (ties, subnormals, overflow, NaN)`, () => {
    const { inputs, outputs } = fixture.float16;
    assert.ok(inputs.length > 4000);
    const wrong: string[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const got = float32BitsToFloat16Bits(inputs[i] as number);
      if (got !== outputs[i])
        wrong.push(
          `0x${(inputs[i] as number).toString(16)} → 0x${got.toString(16)}, numpy 0x${(outputs[i] as number).toString(16)}`,
        );
    }
    assert.deepEqual(wrong, []);
  });

  it('refuses exactly the finite values numpy turns into ±Infinity (Float16RangeError naming the weight); keeps NaN and ±Infinity', () => {
    const { inputs, outputs } = fixture.float16;
    let overflows = 0;
    for (let i = 0; i < inputs.length; i++) {
      const value = floatsOfBits([inputs[i] as number]);
      const finite = Number.isFinite(value[0]);
      const numpyInfinite = ((outputs[i] as number) & 0x7fff) === 0x7c00;
      if (finite && numpyInfinite) {
        overflows++;
        assert.throws(
          () => quantizeFloat16(value, 'dense/kernel', 'test'),
          (e: unknown) =>
            e instanceof Float16RangeError && e.weight === 'dense/kernel' && e.index === 0 && e.value === value[0],
        );
      } else {
        assert.equal(quantizeFloat16(value, 'dense/kernel', 'test')[0], outputs[i]);
      }
    }
    assert.ok(overflows >= 10, `the fixture holds ${overflows} overflowing values`);
    const specials = quantizeFloat16(
      new Float32Array([Number.NaN, Infinity, -Infinity, 65504, -65519.99]),
      'w',
      'test',
    );
    assert.deepEqual(Array.from(dequantizeFloat16(specials)), [Number.NaN, Infinity, -Infinity, 65504, -65504]);
    const err = (() => {
      try {
        quantizeFloat16(new Float32Array([1, 2, -70000]), 'layers.0/kernel', 'saveParameters(p)');
      } catch (e) {
        return e as Float16RangeError;
      }
    })();
    assert.ok(err instanceof Float16RangeError);
    assert.equal(err.code, 'FERRY_FLOAT16_RANGE');
    assert.match(err.message, /layers\.0\/kernel.*-70000.*index 2/);
  });

  it("float16 → float32 is bit for bit tfjs's decodeWeights for all 65,536 bit patterns", () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const ours = new Uint32Array(dequantizeFloat16(all).buffer);
    const theirs = new Uint32Array(tfjsDequantize(all, [65536], { dtype: 'float16' }).buffer);
    let differing = 0;
    for (let i = 0; i < 65536; i++) if (ours[i] !== theirs[i]) differing++;
    assert.equal(differing, 0);
    assert.equal(float16BitsToFloat32Bits(0x0001), new Uint32Array(new Float32Array([2 ** -24]).buffer)[0]);
  });

  it('round trip of the numpy values: error ≤ max(2^-11·|w|, 2^-25); every float16 re-encodes to itself', () => {
    const values = floatsOfBits(fixture.float16.inputs);
    let checked = 0;
    for (let i = 0; i < values.length; i++) {
      const w = values[i] as number;
      const half = float32BitsToFloat16Bits(fixture.float16.inputs[i] as number);
      const back = dequantizeFloat16(Uint16Array.of(half))[0] as number;
      if (!Number.isFinite(w) || !Number.isFinite(back)) continue;
      assert.ok(Math.abs(back - w) <= float16Bound(w), `${w} → ${back}`);
      checked++;
    }
    assert.ok(checked > 4000);
    for (let h = 0; h < 65536; h++) {
      if ((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0) continue; // NaNs: any NaN is fine
      assert.equal(float32BitsToFloat16Bits(float16BitsToFloat32Bits(h)), h);
    }
  });
});

describe("uint8: tfjs-converter's per-tensor affine scheme", () => {
  it(`levels, min and scale equal quantization.py's (float64 evaluation) on ${Object.keys(fixture.uint8).length} tensors`, () => {
    for (const [name, c] of Object.entries(fixture.uint8)) {
      const q = quantizeUint8(floatsOfBits(c.values), name, 'test');
      assert.ok(Object.is(q.min, c.min), `${name}: min ${q.min} vs ${c.min}`);
      assert.ok(Object.is(q.scale, c.scale), `${name}: scale ${q.scale} vs ${c.scale}`);
      assert.deepEqual(Array.from(q.levels), c.quantized, name);
    }
    // The fixture shows where NumPy 1.x's float32 evaluation of the same code would differ: a few near-ties.
    assert.equal(fixture.uint8.symmetricTies?.float32PathLevelsDiffering, 1);
  });

  it("dequantization is bit for bit tfjs's decodeWeights; error ≤ scale/2 + float32 rounding; 0 stays exact", () => {
    for (const [name, c] of Object.entries(fixture.uint8)) {
      const values = floatsOfBits(c.values);
      const q = quantizeUint8(values, name, 'test');
      const ours = dequantizeUint8(q.levels, q.min, q.scale);
      const theirs = tfjsDequantize(q.levels, c.shape, { dtype: 'uint8', min: q.min, scale: q.scale });
      assert.ok(sameBits(ours, theirs), name);
      for (let i = 0; i < values.length; i++) {
        const w = values[i] as number;
        const err = Math.abs((ours[i] as number) - w);
        assert.ok(err <= uint8Bound(ours[i] as number, q.min, q.scale), `${name}[${i}]: ${w} → ${ours[i]}`);
        if (w === 0) assert.equal(ours[i], 0, `${name}[${i}]: 0 is a level when the range covers it`);
      }
    }
  });

  it('NaN or ±Infinity is a NonFiniteWeightError naming the weight; an empty tensor quantizes to nothing', () => {
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      assert.throws(
        () => quantizeUint8(new Float32Array([0.5, bad]), 'out/bias', 'test'),
        (e: unknown) =>
          e instanceof NonFiniteWeightError &&
          e.code === 'FERRY_NON_FINITE_WEIGHT' &&
          e.weight === 'out/bias' &&
          e.index === 1,
      );
    }
    const empty = quantizeArray(new Float32Array(0), [0, 3], 'uint8', 'w');
    assert.equal(empty.data.length, 0);
    assert.deepEqual(Array.from(empty.dequantize()), []);
  });
});

/** Every weight of a model, by stable name, as float32 copies. */
function weightValues(model: tfType.LayersModel): Map<string, Float32Array> {
  return new Map(
    namedWeights(model).map(({ name, weight }) => [name, (weight.read().dataSync() as Float32Array).slice()]),
  );
}

function predict(model: tfType.LayersModel, input: tfType.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(input) as tfType.Tensor).dataSync() as Float32Array);
}

/** A fresh model of the same architecture (other seeds), to load into. */
function rebuild(measured: MeasuredModel): tfType.LayersModel {
  if (measured.name.startsWith('MLP')) return buildSeedMlp({ seed: 7 });
  const fresh = convNet(tf, 97);
  fresh.input.dispose();
  return fresh.model;
}

/**
 * A rigorous bound of the MLP's output change from quantized weights: with h the float32 model's
 * activations, |Δz| ≤ |Δh|·|Ŵ| + |h|·|ΔW| + |Δb| per layer (relu is 1-Lipschitz, so |Δh| carries over),
 * plus the float32 rounding of both forward passes (n·2^-24 of |h|·|W| + |b| per layer, twice).
 */
function mlpOutputBound(
  input: Float32Array,
  rows: number,
  original: Float32Array[],
  quantized: Float32Array[],
): number {
  let width = input.length / rows;
  let h = Float64Array.from(input);
  let dh = new Float64Array(h.length);
  for (let layer = 0; layer < 3; layer++) {
    const [W, b] = [original[2 * layer] as Float32Array, original[2 * layer + 1] as Float32Array];
    const [Wq, bq] = [quantized[2 * layer] as Float32Array, quantized[2 * layer + 1] as Float32Array];
    const out = b.length;
    const z = new Float64Array(rows * out);
    const dz = new Float64Array(rows * out);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < out; j++) {
        let sum = b[j] as number;
        let magnitude = Math.abs(b[j] as number);
        let bound = Math.abs((bq[j] as number) - (b[j] as number));
        for (let k = 0; k < width; k++) {
          const hk = h[r * width + k] as number;
          const w = W[k * out + j] as number;
          const wq = Wq[k * out + j] as number;
          sum += hk * w;
          magnitude += Math.abs(hk * w);
          bound += (dh[r * width + k] as number) * Math.abs(wq) + Math.abs(hk) * Math.abs(wq - w);
        }
        z[r * out + j] = layer < 2 ? Math.max(sum, 0) : sum;
        dz[r * out + j] = bound + 2 * (width + 1) * 2 ** -24 * magnitude;
      }
    }
    h = z;
    dh = dz;
    width = out;
  }
  return Math.max(...dh);
}

async function fileSize(storage: MemoryStorage, path: string): Promise<number> {
  return (await storage.read(path)).byteLength;
}

describe('saveParameters / loadParameters with {quantize}', () => {
  it('without quantize (or quantize: undefined): the same bytes as before, weights bit-identical on load', async () => {
    const { model, input } = convNet(tf);
    const storage = new MemoryStorage();
    await saveParameters(model, storage, 'plain.ferry');
    await saveParameters(model, storage, 'undefined.ferry', { quantize: undefined });
    assert.deepEqual(await storage.read('plain.ferry'), await storage.read('undefined.ferry'));
    const target = rebuild({ name: 'conv', model, input });
    await loadParameters(target, storage, 'plain.ferry');
    const [a, b] = [weightValues(model), weightValues(target)];
    for (const [name, values] of a) assert.ok(sameBits(values, b.get(name) as Float32Array), name);
    assert.ok(sameBits(predict(model, input), predict(target, input)));
  });

  for (const build of [seedMlp, convNet]) {
    for (const mode of ['uint8', 'float16'] as const) {
      it(`${build === seedMlp ? 'MLP' : 'conv net'}, ${mode}: loads what tfjs would dequantize, within the bound, in a smaller file`, async () => {
        const measured = build(tf);
        const { model } = measured;
        const storage = new MemoryStorage();
        await saveParameters(model, storage, 'f32.ferry');
        await saveParameters(model, storage, 'q.ferry', { quantize: mode });
        const target = rebuild(measured);
        await loadParameters(target, storage, 'q.ferry');
        const original = weightValues(model);
        const loaded = weightValues(target);
        for (const [name, w] of original) {
          const expected = quantizeArray(w, [w.length], mode, name);
          const viaTfjs = tfjsDequantize(expected.data, [w.length], expected.quantization);
          const got = loaded.get(name) as Float32Array;
          assert.ok(sameBits(got, viaTfjs), `${name}: loaded = tfjs's dequantization of the same quantization`);
          const q = expected.quantization;
          for (let i = 0; i < w.length; i++) {
            const bound =
              q.dtype === 'uint8' ? uint8Bound(got[i] as number, q.min, q.scale) : float16Bound(w[i] as number);
            assert.ok(Math.abs((got[i] as number) - (w[i] as number)) <= bound, `${name}[${i}]`);
          }
        }
        const [f32, quantized] = [await fileSize(storage, 'f32.ferry'), await fileSize(storage, 'q.ferry')];
        const expectedRatio = mode === 'uint8' ? 0.25 : 0.5;
        assert.ok(quantized < f32 * (expectedRatio + 0.05), `${mode}: ${quantized} bytes against ${f32}`);
        // The arrays file reads back as float32 through loadArrays too.
        const arrays = (await loadArrays(storage, 'q.ferry', { as: 'ndarray' })) as Record<string, NDArray>;
        for (const [name, got] of loaded) assert.ok(sameBits(arrays[name]?.data as Float32Array, got), name);
      });
    }
  }

  it('refuses what the mode cannot hold, naming the weight, and writes nothing; an unknown mode is an InvalidInputError', async () => {
    const { model } = seedMlp(tf);
    const kernel = namedWeights(model)[2]?.weight;
    assert.ok(kernel);
    const values = (kernel.read().dataSync() as Float32Array).slice();
    values[5] = 1e5;
    kernel.write(tf.tensor(values, kernel.shape as number[]));
    const storage = new MemoryStorage();
    await assert.rejects(
      saveParameters(model, storage, 'p.ferry', { quantize: 'float16' }),
      (e: unknown) => e instanceof Float16RangeError && e.weight === 'layers.1/kernel' && e.index === 5,
    );
    values[5] = Number.NaN;
    kernel.write(tf.tensor(values, kernel.shape as number[]));
    await assert.rejects(
      saveParameters(model, storage, 'p.ferry', { quantize: 'uint8' }),
      (e: unknown) => e instanceof NonFiniteWeightError && e.weight === 'layers.1/kernel',
    );
    await assert.rejects(
      saveParameters(model, storage, 'p.ferry', { quantize: 'int8' as 'uint8' }),
      (e: unknown) => e instanceof InvalidInputError && /quantize must be 'float16' or 'uint8'.*'int8'/.test(e.message),
    );
    assert.deepEqual(await storage.list(''), []);
  });
});

describe('ferryHandler(storage, path, {quantize})', () => {
  it('without quantize: weights bit-identical', async () => {
    const { model, input } = convNet(tf);
    const storage = new MemoryStorage();
    await model.save(ferryHandler(storage, 'm.ferry'));
    const back = await tf.loadLayersModel(ferryHandler(storage, 'm.ferry'));
    const [a, b] = [weightValues(model), weightValues(back)];
    for (const [name, values] of a) assert.ok(sameBits(values, b.get(name) as Float32Array), name);
    assert.ok(sameBits(predict(model, input), predict(back, input)));
  });

  for (const build of [seedMlp, convNet]) {
    for (const mode of ['uint8', 'float16'] as const) {
      it(`${build === seedMlp ? 'MLP' : 'conv net'}, ${mode}: tf.loadLayersModel dequantizes the file natively, within the bound`, async () => {
        const { model, input } = build(tf);
        const storage = new MemoryStorage();
        await model.save(ferryHandler(storage, 'f32.ferry'));
        const result = await model.save(ferryHandler(storage, 'q.ferry', { quantize: mode }));
        const artifacts = await decodeModelArtifacts(await storage.read('q.ferry'), 'q.ferry');
        const specs = artifacts.weightSpecs ?? [];
        assert.ok(specs.length > 0 && specs.every((s) => s.dtype === 'float32' && s.quantization?.dtype === mode));
        assert.equal(
          result.modelArtifactsInfo.weightDataBytes,
          tf.io.CompositeArrayBuffer.join(artifacts.weightData).byteLength,
        );
        const viaTfjs = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer[], specs);
        const back = await tf.loadLayersModel(ferryHandler(storage, 'q.ferry'));
        const originals = model.getWeights();
        const loaded = back.getWeights();
        assert.equal(loaded.length, specs.length);
        const quantizedValues: Float32Array[] = [];
        for (let i = 0; i < specs.length; i++) {
          const spec = specs[i] as tfType.io.WeightsManifestEntry;
          const got = loaded[i]?.dataSync() as Float32Array;
          const w = originals[i]?.dataSync() as Float32Array;
          assert.ok(sameBits(got, viaTfjs[spec.name]?.dataSync() as Float32Array), spec.name);
          const q = spec.quantization as Quantization;
          for (let k = 0; k < w.length; k++) {
            const bound =
              q.dtype === 'uint8' ? uint8Bound(got[k] as number, q.min, q.scale) : float16Bound(w[k] as number);
            assert.ok(Math.abs((got[k] as number) - (w[k] as number)) <= bound, `${spec.name}[${k}]`);
          }
          quantizedValues.push(got);
        }
        const [y, yq] = [predict(model, input), predict(back, input)];
        assert.ok(yq.every(Number.isFinite));
        if (build === seedMlp) {
          const bound = mlpOutputBound(
            input.dataSync() as Float32Array,
            input.shape[0] as number,
            originals.map((t) => t.dataSync() as Float32Array),
            quantizedValues,
          );
          const diff = Math.max(...y.map((v, i) => Math.abs(v - (yq[i] as number))));
          assert.ok(diff <= bound, `MLP output moved ${diff}, bound ${bound}`);
        }
        const [f32, quantized] = [await fileSize(storage, 'f32.ferry'), await fileSize(storage, 'q.ferry')];
        assert.ok(quantized < f32 * ((mode === 'uint8' ? 0.25 : 0.5) + 0.05), `${quantized} against ${f32}`);
      });
    }
  }

  it("keeps the optimizer's state exact (includeOptimizer) and refuses an unknown mode when the handler is made", async () => {
    const { model } = seedMlp(tf);
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
    await model.fit(tf.ones([4, 100]), tf.ones([4, 1]), { epochs: 1, verbose: 0 });
    const storage = new MemoryStorage();
    await model.save(ferryHandler(storage, 'plain.ferry'), { includeOptimizer: true });
    await model.save(ferryHandler(storage, 'q.ferry', { quantize: 'uint8' }), { includeOptimizer: true });
    const plain = await decodeModelArtifacts(await storage.read('plain.ferry'), 'plain.ferry');
    const quantized = await decodeModelArtifacts(await storage.read('q.ferry'), 'q.ferry');
    const optimizerSpecs = (quantized.weightSpecs ?? []).filter((s) => s.group === 'optimizer');
    assert.ok(optimizerSpecs.length > 0);
    for (let i = 0; i < (plain.weightSpecs ?? []).length; i++) {
      const spec = quantized.weightSpecs?.[i] as tfType.io.WeightsManifestEntry;
      const [a, b] = [(plain.weightData as ArrayBuffer[])[i], (quantized.weightData as ArrayBuffer[])[i]];
      if (spec.group === 'optimizer') {
        assert.equal(spec.quantization, undefined, spec.name);
        assert.deepEqual(new Uint8Array(b as ArrayBuffer), new Uint8Array(a as ArrayBuffer), spec.name);
      } else {
        assert.equal(spec.quantization?.dtype, 'uint8', spec.name);
      }
    }
    const back = await tf.loadLayersModel(ferryHandler(storage, 'q.ferry'));
    assert.ok(back.optimizer, 'the optimizer comes back');
    assert.throws(
      () => ferryHandler(storage, 'x.ferry', { quantize: 'bfloat16' as 'float16' }),
      (e: unknown) => e instanceof InvalidInputError,
    );
  });
});

describe('weights that arrive quantized keep their stored bytes', () => {
  /** Artifacts as tfjs-converter writes them for `--quantize_uint8` / `--quantize_float16`, plus exact weights. */
  function convertedArtifacts(): tfType.io.ModelArtifacts {
    const u8 = fixture.uint8.mixedSign as Fixture['uint8'][string];
    const f16 = Uint16Array.from(fixture.float16.outputs.slice(40, 140));
    const int32 = Int32Array.from([1, -2, 3, 2147483647]);
    const exact = new Float32Array([0.1, -0.2, 3.5]);
    const str = [new TextEncoder().encode('héllo'), new TextEncoder().encode('')];
    const strBytes: number[] = [];
    for (const s of str) strBytes.push(...new Uint8Array(Uint32Array.of(s.length).buffer), ...s);
    const parts = [
      Uint8Array.from(u8.quantized),
      new Uint8Array(f16.buffer),
      new Uint8Array(int32.buffer),
      new Uint8Array(exact.buffer),
      Uint8Array.from(strBytes),
    ];
    const specs: tfType.io.WeightsManifestEntry[] = [
      {
        name: 'conv/kernel',
        shape: u8.shape,
        dtype: 'float32',
        quantization: { dtype: 'uint8', min: u8.min, scale: u8.scale },
      },
      { name: 'dense/kernel', shape: [10, 10], dtype: 'float32', quantization: { dtype: 'float16' } },
      { name: 'ids', shape: [4], dtype: 'int32' },
      { name: 'bias', shape: [3], dtype: 'float32' },
      { name: 'labels', shape: [2], dtype: 'string' },
    ];
    // tfjs-converter also writes original_dtype into `quantization`; tfjs ignores it, Ferry keeps it.
    Object.assign(specs[0]?.quantization as object, { original_dtype: 'float32' });
    return {
      modelTopology: { node: [] },
      format: 'graph-model',
      generatedBy: '2.15.0',
      convertedBy: 'TensorFlow.js Converter v4.22.0',
      weightSpecs: specs,
      weightData: tf.io.CompositeArrayBuffer.join(parts.map((p) => p.slice().buffer)),
    };
  }

  function weightBytes(artifacts: tfType.io.ModelArtifacts): Uint8Array {
    return new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  }

  it('a model file keeps uint8/float16 weights as stored bytes with their specs; tfjs decodes them the same', async () => {
    const original = convertedArtifacts();
    const file = await encodeModelArtifacts(original, 'g.ferry');
    const joined = new Uint8Array(file.reduce((n, c) => n + c.byteLength, 0));
    let at = 0;
    for (const c of file) {
      joined.set(c, at);
      at += c.byteLength;
    }
    const back = await decodeModelArtifacts(joined, 'g.ferry');
    assert.deepEqual(back.weightSpecs, original.weightSpecs);
    assert.deepEqual(weightBytes(back), weightBytes(original));
    const a = tf.io.decodeWeights(original.weightData as ArrayBuffer, original.weightSpecs ?? []);
    const b = tf.io.decodeWeights(back.weightData as ArrayBuffer[], back.weightSpecs ?? []);
    for (const name of ['conv/kernel', 'dense/kernel', 'bias']) {
      assert.ok(sameBits(a[name]?.dataSync() as Float32Array, b[name]?.dataSync() as Float32Array), name);
    }
  });

  it('quantizeArtifacts / ferryHandler {quantize} leave quantized, int32 and string weights as they are and quantize the rest', async () => {
    const original = convertedArtifacts();
    const originalBytes = weightBytes(original);
    for (const mode of ['float16', 'uint8'] as const) {
      const storage = new MemoryStorage();
      await ferryHandler(storage, 'g.ferry', { quantize: mode }).save?.(original);
      const back = await decodeModelFile(await storage.read('g.ferry'), 'g.ferry');
      const specs = back.weightSpecs;
      const buffers = back.weights;
      assert.deepEqual(specs.slice(0, 3), original.weightSpecs?.slice(0, 3));
      assert.deepEqual(specs[4], original.weightSpecs?.[4]);
      // Offsets of the untouched weights in the original data: 1000 (uint8), 200 (float16), 16 (int32), 12, rest.
      const slices = [
        [0, 1000],
        [1000, 1200],
        [1200, 1216],
      ];
      for (let i = 0; i < 3; i++) {
        const [from, to] = slices[i] as [number, number];
        assert.deepEqual(buffers[i]?.slice(), originalBytes.slice(from, to), specs[i]?.name);
      }
      assert.deepEqual(buffers[4]?.slice(), originalBytes.slice(1228), 'labels');
      assert.equal(specs[3]?.quantization?.dtype, mode, 'the exact float32 weight is quantized');
      assert.equal(weightBytes(original).byteLength, originalBytes.byteLength, 'the input is not changed');
    }
    // Without a mode nothing changes at all.
    const storage = new MemoryStorage();
    await ferryHandler(storage, 'g.ferry').save?.(original);
    const plain = await decodeModelArtifacts(await storage.read('g.ferry'), 'g.ferry');
    assert.deepEqual(plain.weightSpecs, original.weightSpecs);
    assert.deepEqual(weightBytes(plain), originalBytes);
    assert.equal(
      quantizeArtifacts({ ...original, weightSpecs: [], weightData: new ArrayBuffer(0) }, 'uint8').weightSpecs?.length,
      0,
    );
  });

  it('weight specs that disagree with the weight data are an InvalidInputError', () => {
    const original = convertedArtifacts();
    const short = { ...original, weightData: weightBytes(original).slice(0, 100).buffer };
    assert.throws(() => quantizeArtifacts(short, 'uint8'), InvalidInputError);
    const long = { ...original, weightData: new Uint8Array(weightBytes(original).byteLength + 4).buffer };
    assert.throws(() => quantizeArtifacts(long, 'uint8'), InvalidInputError);
    const odd = { ...original, weightSpecs: [{ name: 'x', shape: [1], dtype: 'constructor' as 'float32' }] };
    assert.throws(() => quantizeArtifacts(odd, 'uint8'), /weight "x" has unknown dtype constructor/);
  });
});

describe('arrays files: quantized entries', () => {
  it('saveArrays takes QuantizedArrays; loadArrays hands back float32, as tensors or NDArrays', async () => {
    const values = new Float32Array([0, 0.25, -1.5, 3, 1e-3, -0.0625]);
    const storage = new MemoryStorage();
    const u8 = quantizeArray(values, [2, 3], 'uint8', 'a');
    const f16 = quantizeArray(values, [3, 2], 'float16', 'b');
    await saveArrays(storage, 'q.ferry', { a: u8, b: f16, exact: new NDArray('float32', [6], values) });
    const tensors = (await loadArrays(storage, 'q.ferry')) as Record<string, tfType.Tensor>;
    assert.deepEqual(tensors.a?.shape, [2, 3]);
    assert.equal(tensors.a?.dtype, 'float32');
    assert.ok(sameBits(tensors.a?.dataSync() as Float32Array, u8.dequantize()));
    assert.ok(sameBits(tensors.b?.dataSync() as Float32Array, f16.dequantize()));
    assert.ok(sameBits(tensors.exact?.dataSync() as Float32Array, values));
    const arrays = (await loadArrays(storage, 'q.ferry', { as: 'ndarray' })) as Record<string, NDArray>;
    assert.deepEqual(arrays.b?.shape, [3, 2]);
    assert.ok(sameBits(arrays.b?.data as Float32Array, f16.dequantize()));
    const list = await loadArrays(storage, 'q.ferry');
    assert.ok(!Array.isArray(list));
  });

  /** An arrays file with one hand-made entry `w`. */
  async function fileWith(entry: (payload: Awaited<ReturnType<typeof newPayload>>) => unknown): Promise<MemoryStorage> {
    const payload = await newPayload();
    const storage = new MemoryStorage();
    await storage.write('bad.ferry', encodeFile({ format: 1, kind: 'arrays', arrays: { w: entry(payload) } }, payload));
    return storage;
  }

  const cases: [string, (p: Awaited<ReturnType<typeof newPayload>>) => unknown, RegExp][] = [
    [
      'stored shape differs',
      (p) => ({
        dtype: 'float32',
        shape: [2, 3],
        quantization: { dtype: 'uint8', min: 0, scale: 1 },
        data: addTensor(p, 'uint8', [3, 2], new Uint8Array(6)),
      }),
      /stored values of shape \[3, 2\] for an array of shape \[2, 3\]/,
    ],
    [
      'float16 stored as uint8',
      (p) => ({
        dtype: 'float32',
        shape: [2],
        quantization: { dtype: 'float16' },
        data: addTensor(p, 'uint8', [2], new Uint8Array(2)),
      }),
      /float16 quantization stores its values as a uint16 tensor/,
    ],
    [
      'non-finite scale',
      (p) => ({
        dtype: 'float32',
        shape: [1],
        quantization: { dtype: 'uint8', min: 0, scale: Number.NaN },
        data: addTensor(p, 'uint8', [1], new Uint8Array(1)),
      }),
      /finite numbers min and scale/,
    ],
    [
      'missing min',
      (p) => ({
        dtype: 'float32',
        shape: [1],
        quantization: { dtype: 'uint8', scale: 1 },
        data: addTensor(p, 'uint8', [1], new Uint8Array(1)),
      }),
      /finite numbers min and scale/,
    ],
    [
      'unknown quantization dtype',
      (p) => ({
        dtype: 'float32',
        shape: [1],
        quantization: { dtype: 'uint4' },
        data: addTensor(p, 'uint8', [1], new Uint8Array(1)),
      }),
      /unknown quantization dtype "uint4"/,
    ],
    [
      'not float32',
      (p) => ({
        dtype: 'int32',
        shape: [1],
        quantization: { dtype: 'float16' },
        data: addTensor(p, 'uint16', [1], new Uint16Array(1)),
      }),
      /must be float32/,
    ],
    [
      'quantization not a map',
      () => ({ dtype: 'float32', shape: [1], quantization: 'uint8', data: null }),
      /quantization is not a map/,
    ],
    ['no shape', () => ({ dtype: 'float32', quantization: { dtype: 'float16' } }), /no valid shape/],
  ];
  for (const [what, entry, message] of cases) {
    it(`a quantized entry with ${what} is a CorruptDumpError naming it`, async () => {
      const storage = await fileWith(entry);
      for (const as of ['tensor', 'ndarray'] as const) {
        await assert.rejects(
          loadArrays(storage, 'bad.ferry', { as } as { as: 'tensor' }),
          (e: unknown) => e instanceof CorruptDumpError && e.message.includes('["w"]') && message.test(e.message),
        );
      }
    });
  }

  it('a QuantizedArray is checked when made: stored values that do not fit its shape or quantization are refused', () => {
    const bad: [string, () => QuantizedArray][] = [
      ['too few values', () => new QuantizedArray([2, 3], { dtype: 'uint8', min: 0, scale: 1 }, new Uint8Array(5))],
      [
        'uint8 in a Uint16Array',
        () => new QuantizedArray([2], { dtype: 'uint8', min: 0, scale: 1 }, new Uint16Array(2)),
      ],
      ['float16 in a Uint8Array', () => new QuantizedArray([2], { dtype: 'float16' }, new Uint8Array(2))],
      ['NaN scale', () => new QuantizedArray([1], { dtype: 'uint8', min: 0, scale: Number.NaN }, new Uint8Array(1))],
      ['unknown dtype', () => new QuantizedArray([1], { dtype: 'int4' } as unknown as Quantization, new Uint8Array(1))],
      ['bad shape', () => new QuantizedArray([-1], { dtype: 'float16' }, new Uint16Array(0))],
    ];
    for (const [what, make] of bad) assert.throws(make, InvalidInputError, what);
    assert.throws(() => quantizeArray(new Float32Array(5), [2, 3], 'uint8', 'w'), InvalidInputError);
    assert.throws(
      () => quantizeArray(new Float64Array(6) as unknown as Float32Array, [6], 'float16', 'w'),
      InvalidInputError,
    );
    assert.throws(() => quantizeArray(new Float32Array(6), [6], 'int8' as 'uint8', 'w'), InvalidInputError);
    assert.throws(
      () => quantizeArray(new Float32Array(6), [6], undefined as unknown as 'uint8', 'w'),
      InvalidInputError,
    );
    assert.throws(
      () => quantizeArtifacts({ weightSpecs: [], weightData: new ArrayBuffer(0) }, undefined as unknown as 'uint8'),
      InvalidInputError,
    );
  });
});

it('scripts/make_quantize_fixture.py regenerates test/fixtures/quantize.json (numpy float16, tfjs-converter uint8)', (t) => {
  checkRegenerates(t, 'make_quantize_fixture.py', 'quantize.json');
});
