/** Runs a command of the consumer test and collects its output; a non-zero exit is an error with both streams. */
import { spawn } from 'node:child_process';

/** What a finished command printed. */
export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `exe args…` in `cwd` (killed after `timeoutMs`) and resolves with its exit code and output. */
export function runCommand(
  exe: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 120_000,
  env: Record<string, string> = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** {@link runCommand}, failing unless the command exits 0. */
export async function runOk(
  exe: string,
  args: readonly string[],
  cwd: string,
  timeoutMs?: number,
  env?: Record<string, string>,
): Promise<CommandResult> {
  const r = await runCommand(exe, args, cwd, timeoutMs, env);
  if (r.code !== 0) {
    throw new Error(
      `${exe} ${args.join(' ')} (in ${cwd}) exited ${r.code}\n${r.stderr.slice(-4000)}\n${r.stdout.slice(-2000)}`,
    );
  }
  return r;
}

/** The last line of stdout, parsed as JSON. */
export function lastJsonLine(r: CommandResult): unknown {
  const last = r.stdout.trimEnd().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`no JSON on the last line of stdout:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  }
}
