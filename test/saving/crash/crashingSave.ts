/**
 * Child process of the crash-safety test: saves a full dump of version `version` under `root`, and
 * SIGKILLs itself just before the `killAt`-th file-system operation that changes the disk (-1: never).
 * Prints the number of operations a complete save took.
 * Usage: crashingSave.ts <root> <killAt> <version>
 */
import { ExecutionContext, FileSystemStorage } from 'ferryml';
import { versionedPipeline } from './versioned.ts';

export { type Versioned, versionedPipeline } from './versioned.ts';

if (import.meta.url === `file://${process.argv[1]}`) {
  const [root, killAtText, versionText] = process.argv.slice(2);
  const killAt = Number(killAtText);
  let ops = 0;
  const storage = new FileSystemStorage(root, {
    beforeOperation: () => {
      if (ops++ === killAt) process.kill(process.pid, 'SIGKILL');
    },
  });
  await versionedPipeline(Number(versionText)).save(new ExecutionContext(storage), { fullDump: true });
  process.stdout.write(`${ops}\n`);
}
