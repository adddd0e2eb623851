/**
 * Saves and loads a step holding a 256 MB float32 array through FileSystemStorage, against raw
 * `fs.writeFile` / `fs.readFile` of the same bytes, measured alternately in the same run.
 * Target: ≤ 1.3× for both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionContext, FileSystemStorage, Identity, registerStep } from 'ferryml';
import { median, ms } from './timing.ts';

class TensorHolder extends Identity {
  static readonly classId = 'bench.TensorHolder';
  weights: Float32Array = new Float32Array(0);
}
registerStep(TensorHolder);

export async function runDumpBench(runs = 7): Promise<{ saveRatio: number; loadRatio: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-dump-bench-'));
  try {
    const n = (256 * 1024 * 1024) / 4;
    const step = new TensorHolder({ name: 'holder' });
    step.weights = new Float32Array(n);
    for (let i = 0; i < n; i += 1024) step.weights[i] = i;
    const raw = new Uint8Array(step.weights.buffer);
    const storage = new FileSystemStorage(join(dir, 'ferry'));
    const ctx = new ExecutionContext(storage);
    const rawPath = join(dir, 'raw.bin');

    const t = { save: [] as number[], write: [] as number[], load: [] as number[], read: [] as number[] };
    // Rounds alternate which of the pair runs first, so page-cache writeback hits both alike.
    for (let r = 0; r < runs + 1; r++) {
      const rawFirst = r % 2 === 0;
      let write = 0;
      let save = 0;
      let read = 0;
      let load = 0;
      const doWrite = async () => {
        const t0 = performance.now();
        await writeFile(rawPath, raw);
        write = performance.now() - t0;
      };
      const doSave = async () => {
        const t0 = performance.now();
        await step.save(ctx, { fullDump: true });
        save = performance.now() - t0;
      };
      const doRead = async () => {
        const t0 = performance.now();
        const back = await readFile(rawPath);
        read = performance.now() - t0;
        if (back.byteLength !== raw.byteLength) throw new Error('bad raw read');
      };
      const doLoad = async () => {
        const t0 = performance.now();
        const loaded = (await ctx.load('holder')) as TensorHolder;
        load = performance.now() - t0;
        if (loaded.weights.length !== n || loaded.weights[1024] !== 1024) throw new Error('bad round trip');
      };
      for (const f of rawFirst ? [doWrite, doSave, doRead, doLoad] : [doSave, doWrite, doLoad, doRead]) await f();
      if (r > 0) {
        t.save.push(save);
        t.write.push(write);
        t.load.push(load);
        t.read.push(read);
      }
    }
    const saveRatio = median(t.save) / median(t.write);
    const loadRatio = median(t.load) / median(t.read);
    console.log('dump.bench — 256 MB float32 step through FileSystemStorage (median of %d)', runs);
    console.log(
      `  save ${ms(median(t.save))}  vs raw fs.writeFile ${ms(median(t.write))}  → ${saveRatio.toFixed(2)}× (target ≤ 1.3×)`,
    );
    console.log(
      `  load ${ms(median(t.load))}  vs raw fs.readFile  ${ms(median(t.read))}  → ${loadRatio.toFixed(2)}× (target ≤ 1.3×)`,
    );
    return { saveRatio, loadRatio };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runDumpBench();
