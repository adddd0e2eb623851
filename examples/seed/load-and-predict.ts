/**
 * The loading half of the seed demo, run in a fresh process: it imports only `ferryml` and the
 * module defining IdentityWithQueue (to register it) — never the code that built the pipeline.
 * Usage: load-and-predict.ts <cache folder> <pipeline name> <inputs as JSON>
 */
import { ExecutionContext, type NDArray, type NestedNumbers } from 'ferryml';
import './IdentityWithQueue.ts';

const [cacheFolder, name, inputsJson] = process.argv.slice(2);
const loaded = await new ExecutionContext(cacheFolder).load(name);
const outputs = (await loaded.transform(JSON.parse(inputsJson) as NestedNumbers)) as NDArray;
process.stdout.write(`${JSON.stringify({ class: loaded.constructor.name, outputs: outputs.toNested() })}\n`);
