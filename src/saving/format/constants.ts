/** First 8 bytes of every `.ferry` file. */
export const FERRY_MAGIC = new Uint8Array([0x46, 0x45, 0x52, 0x52, 0x59, 0x44, 0x4d, 0x50]); // "FERRYDMP"

/** Major version of the dump format this code writes and the highest it reads. */
export const FORMAT_MAJOR = 1;
/** Minor version written; readers accept any minor of a major they know. */
export const FORMAT_MINOR = 0;

/** Bytes of the fixed preamble before the msgpack header. */
export const PREAMBLE_BYTES = 40;
/** Offset of the header checksum (xxHash64 of bytes [0, 32) and [40, S)) in the preamble. */
export const HEADER_CHECKSUM_OFFSET = 32;
/** Alignment of the payload section and of every tensor payload in it. */
export const PAYLOAD_ALIGNMENT = 8;

/** msgpack extension type codes used in the header. */
export const EXT_TENSOR = 0x46;
export const EXT_OBJECT = 0x47;
export const EXT_STEP = 0x48;

/** Extension of a step file. */
export const STEP_FILE_EXTENSION = '.ferry';
