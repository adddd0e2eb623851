/** `ferryml/tfjs-graph` for node: the node entry (shared chunk, one registry) plus the tfjs layer without tfjs-layers. */
import '../node.ts';

export * from '../../models/graph.ts';
