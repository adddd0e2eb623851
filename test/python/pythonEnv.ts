/**
 * Debian's Python with what the scikit-learn tests need (numpy, xxhash, msgpack, scikit-learn), the checkout's
 * python/ package on its path, and the loud skip (a failure under `CI=true`) where it is missing.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../runtimes/build.ts';

export const PYTHON = '/usr/bin/python3';
/** The checkout's Python package (python/ferryml), put first on PYTHONPATH: the tests test this tree. */
export const PYTHON_PACKAGE = join(ROOT, 'python');

const probe = spawnSync(PYTHON, ['-c', 'import numpy, xxhash, msgpack, sklearn, scipy'], { encoding: 'utf8' });

/** Why the Python tests cannot run here, or null. */
export const pythonUnavailable: string | null =
  probe.status === 0
    ? null
    : `${PYTHON} with numpy, xxhash, msgpack and scikit-learn is not available (apt-get install python3-numpy ` +
      `python3-xxhash python3-msgpack python3-sklearn): ${(probe.stderr ?? String(probe.error)).trim().slice(-300)}`;
if (pythonUnavailable && process.env.CI === 'true') throw new Error(`CI=true: ${pythonUnavailable}`);
if (pythonUnavailable) console.warn(`\n!!! SKIPPING the Python tests: ${pythonUnavailable}\n`);

/** The environment a Python child runs with: the checkout's package first on PYTHONPATH. */
export function pythonEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PYTHONPATH: PYTHON_PACKAGE, PYTHONDONTWRITEBYTECODE: '1' };
}

/** Runs `/usr/bin/python3 args…` (checkout package on the path); throws with its output when it fails. */
export function runPython(args: readonly string[], options: { input?: string; cwd?: string } = {}): string {
  const r = spawnSync(PYTHON, args, {
    encoding: 'utf8',
    env: pythonEnv(),
    cwd: options.cwd ?? ROOT,
    input: options.input,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(`python3 ${args.join(' ')} exited ${r.status}\n${r.stderr}\n${r.stdout}`.slice(-6000));
  return r.stdout;
}
