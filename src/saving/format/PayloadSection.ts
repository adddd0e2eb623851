import { PAYLOAD_ALIGNMENT } from './constants.ts';

const ZEROS = new Uint8Array(PAYLOAD_ALIGNMENT);

/**
 * Collects tensor payloads for one `.ferry` file, each at an offset that is a multiple of 8
 * relative to the start of the payload section. Bytes are referenced, not copied.
 */
export class PayloadSection {
  readonly chunks: Uint8Array[] = [];
  byteLength = 0;

  /** Appends `bytes` (after zero padding to the alignment) and returns its offset. */
  add(bytes: Uint8Array): number {
    const pad = (PAYLOAD_ALIGNMENT - (this.byteLength % PAYLOAD_ALIGNMENT)) % PAYLOAD_ALIGNMENT;
    if (pad > 0) {
      this.chunks.push(ZEROS.subarray(0, pad));
      this.byteLength += pad;
    }
    const offset = this.byteLength;
    if (bytes.byteLength > 0) this.chunks.push(bytes);
    this.byteLength += bytes.byteLength;
    return offset;
  }
}
