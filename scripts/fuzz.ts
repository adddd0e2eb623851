/**
 * `npm run fuzz`: 100,000 structured mutations of a dump file and a pack (plus every truncation and
 * byte inversion of the step file). Failures are saved under test/fuzz/corpus/ and replayed by
 * `npm test` from then on. Usage: fuzz.ts [cases] [seed]
 */
import { fuzzDumps, STAGES } from '../test/fuzz/dumpFuzzer.ts';

const numRuns = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const t0 = performance.now();
const report = await fuzzDumps({ numRuns, seed, exhaustive: true, saveFailures: true });
console.log(`fuzz seed ${seed}: ${report.cases} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(
  `  ${report.ferryErrors} typed FerryErrors, ${report.ok} correct loads, ${report.failures.length} failures`,
);
console.log(
  `  slowest case ${report.maxCaseMs.toFixed(1)} ms; RSS growth ${(report.maxRssGrowthBytes / 2 ** 20).toFixed(1)} MiB in byte cases (bound 64 MiB), ${(report.maxRssGrowthFieldsBytes / 2 ** 20).toFixed(1)} MiB in structured cases (bound 256 MiB)`,
);
for (const kind of ['bytes', 'fields'] as const) {
  const ended = report.endedAt[kind];
  let left = STAGES.reduce((n, s) => n + ended[s], 0);
  const reached = STAGES.map((s) => {
    const line = `${s} ${left}`;
    left -= ended[s];
    return line;
  });
  console.log(`  ${kind} mutations reaching each stage: ${reached.join(', ')}`);
}
for (const f of report.failures.slice(0, 20)) console.log(`  FAIL ${f.description}: ${f.reason} → corpus ${f.corpus}`);
if (
  report.failures.length > 0 ||
  report.maxRssGrowthBytes >= 64 * 2 ** 20 ||
  report.maxRssGrowthFieldsBytes >= 256 * 2 ** 20
)
  process.exitCode = 1;
