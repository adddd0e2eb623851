/**
 * Run by tfjsModelStep.test.ts in a fresh process: imports only ferryml and the tfjs entry, loads the
 * dump at argv[2] named argv[3], transforms argv[4] (JSON) and prints the output's bytes in base64.
 */
import * as tf from '@tensorflow/tfjs';
import { ExecutionContext, FileSystemStorage, type NDArray } from 'ferryml';
import '../../src/models/index.ts';

tf.env().set('PROD', true);
await tf.setBackend('cpu');
const [root, name, input] = process.argv.slice(2);
const pipeline = await new ExecutionContext(new FileSystemStorage(root)).load(name);
const out = (await pipeline.transform(JSON.parse(input))) as NDArray;
process.stdout.write(Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength).toString('base64'));
