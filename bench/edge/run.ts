/** The edge benchmarks alone, on one shared fixture: `node --import tsx bench/edge/run.ts`. */
import { prepareEdgeFixture } from '../../test/edge/fixture.ts';
import { runEdgeBundleSizeBench } from './bundleSize.bench.ts';
import { runEdgeColdStartBench } from './coldStart.bench.ts';
import { runEdgeThroughputBench } from './throughput.bench.ts';

const fixture = await prepareEdgeFixture();
try {
  await runEdgeBundleSizeBench(fixture);
  await runEdgeColdStartBench(fixture);
  await runEdgeThroughputBench(fixture);
} finally {
  fixture.remove();
}
