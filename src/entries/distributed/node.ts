/** `ferryml/distributed` for node: the node entry (shared chunk, one registry) plus trials and batch transforms over BullMQ. */
import '../node.ts';

export * from '../../distributed/index.ts';
