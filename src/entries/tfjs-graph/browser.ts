/** `ferryml/tfjs-graph` for browser: the browser entry (shared chunk, one registry) plus the tfjs layer without tfjs-layers. */
import '../browser.ts';

export * from '../../models/graph.ts';
