/**
 * Child of the save-mode crash test: saves version `version` of the versioned pipeline under `root`
 * with the save options given as JSON, and SIGKILLs itself just before its `killAt`-th file-system
 * operation that changes the disk (-1: never). Prints the number of operations a complete save took.
 * Usage: killedSave.ts <root> <killAt> <version> <options JSON>
 */
import { ExecutionContext, FileSystemStorage } from 'ferryml';
import { versionedPipeline } from '../../saving/crash/versioned.ts';

const [root, killAtText, versionText, optionsText] = process.argv.slice(2);
const killAt = Number(killAtText);
let ops = 0;
const storage = new FileSystemStorage(root, {
  beforeOperation: () => {
    if (ops++ === killAt) process.kill(process.pid, 'SIGKILL');
  },
});
await versionedPipeline(Number(versionText)).save(new ExecutionContext(storage), JSON.parse(optionsText));
process.stdout.write(`${ops}\n`);
