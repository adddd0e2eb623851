import { PAYLOAD_ALIGNMENT } from './constants.ts';
import type { Hasher } from './xxhash64.ts';

const ZEROS = new Uint8Array(PAYLOAD_ALIGNMENT);

/** Where a payload landed and its checksum. */
export interface PayloadPlacement {
  readonly offset: number;
  readonly checksum: bigint;
}

/**
 * Collects tensor payloads for one `.ferry` file, each at the next offset that is a multiple of 8
 * relative to the start of the payload section, with zero padding between. Bytes are referenced,
 * not copied; each payload's xxHash64 is computed as it is added.
 */
export class PayloadSection {
  readonly chunks: Uint8Array[] = [];
  byteLength = 0;

  constructor(private readonly hasher: Hasher) {}

  /** Appends `bytes` (after zero padding to the alignment) and returns its offset and checksum. */
  add(bytes: Uint8Array): PayloadPlacement {
    const pad = alignmentPadding(this.byteLength);
    if (pad > 0) {
      this.chunks.push(ZEROS.subarray(0, pad));
      this.byteLength += pad;
    }
    const offset = this.byteLength;
    if (bytes.byteLength > 0) this.chunks.push(bytes);
    this.byteLength += bytes.byteLength;
    return { offset, checksum: this.hasher.hash([bytes]) };
  }
}

/** Zero bytes needed after `length` bytes to reach the payload alignment. */
export function alignmentPadding(length: number): number {
  return (PAYLOAD_ALIGNMENT - (length % PAYLOAD_ALIGNMENT)) % PAYLOAD_ALIGNMENT;
}
