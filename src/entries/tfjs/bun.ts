/** `ferryml/tfjs` for bun: the bun entry (shared chunk, one registry) plus the tfjs layer. */
import '../bun.ts';

export * from '../../models/index.ts';
