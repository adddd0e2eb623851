/** Runs a runtime's script and returns the JSON it writes as the last line of its stdout. */
import { spawn } from 'node:child_process';

/**
 * Runs `exe args…` (in `cwd`) with `input` on stdin; resolves with the last stdout line parsed as JSON.
 * Killed after `timeoutMs`.
 */
export function runJson<T>(
  exe: string,
  args: readonly string[],
  input = '',
  timeoutMs = 120_000,
  cwd?: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = out.trimEnd().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(
          new Error(`${exe} ${args.join(' ')} exited ${code ?? signal}\n${err.slice(-4000)}\n${out.slice(-2000)}`),
        );
        return;
      }
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${exe} ${args.join(' ')} printed no JSON result\n${err.slice(-4000)}\n${out.slice(-2000)}`));
      }
    });
    child.stdin.end(input);
  });
}
