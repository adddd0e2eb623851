/**
 * Model files (issue 15, part 1): decoded in one pass with weights as views on the file's bytes, tfjs's JSON fields as
 * JSON text in the payload, and every field a hostile writer controls checked: each case below is re-signed with
 * valid checksums and must end in a CorruptDumpError naming what is wrong, never in an untyped error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { CorruptDumpError } from 'ferryml';
import { decodeModelArtifacts, decodeModelFile, encodeModelArtifacts } from 'ferryml/tfjs';
import { graphMlpArtifacts } from '../../examples/tfjs/graphMlp.ts';
import { addBytes, addRawTensor, encodeFile, newPayload } from '../../src/models/ferryFormat.ts';
import { FORMAT_MAJOR } from '../../src/saving/format/constants.ts';
import { concatWriteData } from '../../src/storage/StorageAdapter.ts';

/** A model file with a header of our choosing (JSON fields as text, or as given), correctly checksummed. */
async function modelFile(options: {
  json?: string | Uint8Array;
  artifacts?: unknown;
  weights?: (p: Awaited<ReturnType<typeof newPayload>>) => unknown[];
}): Promise<Uint8Array> {
  const payload = await newPayload();
  const header: Record<string, unknown> = { format: FORMAT_MAJOR, kind: 'model' };
  if (options.json !== undefined)
    header.artifactsJson = addBytes(
      payload,
      typeof options.json === 'string' ? new TextEncoder().encode(options.json) : options.json,
    );
  if (options.artifacts !== undefined) header.artifacts = options.artifacts;
  header.weights = options.weights ? options.weights(payload) : [];
  return concatWriteData(encodeFile(header, payload));
}

const TOPOLOGY = JSON.stringify({ modelTopology: { node: [], versions: { producer: 1 } }, format: 'graph-model' });

async function refused(bytes: Uint8Array, pattern: RegExp): Promise<void> {
  await assert.rejects(decodeModelFile(bytes, 'm.ferry'), (e) => {
    assert.ok(e instanceof CorruptDumpError, `not a CorruptDumpError: ${String(e)}`);
    assert.match(String(e), pattern);
    return true;
  });
}

describe('model files', () => {
  it('round-trip a graph model bit for bit, weights as views on the file bytes', async () => {
    const artifacts = graphMlpArtifacts([4], 32, 3);
    const bytes = concatWriteData(await encodeModelArtifacts(artifacts, 'm.ferry'));
    const decoded = await decodeModelFile(bytes, 'm.ferry');
    assert.deepEqual(decoded.weightSpecs, artifacts.weightSpecs);
    assert.deepEqual(decoded.modelTopology, artifacts.modelTopology);
    for (const w of decoded.weights) assert.equal(w.buffer, bytes.buffer, 'a view, not a copy');
    const back = await decodeModelArtifacts(bytes, 'm.ferry');
    assert.deepEqual(
      new Uint8Array(back.weightData as ArrayBuffer),
      new Uint8Array(artifacts.weightData as ArrayBuffer),
    );
    const a = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
    const b = await tf.loadGraphModel(tf.io.fromMemory(back));
    const x = tf.tensor2d([[1, -2, 0.5, 3]]);
    assert.deepEqual(await (a.execute(x) as tf.Tensor).data(), await (b.execute(x) as tf.Tensor).data());
  });

  it('read files of ferryml 0.2 (JSON fields as a msgpack map)', async () => {
    const bytes = await modelFile({ artifacts: JSON.parse(TOPOLOGY) });
    const decoded = await decodeModelFile(bytes, 'm.ferry');
    assert.deepEqual(decoded.modelTopology, { node: [], versions: { producer: 1 } });
  });

  it('refuse a hostile header with a CorruptDumpError naming the problem', async () => {
    const cases: [string, Promise<Uint8Array>, RegExp][] = [
      ['both forms', modelFile({ json: TOPOLOGY, artifacts: {} }), /exactly one of artifacts and artifactsJson/],
      ['neither form', modelFile({}), /exactly one of artifacts and artifactsJson/],
      ['not JSON', modelFile({ json: '{"modelTopology": [' }), /not UTF-8 JSON/],
      ['not UTF-8', modelFile({ json: new Uint8Array([0x7b, 0xff, 0x7d]) }), /not UTF-8 JSON/],
      ['a __proto__ key', modelFile({ json: '{"modelTopology": {"__proto__": {"x": 1}}}' }), /__proto__/],
      ['an escaped __proto__ key', modelFile({ json: '{"modelTopology": {"\\u005f_proto__": {}}}' }), /__proto__/],
      ['deep nesting', modelFile({ json: `{"modelTopology": ${'['.repeat(1e6)}${']'.repeat(1e6)}}` }), /./],
      ['not an object', modelFile({ json: '[1, 2]' }), /not a JSON object/],
      ['an unknown field', modelFile({ json: '{"weightsManifest": []}' }), /unknown field "weightsManifest"/],
      ['a topology that is no map', modelFile({ json: '{"modelTopology": 7}' }), /topology is not a map/],
      [
        'one spec too many',
        modelFile({ json: '{"weightSpecs": [{"name": "w", "shape": [1], "dtype": "float32"}]}' }),
        /one spec per entry of weights/,
      ],
    ];
    for (const [what, bytes, pattern] of cases) {
      await assert.rejects(decodeModelFile(await bytes, 'm.ferry'), (e) => {
        assert.ok(e instanceof CorruptDumpError, `${what}: ${String(e)}`);
        assert.match(String(e), pattern, what);
        return true;
      });
    }
  });

  it('refuse weights whose spec is malformed or disagrees with their bytes', async () => {
    const f32 = (p: Awaited<ReturnType<typeof newPayload>>, n: number) =>
      addRawTensor(p, 'float32', [n], new Uint8Array(new Float32Array(n).buffer));
    const spec = (over: Record<string, unknown>) => ({ name: 'w', shape: [4], dtype: 'float32', ...over });
    const cases: [unknown[] | ((p: Awaited<ReturnType<typeof newPayload>>) => unknown[]), RegExp][] = [
      [(p) => [{ spec: spec({ shape: [-4] }), data: f32(p, 4) }], /weights\[0\]\.spec: `shape`/],
      [(p) => [{ spec: spec({ shape: [2 ** 40, 2 ** 40] }), data: f32(p, 4) }], /safe integer/],
      [(p) => [{ spec: spec({ dtype: 'float64' }), data: f32(p, 4) }], /unknown dtype "float64"/],
      [(p) => [{ spec: spec({ name: 3 }), data: f32(p, 4) }], /`name`/],
      [(p) => [{ spec: spec({ shape: [5] }), data: f32(p, 4) }], /holds 16 bytes; its spec implies 20/],
      [
        (p) => [{ spec: spec({ quantization: { dtype: 'uint8', min: 0 } }), data: f32(p, 1) }],
        /finite `min` and `scale`/,
      ],
      [(p) => [{ spec: spec({ quantization: { dtype: 'int4' } }), data: f32(p, 1) }], /quantization dtype/],
      [
        (p) => [{ spec: spec({ dtype: 'string', shape: [1] }), data: addBytes(p, new Uint8Array([9, 0, 0, 0, 1])) }],
        /spec implies/,
      ],
      [(p) => [{ spec: spec({}) }, f32(p, 4)], /lacks its spec or data/],
    ];
    for (const [weights, pattern] of cases) {
      const bytes = await modelFile({ json: TOPOLOGY, weights: weights as never });
      await refused(bytes, pattern);
    }
  });
});
