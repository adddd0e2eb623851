/**
 * Which tfjs backend each runtime picks, and the MLP forward pass per backend: in this Node process,
 * then in Deno and Bun (the binaries in node_modules/.bin) running bench/models/forwardPass.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ms } from '../timing.ts';
import { type ForwardPassReport, measureForwardPass } from './forwardPass.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = fileURLToPath(new URL('./forwardPass.ts', import.meta.url));

function inRuntime(name: 'deno' | 'bun'): ForwardPassReport | string {
  const bin = `${root}node_modules/.bin/${name}`;
  if (!existsSync(bin)) return `${name} is not installed (${bin})`;
  const args = name === 'deno' ? ['run', '-A', script] : [script];
  try {
    const out = execFileSync(bin, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trim().split('\n').pop() ?? '') as ForwardPassReport;
  } catch (error) {
    return `${name} failed: ${(error as Error).message.split('\n')[0]}`;
  }
}

function print(report: ForwardPassReport | string): void {
  if (typeof report === 'string') {
    console.log(`  ${report}`);
    return;
  }
  console.log(
    `  ${report.runtime}: picked ${report.picked}${report.notPicked.length ? ` (not: ${report.notPicked.join('; ')})` : ''}`,
  );
  for (const [backend, r] of Object.entries(report.perBackend)) {
    console.log(
      typeof r === 'string'
        ? `    ${backend}: unavailable (${r})`
        : `    ${backend}: MLP 100-256-256-1 forward, 1 row ${ms(r.single)}, 256 rows ${ms(r.batch256)}`,
    );
  }
}

export async function runBackendsBench(): Promise<void> {
  console.log('backends.bench — pickBackend() per runtime and the seed MLP forward pass per backend (median of 30)');
  print(await measureForwardPass());
  print(inRuntime('deno'));
  print(inRuntime('bun'));
}

if (import.meta.url === `file://${process.argv[1]}`) await runBackendsBench();
