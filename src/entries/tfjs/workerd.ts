/** `ferryml/tfjs` for workerd: the edge entry (shared chunk, one registry) plus the tfjs layer. */
import '../workerd.ts';

export * from '../../models/index.ts';
