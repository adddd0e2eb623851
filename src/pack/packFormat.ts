/** First 8 bytes of a single-file pack. */
export const PACK_MAGIC = new Uint8Array([0x46, 0x45, 0x52, 0x52, 0x59, 0x50, 0x41, 0x4b]); // "FERRYPAK"
/** Major version of the pack layout. */
export const PACK_MAJOR = 1;
export const PACK_MINOR = 0;
/** Fixed preamble, as in a `.ferry` file: magic, versions, flags, index and data lengths, index checksum. */
export const PACK_PREAMBLE_BYTES = 40;
/** File extension of packs. */
export const PACK_FILE_EXTENSION = '.ferrypack';

/** One file held by a pack. */
export interface PackEntry {
  /** Storage key of the file (e.g. `model/model.ferry`). */
  readonly key: string;
  /** Byte offset relative to the start of the data section (a multiple of 8). */
  readonly offset: number;
  readonly length: number;
  /** xxHash64 (seed 0) of the file's bytes. */
  readonly checksum: bigint;
}
