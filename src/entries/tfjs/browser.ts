/** `ferryml/tfjs` for browser: the browser entry (shared chunk, one registry) plus the tfjs layer. */
import '../browser.ts';

export * from '../../models/index.ts';
