/** `ferryml/tfjs-graph` for workerd: the workerd entry (shared chunk, one registry) plus the tfjs layer without tfjs-layers. */
import '../workerd.ts';

export * from '../../models/graph.ts';
