/**
 * Random search over a pipeline's hyperparameter space with flat `step__name` names, keeping the best
 * pipeline and saving it. Run: `node --import tsx examples/hyperparameter-search.ts`.
 */
import {
  Choice,
  ExecutionContext,
  LogisticRegression,
  LogUniform,
  MemoryStorage,
  type NDArray,
  Pipeline,
  StandardScaler,
} from 'ferryml';

const X = Array.from({ length: 120 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7), (i % 10) / 10]);
const y = X.map(([a, b, c]) => (a + 0.5 * b - c > 0 ? 1 : 0));
const build = () =>
  new Pipeline([
    new StandardScaler(),
    new LogisticRegression({ space: { C: new LogUniform(0.001, 100), penalty: new Choice(['l1', 'l2']) } }),
  ]).setName('search');

console.log('space:', build().getHyperparamsSpace().keys().join(', '));
let best = { score: -1, params: {} as Record<string, unknown>, model: build() };
for (let trial = 0; trial < 8; trial++) {
  const model = build();
  const params = model.sampleHyperparams(trial).toFlat(); // e.g. {LogisticRegression__C: 0.37, LogisticRegression__penalty: 'l1'}
  await model.fit(X.slice(0, 80), y.slice(0, 80));
  const predicted = ((await model.transform(X.slice(80))) as NDArray).toNested() as number[];
  const score = predicted.filter((p, i) => p === y[80 + i]).length / predicted.length;
  console.log(`trial ${trial}: ${JSON.stringify(params)} → validation accuracy ${score.toFixed(3)}`);
  if (score > best.score) best = { score, params, model };
}
await best.model.save(new ExecutionContext(new MemoryStorage()), { fullDump: true });
console.log(`best: ${JSON.stringify(best.params)} (${best.score.toFixed(3)})`);
