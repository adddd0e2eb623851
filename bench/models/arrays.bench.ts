/**
 * saveArrays / loadArrays of a 256 MB float32 tensor through FileSystemStorage, against raw
 * `fs.writeFile` / `fs.readFile` of the same bytes (target ≤ 1.3×), and against tfjs's official
 * `model.json` + `weights.bin` layout (what tfjs-node's `file://` handler writes: `tf.io.encodeWeights`
 * then the files; load: read both, `tf.io.decodeWeights`). Measured alternately in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { FileSystemStorage, NDArray } from 'ferryml';
import { loadArrays, saveArrays } from '../../src/models/index.ts';
import { median, ms } from '../timing.ts';

export async function runArraysBench(runs = 5): Promise<{ saveRatio: number; loadRatio: number }> {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'ferry-arrays-bench-'));
  try {
    const n = (256 * 1024 * 1024) / 4;
    const data = new Float32Array(n);
    for (let i = 0; i < n; i += 1024) data[i] = i;
    const array = new NDArray('float32', [n / 1024, 1024], data);
    const tensor = tf.tensor(data, [n / 1024, 1024]);
    const raw = new Uint8Array(data.buffer);
    const storage = new FileSystemStorage(join(dir, 'ferry'));
    const t: Record<string, number[]> = {
      save: [],
      write: [],
      tfjsSave: [],
      load: [],
      read: [],
      tfjsLoad: [],
      saveTensor: [],
    };
    for (let r = 0; r < runs + 1; r++) {
      const sample: Record<string, number> = {};
      let t0 = performance.now();
      await writeFile(join(dir, 'raw.bin'), raw);
      sample.write = performance.now() - t0;
      t0 = performance.now();
      await saveArrays(storage, 'w.ferry', { w: array });
      sample.save = performance.now() - t0;
      t0 = performance.now();
      await saveArrays(storage, 't.ferry', { w: tensor });
      sample.saveTensor = performance.now() - t0;
      t0 = performance.now();
      const encoded = await tf.io.encodeWeights({ w: tensor });
      const modelJson = {
        format: 'layers-model',
        weightsManifest: [{ paths: ['weights.bin'], weights: encoded.specs }],
      };
      await writeFile(join(dir, 'model.json'), JSON.stringify(modelJson));
      await writeFile(join(dir, 'weights.bin'), new Uint8Array(encoded.data as ArrayBuffer));
      sample.tfjsSave = performance.now() - t0;

      t0 = performance.now();
      const back = await readFile(join(dir, 'raw.bin'));
      sample.read = performance.now() - t0;
      t0 = performance.now();
      const loaded = (await loadArrays(storage, 'w.ferry', { as: 'ndarray' })) as Record<string, NDArray>;
      sample.load = performance.now() - t0;
      t0 = performance.now();
      const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as typeof modelJson;
      const bin = await readFile(join(dir, 'weights.bin'));
      const decoded = tf.io.decodeWeights(
        bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
        json.weightsManifest[0].weights,
      );
      sample.tfjsLoad = performance.now() - t0;
      if (loaded.w.data[1024] !== 1024 || back.byteLength !== raw.byteLength || decoded.w.size !== n)
        throw new Error('bad round trip');
      decoded.w.dispose();
      if (r > 0) for (const [k, v] of Object.entries(sample)) t[k].push(v);
    }
    const m = (k: string) => median(t[k]);
    const saveRatio = m('save') / m('write');
    const loadRatio = m('load') / m('read');
    console.log('arrays.bench — 256 MB float32 through FileSystemStorage (median of %d)', runs);
    console.log(
      `  saveArrays(NDArray) ${ms(m('save'))}  vs raw fs.writeFile ${ms(m('write'))}  → ${saveRatio.toFixed(2)}× (target ≤ 1.3×)`,
    );
    console.log(`  saveArrays(tensor)  ${ms(m('saveTensor'))}  (includes tensor.data())`);
    console.log(
      `  tfjs model.json + weights.bin save ${ms(m('tfjsSave'))}  → Ferry is ${(m('tfjsSave') / m('saveTensor')).toFixed(2)}× faster`,
    );
    console.log(
      `  loadArrays(ndarray) ${ms(m('load'))}  vs raw fs.readFile  ${ms(m('read'))}  → ${loadRatio.toFixed(2)}× (target ≤ 1.3×)`,
    );
    console.log(
      `  tfjs model.json + weights.bin load ${ms(m('tfjsLoad'))}  → Ferry is ${(m('tfjsLoad') / m('load')).toFixed(2)}× faster`,
    );
    tensor.dispose();
    return { saveRatio, loadRatio };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runArraysBench();
