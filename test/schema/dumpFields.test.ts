/**
 * Dumps with valid checksums but wrong fields, as an independent writer of docs/FORMAT.md could produce them (the
 * cases of issue 11): each must end in a typed error naming the file, step path and field, never in a wrong answer
 * or an untyped error. Files are decoded, one field is changed, and they are re-encoded with valid checksums.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CorruptDumpError,
  ExecutionContext,
  InvalidDumpFieldError,
  isFerryError,
  KMeans,
  LinearRegression,
  LogisticRegression,
  MemoryStorage,
  NDArray,
  Pipeline,
  Ridge,
  StandardScaler,
} from 'ferryml';
import { loadKernels } from '../../src/kernels/loadKernels.ts';
import { ObjectRef, StepRef } from '../../src/saving/format/refs.ts';
import { wasmXxh64 } from '../../src/saving/format/xxhash64.ts';
import { openStepFile, sealStepFile } from '../fuzz/fieldMutations.ts';

const hasher = wasmXxh64(await loadKernels());
const X = [
  [5.1, 3.5, 1.4, 0.2],
  [7.0, 3.2, 4.7, 1.4],
  [6.3, 3.3, 6.0, 2.5],
  [4.9, 3.0, 1.4, 0.2],
  [6.4, 3.2, 4.5, 1.5],
  [5.8, 2.7, 5.1, 1.9],
];
const y = [0, 1, 2, 0, 1, 2];

type Tree = Record<string, unknown>;

/** Saves `pipeline` as `m`, applies `edit` to the header of `file`, and loads `m` again. */
async function loadEdited(
  pipeline: Pipeline,
  file: string,
  edit: (header: Tree, fields: Tree) => void,
): Promise<unknown> {
  const storage = new MemoryStorage();
  await pipeline.save(new ExecutionContext(storage), { fullDump: true });
  const header = openStepFile(await storage.read(file), hasher);
  edit(header, header.fields as Tree);
  await storage.write(file, sealStepFile(header, hasher));
  const loaded = await new ExecutionContext(storage).load('m');
  return loaded.transform(X);
}

async function expectFieldError(
  promise: Promise<unknown>,
  field: RegExp,
  file: RegExp,
  errorClass: abstract new (...args: never[]) => Error = InvalidDumpFieldError,
): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(isFerryError(e), `not a FerryError: ${String(e)}`);
    assert.ok(e instanceof errorClass, `${(e as Error).name}: ${(e as Error).message}`);
    assert.match(e.message, file);
    assert.match(e.message, field);
    return true;
  });
}

async function fitted(...steps: ConstructorParameters<typeof Pipeline>[0]): Promise<Pipeline> {
  const p = new Pipeline(steps).setName('m');
  await p.fit(X, y);
  return p;
}

