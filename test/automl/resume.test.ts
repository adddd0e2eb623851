/**
 * Kill and resume (Node): a search on two workers recording its trials in a FileSystemStorage repository is killed
 * with SIGKILL mid-way; a rerun on the same repository keeps the trials that had finished (same records, attempt 1),
 * re-runs the ones that had started and runs the rest, and ends with the same best trial and the same scores as an
 * uninterrupted run of the same search.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TrialRecord } from 'ferryml';

const script = fileURLToPath(new URL('./resumeRun.ts', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ferry-resume-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface RunResult {
  lines: {
    event: string;
    index?: number;
    best?: TrialRecord;
    trials?: TrialRecord[];
    resumed?: number;
    ran?: number;
  }[];
  killed: boolean;
}

/** Runs the search; with `killAfterDone`, SIGKILLs it as soon as that many trials finished and another started. */
function run(root: string, workers: number, killAfterDone?: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, root, String(workers)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: RunResult['lines'] = [];
    let buffered = '';
    let err = '';
    let done = 0;
    let killed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffered += d;
      let cut = buffered.indexOf('\n');
      while (cut >= 0) {
        const line = JSON.parse(buffered.slice(0, cut));
        buffered = buffered.slice(cut + 1);
        lines.push(line);
        if (line.event === 'done') done++;
        if (killAfterDone !== undefined && !killed && line.event === 'start' && done >= killAfterDone) {
          killed = true;
          child.kill('SIGKILL');
        }
        cut = buffered.indexOf('\n');
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (killed && signal === 'SIGKILL') resolve({ lines, killed });
      else if (code === 0) resolve({ lines, killed });
      else reject(new Error(`resumeRun exited ${code ?? signal}\n${err}`));
    });
  });
}

function records(root: string): TrialRecord[] {
  const folder = join(root, 'search', 'trials');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')) as TrialRecord);
}

it('a search killed with SIGKILL resumes to the same best result as an uninterrupted run', async () => {
  const killedRoot = join(tmp, 'killed');
  const first = await run(killedRoot, 2, 4);
  assert.ok(first.killed, 'the run was killed');
  const atKill = records(killedRoot);
  const finished = atKill.filter((r) => r.status !== 'started');
  const started = atKill.filter((r) => r.status === 'started');
  assert.ok(finished.length >= 4 && finished.length < 24, `${finished.length} trials had finished`);
  assert.ok(started.length >= 1, 'a trial was running when the process was killed');

  const [resumed, whole] = await Promise.all([run(killedRoot, 0), run(join(tmp, 'whole'), 0)]);
  const result = resumed.lines.at(-1);
  assert.equal(result?.event, 'result');
  assert.equal(result?.resumed, finished.length);
  assert.equal(result?.ran, 24 - finished.length);
  const rerun = resumed.lines.filter((l) => l.event === 'start').map((l) => l.index);
  for (const r of finished) assert.ok(!rerun.includes(r.index), `finished trial ${r.index} was run again`);
  for (const r of started) assert.ok(rerun.includes(r.index), `started trial ${r.index} was not re-run`);
  const after = new Map(records(killedRoot).map((r) => [r.index, r]));
  for (const r of finished) assert.deepEqual(after.get(r.index), r, `trial ${r.index}'s record changed`);
  for (const r of started) assert.equal(after.get(r.index)?.attempt, 2);

  const uninterrupted = whole.lines.at(-1);
  assert.equal(result?.best?.index, uninterrupted?.best?.index);
  assert.equal(result?.best?.score, uninterrupted?.best?.score);
  assert.deepEqual(
    result?.trials?.map((t) => [t.index, t.status, t.scores]),
    uninterrupted?.trials?.map((t) => [t.index, t.status, t.scores]),
  );
  assert.deepEqual(readdirSync(join(killedRoot, 'search', 'best')), [
    `trial-${String(result?.best?.index).padStart(5, '0')}.ferrypack`,
  ]);
});
