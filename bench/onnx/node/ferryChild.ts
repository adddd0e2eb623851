/**
 * A fresh Node process's first Ferry prediction (bundled by coldStart.ts against dist/node): load the dump with
 * `ExecutionContext.load`, predict one row, print `{"ms": performance.now(), ...}` — ms since the process started.
 * Args: <storage root> <dump name> <features> <row as JSON>.
 */
import { ExecutionContext } from 'ferryml';
import { ferryPredictor } from '../ferryPredictor.ts';

const [root, name, features, row] = process.argv.slice(2);
const predictor = ferryPredictor(await new ExecutionContext(root).load(name), Number(features));
const out = await predictor.predict(Float64Array.from(JSON.parse(row) as number[]), 1);
const ms = performance.now();
console.log(JSON.stringify({ ms, labels: Array.from(out.labels), values: Array.from(out.values) }));