describe('dump fields are checked against their class schema before a step is built', () => {
  it('a StandardScaler without scale, or with scale null while withStd, is refused (no silently unscaled output)', async () => {
    const p = await fitted(new StandardScaler(), new LogisticRegression());
    const file = 'm/StandardScaler/StandardScaler.ferry';
    await expectFieldError(
      loadEdited(p, file, (_, f) => delete f.scale),
      /field "scale".*required/,
      /StandardScaler\.ferry \(m\/StandardScaler\)/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => (f.scale = null)),
      /field "scale"/,
      /StandardScaler\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => delete f.mean),
      /field "mean"/,
      /StandardScaler\.ferry/,
    );
  });

  it('KMeans centers of the wrong width, or missing, are refused', async () => {
    const p = await fitted(new KMeans({ hyperparams: { nClusters: 3, nInit: 1 } }));
    const file = 'm/KMeans/KMeans.ferry';
    await expectFieldError(
      loadEdited(p, file, (_, f) => {
        const c = f.clusterCenters as NDArray;
        f.clusterCenters = new NDArray('float64', [3, 3], (c.data as Float64Array).slice(0, 9));
      }),
      /field "clusterCenters": expected float64 tensor \[nClusters, nFeaturesIn\], dimension 1 = 4/,
      /KMeans\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => delete f.clusterCenters),
      /field "clusterCenters"/,
      /KMeans\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => {
        const c = f.clusterCenters as NDArray;
        f.clusterCenters = new NDArray('float64', [2, 4], (c.data as Float64Array).slice(0, 8));
      }),
      /clusterCenters.*3 rows \(hyperparameter nClusters\)/,
      /KMeans\.ferry/,
    );
  });

  it('a Pipeline listing one child twice, a string of steps, or a dangling step is refused', async () => {
    const p = await fitted(new StandardScaler(), new LogisticRegression());
    await expectFieldError(
      loadEdited(p, 'm/m.ferry', (_, f) => (f.steps as unknown[]).push((f.steps as unknown[])[0])),
      /field "steps\[2\]": expected distinct items/,
      /m\/m\.ferry \(m\)/,
    );
    await expectFieldError(
      loadEdited(p, 'm/m.ferry', (_, f) => (f.steps = 'StandardScaler')),
      /field "steps"/,
      /m\/m\.ferry/,
    );
    await assert.rejects(
      loadEdited(p, 'm/m.ferry', (_, f) => (f.steps as unknown[]).push(new StepRef('nowhere'))),
      (e: unknown) => isFerryError(e) && /nowhere/.test((e as Error).message),
    );
  });

  it('an int32 coef, a missing intercept, or coef rows that disagree with the classes are refused', async () => {
    const p = await fitted(new LogisticRegression());
    const file = 'm/LogisticRegression/LogisticRegression.ferry';
    await expectFieldError(
      loadEdited(p, file, (_, f) => {
        const c = f.coef as NDArray;
        f.coef = new NDArray('int32', [...c.shape], Int32Array.from(c.data as Float64Array));
      }),
      /field "coef": expected float64 tensor \[k, nFeatures\].*found a int32 tensor/,
      /LogisticRegression\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => delete f.intercept),
      /field "intercept"/,
      /LogisticRegression\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => delete f.coef),
      /field "coef"/,
      /LogisticRegression\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => (f.classes = [0, 1])),
      /field "coef": expected 1 rows for 2 classes/,
      /LogisticRegression\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => (f.classes = [2, 1, 0])),
      /field "classes\[1\]".*ascending/,
      /LogisticRegression\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => (f.classes = [0, 'x', 2])),
      /classes/,
      /LogisticRegression\.ferry/,
    );
  });

  it('string class labels are a valid dump: predictions are those labels, not NaN', async () => {
    const p = await fitted(new LogisticRegression());
    const out = await loadEdited(
      p,
      'm/LogisticRegression/LogisticRegression.ferry',
      (_, f) => (f.classes = ['setosa', 'versicolor', 'virginica']),
    );
    assert.deepEqual(out, ['setosa', 'versicolor', 'virginica', 'setosa', 'versicolor', 'virginica']);
  });

  it('LinearRegression and Ridge: missing coef, a plain-number intercept, or a mismatched intercept are refused', async () => {
    for (const [Step, id] of [
      [LinearRegression, 'LinearRegression'],
      [Ridge, 'Ridge'],
    ] as const) {
      const p = new Pipeline([new Step()]).setName('m');
      await p.fit(X, [1, 2, 3, 4, 5, 6]);
      const file = `m/${id}/${id}.ferry`;
      await expectFieldError(
        loadEdited(p, file, (_, f) => delete f.coef),
        /field "coef"/,
        new RegExp(`${id}\\.ferry`),
      );
      await expectFieldError(
        loadEdited(p, file, (_, f) => (f.intercept = 0.5)),
        /field "intercept"/,
        new RegExp(`${id}\\.ferry`),
      );
      await expectFieldError(
        loadEdited(p, file, (_, f) => (f.intercept = new NDArray('float64', [2], new Float64Array(2)))),
        /field "intercept"/,
        new RegExp(`${id}\\.ferry`),
      );
    }
  });

  it('savers that are not a list, the msgpack saver, or repeated savers are refused before any saver runs', async () => {
    const p = await fitted(new StandardScaler());
    const file = 'm/StandardScaler/StandardScaler.ferry';
    await expectFieldError(
      loadEdited(p, file, (_, f) => (f.savers = 'x')),
      /field "savers"/,
      /StandardScaler\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => (f.savers = [new ObjectRef('ferry.MsgpackStepSaver', {})])),
      /field "savers\[0\]": expected no msgpack saver/,
      /StandardScaler\.ferry/,
    );
    const t0 = performance.now();
    await expectFieldError(
      loadEdited(
        p,
        file,
        (_, f) => (f.savers = Array.from({ length: 3000 }, () => new ObjectRef('ferry.MsgpackStepSaver', {}))),
      ),
      /field "savers": expected at most 64 items/,
      /StandardScaler\.ferry/,
    );
    assert.ok(performance.now() - t0 < 5000, '3,000 saver copies are refused at once, not run');
  });

  it('the header: format 99, a name other than the folder, and a fields.name that differs are refused', async () => {
    const p = await fitted(new StandardScaler());
    const file = 'm/StandardScaler/StandardScaler.ferry';
    await expectFieldError(
      loadEdited(p, file, (h) => (h.format = 99)),
      /format 99/,
      /StandardScaler\.ferry/,
      CorruptDumpError,
    );
    await expectFieldError(
      loadEdited(p, file, (h) => (h.name = 'other')),
      /folder is "StandardScaler"/,
      /StandardScaler\.ferry/,
      CorruptDumpError,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => (f.name = 'other')),
      /field "name"/,
      /StandardScaler\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (h) => (h.extra = 1)),
      /header key "extra"/,
      /StandardScaler\.ferry/,
      CorruptDumpError,
    );
  });

  it('a field that would hide a method, an unknown field, and a bool tensor holding byte 7 are refused', async () => {
    const p = await fitted(new StandardScaler());
    const file = 'm/StandardScaler/StandardScaler.ferry';
    await expectFieldError(
      loadEdited(p, file, (_, f) => (f.transform = 1)),
      /field "transform".*hide a method/,
      /StandardScaler\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => (f.surprise = 1)),
      /field "surprise".*unknown field/,
      /StandardScaler\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => (f.nFeaturesIn = new NDArray('bool', [2], new Uint8Array([1, 7])))),
      /bool tensor element holds byte 7/,
      /StandardScaler\.ferry/,
      CorruptDumpError,
    );
  });

  it('hyperparameters: an unknown name or a value of the wrong kind is refused; a misplaced class id too', async () => {
    const p = await fitted(new LogisticRegression());
    const file = 'm/LogisticRegression/LogisticRegression.ferry';
    const values = (h: Tree) => ((h.fields as Tree).hyperparams as ObjectRef).fields.values as Tree;
    await expectFieldError(
      loadEdited(p, file, (h) => (values(h).Cee = 1)),
      /field "hyperparams.values.Cee"/,
      /LogisticRegression\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (h) => (values(h).maxIter = 'many')),
      /field "hyperparams.values.maxIter"/,
      /LogisticRegression\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => (f.hyperparams = new ObjectRef('ferry.HyperparameterSpace', { values: {} }))),
      /field "hyperparams"/,
      /LogisticRegression\.ferry/,
    );
    await expectFieldError(
      loadEdited(p, file, (_, f) => (f.coef = new ObjectRef('ferry.Identity', {}))),
      /not a step/,
      /LogisticRegression\.ferry/,
    );
    await expectFieldError(
      loadEdited(
        p,
        file,
        (_, f) =>
          (f.space = new ObjectRef('ferry.HyperparameterSpace', {
            values: { C: new ObjectRef('ferry.Uniform', { low: 2, high: 1 }) },
          })),
      ),
      /constructor accepts/,
      /LogisticRegression\.ferry/,
    );
  });

  it('every case above loads as saved when nothing is changed (the edits, not the round trip, are refused)', async () => {
    const p = await fitted(new StandardScaler(), new LogisticRegression());
    const want = await p.transform(X);
    assert.deepEqual(await loadEdited(p, 'm/StandardScaler/StandardScaler.ferry', () => {}), want);
  });
});
