import { MemoryStorage } from 'ferryml';
import { runStorageConformance } from '../conformance/storageConformance.ts';

runStorageConformance('MemoryStorage', async () => new MemoryStorage());
