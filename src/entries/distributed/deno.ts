/** `ferryml/distributed` for deno: the deno entry (shared chunk, one registry) plus trials and batch transforms over BullMQ. */
import '../deno.ts';

export * from '../../distributed/index.ts';
