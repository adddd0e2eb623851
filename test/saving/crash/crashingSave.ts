/**
 * Child process of the crash-safety test: saves a full dump of version `version` under `root`, and
 * SIGKILLs itself just before the `killAt`-th file-system operation that changes the disk (-1: never).
 * Prints the number of operations a complete save took.
 * Usage: crashingSave.ts <root> <killAt> <version>
 */
import { ExecutionContext, FileSystemStorage, Identity, NDArray, Pipeline, registerStep } from 'ferryml';

export class Versioned extends Identity {
  static readonly classId = 'test.Versioned';
  version = 0;
  weights: NDArray | null = null;
}
registerStep(Versioned);

/** The pipeline of a given version: every step and every weight carries the version number. */
export function versionedPipeline(version: number): Pipeline {
  const steps = ['a', 'b', 'c'].map((name, i) => {
    const s = new Versioned({ name });
    s.version = version;
    // Step "b" holds 1 MiB, so both the small (sync) and the large (async) write paths are crossed.
    s.weights = NDArray.zeros('float64', [i === 1 ? 131072 : 16]);
    (s.weights.data as Float64Array).fill(version);
    return s;
  });
  return new Pipeline(steps).setName('dump');
}

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
