/**
 * Classical steps on Ferry's WASM SIMD kernels: StandardScaler → PCA → LogisticRegression, saved as a
 * single-file pack and loaded back from the pack alone. Run: `node --import tsx examples/classical-pipeline.ts`.
 */
import {
  ExecutionContext,
  LogisticRegression,
  MemoryStorage,
  type NDArray,
  PackStorage,
  PCA,
  Pipeline,
  pack,
  StandardScaler,
} from 'ferryml';

// Two noisy blobs in 5 dimensions, from a tiny deterministic generator.
let state = 12345;
const rand = () => {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return (state / 2 ** 31) * 2 - 1;
};
const X: number[][] = [];
const y: number[] = [];
for (let i = 0; i < 200; i++) {
  const label = i % 2;
  X.push(Array.from({ length: 5 }, (_, j) => rand() + (label ? 2 : -2) * (j < 2 ? 1 : 0.1)));
  y.push(label);
}

const model = new Pipeline([
  new StandardScaler(),
  new PCA({ hyperparams: { nComponents: 2 } }),
  new LogisticRegression({ hyperparams: { C: 0.5 } }),
]).setName('classifier');
await model.fit(X, y);
const predictions = ((await model.transform(X)) as NDArray).toNested() as number[];
console.log(`training accuracy: ${predictions.filter((p, i) => p === y[i]).length / y.length}`);

// Save, pack into one file, and load from the pack alone.
const storage = new MemoryStorage();
await model.save(new ExecutionContext(storage), { fullDump: true });
const bytes = await pack(storage, 'classifier');
console.log(`pack: ${bytes.byteLength} bytes`);
const loaded = await new ExecutionContext(new PackStorage(bytes)).load('classifier');
const same = ((await loaded.transform(X)) as NDArray).toNested();
console.log(`loaded from the pack, same predictions: ${JSON.stringify(same) === JSON.stringify(predictions)}`);
