/** `ferryml/tfjs-graph` for bun: the bun entry (shared chunk, one registry) plus the tfjs layer without tfjs-layers. */
import '../bun.ts';

export * from '../../models/graph.ts';
