/**
 * The Python reader makes the TypeScript reader's checks: the fuzzer's target dump (test/fuzz: a pipeline with a
 * scaler, a wrapper and a logistic regression with a search space) is damaged in several hundred ways — bytes
 * flipped, cut, spliced, oversized lengths, deep nesting (on the pack, and on one step file inside a valid pack),
 * and every structured field mutation of the fuzzer on every step file, re-signed so that it reaches the decoder and
 * the schema checks — and each case is loaded by both. They must end the same way: both load, or both raise the
 * same error code naming the same file and byte offset (CorruptDumpError), field (InvalidDumpFieldError) or class
 * id (UnknownClassError). Python may never raise anything but a FerryError.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import { ExecutionContext, isFerryError, MemoryStorage, PackStorage, pack } from 'ferryml';
// Registers ferry.TfjsModelStep and ferry.TfjsModelSaver, as the Python reader knows every class of the schemas.
import 'ferryml/tfjs';
import { loadKernels } from '../../src/kernels/loadKernels.ts';
import { wasmXxh64 } from '../../src/saving/format/xxhash64.ts';
import { makeTarget, mutationArbitrary } from '../fuzz/dumpFuzzer.ts';
import { applyMutation, fieldMutationArbitrary, openStepFile, sealStepFile } from '../fuzz/fieldMutations.ts';
import { ROOT } from '../runtimes/build.ts';
import { pythonUnavailable, runPython } from './pythonEnv.ts';

type Outcome = { ok: true } | { code: string; file?: string; offset?: number; field?: string; classId?: string };
const BYTE_CASES = 400;
const FIELD_CASES = 600;

let dir = '';
const descriptions = new Map<string, string>();
const ts = new Map<string, Outcome>();
let py: Record<string, Outcome | { untyped: string }> = {};

async function tsOutcome(bytes: Uint8Array): Promise<Outcome> {
  try {
    const storage = new PackStorage(bytes, 'fuzz.ferrypack');
    await new ExecutionContext(storage).load(await storage.root());
    return { ok: true };
  } catch (error) {
    if (!isFerryError(error)) throw error;
    const e = error as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = { code: e.code };
    for (const key of ['file', 'offset', 'field', 'classId']) if (key in e && e[key] !== undefined) out[key] = e[key];
    return out as Outcome;
  }
}

async function packOf(files: ReadonlyMap<string, Uint8Array>): Promise<Uint8Array> {
  const storage = new MemoryStorage();
  for (const [key, bytes] of files) await storage.write(key, bytes);
  return pack(storage, 'm');
}

before(async () => {
  if (pythonUnavailable) return;
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  dir = mkdtempSync(join(ROOT, 'tmp', 'same-checks-'));
  const target = await makeTarget();
  const hasher = wasmXxh64(await loadKernels());
  const hash = (c: Uint8Array[]) => hasher.hash(c);
  const cases: Array<[string, Uint8Array]> = [];
  for (const c of fc.sample(mutationArbitrary(target.pack, 'pack', hash), { numRuns: BYTE_CASES / 2, seed: 16 }))
    cases.push([c.description, c.bytes]);
  // One step file damaged inside a valid pack: the file's own checks, not the pack's, must catch it.
  const lrKey = 'm/LogisticRegression/LogisticRegression.ferry';
  const lrFile = target.dump.get(lrKey) as Uint8Array;
  for (const c of fc.sample(mutationArbitrary(lrFile, 'file', hash), { numRuns: BYTE_CASES / 2, seed: 17 })) {
    cases.push([`${lrKey}: ${c.description}`, await packOf(new Map([...target.dump, [lrKey, c.bytes]]))]);
  }
  const stepFiles = [...target.dump.keys()].filter((k) => k.endsWith('.ferry'));
  for (const m of fc.sample(fieldMutationArbitrary(stepFiles), { numRuns: FIELD_CASES, seed: 18 })) {
    const header = openStepFile(target.dump.get(m.file) as Uint8Array, hasher);
    const what = applyMutation(header, m.mutation, m.seed);
    const files = new Map([...target.dump, [m.file, sealStepFile(header, hasher)]]);
    cases.push([`fields of ${m.file}: ${what}`, await packOf(files)]);
  }
  for (const [i, [description, bytes]] of cases.entries()) {
    const name = `case-${String(i).padStart(4, '0')}.ferrypack`;
    descriptions.set(name, description);
    writeFileSync(join(dir, name), bytes);
    ts.set(name, await tsOutcome(bytes));
  }
  py = JSON.parse(runPython([join(ROOT, 'test/python/loadOutcomes.py'), dir]));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it(`${BYTE_CASES + FIELD_CASES} damaged dumps end the same way in Python and TypeScript`, {
  skip: pythonUnavailable ?? false,
}, () => {
  assert.equal(Object.keys(py).length, ts.size);
  const mismatches: string[] = [];
  const counts = new Map<string, number>();
  for (const [name, ours] of ts) {
    const theirs = py[name];
    const key = 'ok' in ours ? 'ok' : ours.code;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (JSON.stringify(theirs) !== JSON.stringify(ours))
      mismatches.push(
        `${descriptions.get(name)}\n  TypeScript: ${JSON.stringify(ours)}\n  Python:     ${JSON.stringify(theirs)}`,
      );
  }
  console.log(`outcomes: ${JSON.stringify(Object.fromEntries(counts))}`);
  assert.equal(
    mismatches.length,
    0,
    `${mismatches.length} of ${ts.size} differ:\n${mismatches.slice(0, 15).join('\n')}`,
  );
  assert.ok((counts.get('FERRY_INVALID_DUMP_FIELD') ?? 0) > 50, 'the structured cases reach the schema checks');
  assert.ok((counts.get('FERRY_CORRUPT_DUMP') ?? 0) > 100);
});
