/** `ferryml/distributed` for bun: the bun entry (shared chunk, one registry) plus trials and batch transforms over BullMQ. */
import '../bun.ts';

export * from '../../distributed/index.ts';
