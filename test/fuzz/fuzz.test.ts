import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fuzzDumps, STAGES } from './dumpFuzzer.ts';

it('fuzzed dumps and packs end in a FerryError or a correct load, in bounded time and memory, and reach every stage', async () => {
  const report = await fuzzDumps({ numRuns: 10_000, seed: 20261123, exhaustive: true, saveFailures: false });
  console.log(
    `fuzz: ${report.cases} cases, ${report.ferryErrors} FerryErrors, ${report.ok} correct loads, ` +
      `${report.failures.length} failures, max ${report.maxCaseMs.toFixed(1)} ms/case, RSS +${(report.maxRssGrowthBytes / 2 ** 20).toFixed(1)} MiB (byte cases), +${(report.maxRssGrowthFieldsBytes / 2 ** 20).toFixed(1)} MiB (structured cases)`,
  );
  for (const kind of ['bytes', 'fields'] as const) {
    const ended = report.endedAt[kind];
    const total = STAGES.reduce((n, s) => n + ended[s], 0);
    let left = total;
    const reached = STAGES.map((s) => {
      const line = `${s} ${left}`;
      left -= ended[s];
      return line;
    });
    console.log(
      `fuzz ${kind} mutations, cases reaching each stage: ${reached.join(', ')} (ended there: ${JSON.stringify(ended)})`,
    );
  }
  for (const f of report.failures.slice(0, 10)) console.log(`FAIL ${f.description}: ${f.reason}`);
  assert.deepEqual(report.failures, []);
  assert.ok(report.cases >= 10_000);
  assert.ok(report.maxRssGrowthBytes < 64 * 2 ** 20, `RSS grew ${report.maxRssGrowthBytes} bytes in the byte cases`);
  assert.ok(report.maxRssGrowthFieldsBytes < 256 * 2 ** 20, `RSS grew ${report.maxRssGrowthFieldsBytes} bytes`);
  const fields = report.endedAt.fields;
  const structured = STAGES.reduce((n, s) => n + fields[s], 0);
  const reachedSchema = structured - fields.checksum - fields.decode;
  assert.ok(
    reachedSchema > 0.8 * structured,
    `only ${reachedSchema} of ${structured} structured cases reached the schema check`,
  );
  const bytes = report.endedAt.bytes;
  assert.ok(
    bytes.done > 0 && bytes.decode > 0 && bytes.schema > 0,
    'byte mutations reach decode, schema and a correct load',
  );
});
