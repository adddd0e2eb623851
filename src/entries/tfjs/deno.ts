/** `ferryml/tfjs` for deno: the deno entry (shared chunk, one registry) plus the tfjs layer. */
import '../deno.ts';

export * from '../../models/index.ts';
