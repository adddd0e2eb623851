/** `ferryml/tfjs` for node: the node entry (shared chunk, one registry) plus the tfjs layer. */
import '../node.ts';

export * from '../../models/index.ts';
