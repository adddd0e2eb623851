/** `ferryml/tfjs-graph` for deno: the deno entry (shared chunk, one registry) plus the tfjs layer without tfjs-layers. */
import '../deno.ts';

export * from '../../models/graph.ts';
