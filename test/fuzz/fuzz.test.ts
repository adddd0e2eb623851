import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fuzzDumps } from './dumpFuzzer.ts';

it('fuzzed dumps and packs end in a FerryError or a correct load, in bounded time and memory', async () => {
  const report = await fuzzDumps({ numRuns: 10_000, seed: 20261123, exhaustive: true, saveFailures: false });
  console.log(
    `fuzz: ${report.cases} cases, ${report.ferryErrors} FerryErrors, ${report.ok} correct loads, ` +
      `${report.failures.length} failures, max ${report.maxCaseMs.toFixed(1)} ms/case, RSS +${(report.maxRssGrowthBytes / 2 ** 20).toFixed(1)} MiB`,
  );
  assert.deepEqual(report.failures, []);
  assert.ok(report.cases >= 10_000);
  assert.ok(report.maxRssGrowthBytes < 64 * 2 ** 20, `RSS grew ${report.maxRssGrowthBytes} bytes`);
});
