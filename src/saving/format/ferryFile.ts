import { CorruptDumpError, UnsupportedFormatVersionError } from '../../errors/index.ts';
import { FERRY_MAGIC, FORMAT_MAJOR, FORMAT_MINOR, PAYLOAD_ALIGNMENT, PREAMBLE_BYTES } from './constants.ts';
import { HeaderShapeError, packHeader, unpackHeader } from './msgpackCodec.ts';
import type { PayloadSection } from './PayloadSection.ts';

/** A decoded `.ferry` file: its header tree and the payload section (a view, not a copy). */
export interface DecodedFerryFile {
  readonly major: number;
  readonly minor: number;
  readonly header: unknown;
  readonly payload: Uint8Array;
  /** Absolute byte offset of the payload section in the file. */
  readonly payloadStart: number;
}

/**
 * Lays out one `.ferry` file: 32-byte preamble, msgpack header, zero padding to 8, payload section.
 * Returns the chunks in order; nothing is concatenated, so large payloads are never copied.
 */
export function encodeFerryFile(header: unknown, payload: PayloadSection): Uint8Array[] {
  const headerBytes = packHeader(header);
  const pad = (PAYLOAD_ALIGNMENT - ((PREAMBLE_BYTES + headerBytes.byteLength) % PAYLOAD_ALIGNMENT)) % PAYLOAD_ALIGNMENT;
  const preamble = new Uint8Array(PREAMBLE_BYTES + pad);
  const view = new DataView(preamble.buffer);
  preamble.set(FERRY_MAGIC, 0);
  view.setUint16(8, FORMAT_MAJOR, true);
  view.setUint16(10, FORMAT_MINOR, true);
  view.setUint32(12, 0, true); // flags: none defined in v1
  view.setBigUint64(16, BigInt(headerBytes.byteLength), true);
  view.setBigUint64(24, BigInt(payload.byteLength), true);
  // The padding belongs after the header: emit preamble, header, padding.
  return [preamble.subarray(0, PREAMBLE_BYTES), headerBytes, preamble.subarray(PREAMBLE_BYTES), ...payload.chunks];
}

/** Parses and checks a `.ferry` file; every inconsistency is a {@link CorruptDumpError} naming `file` and the offset. */
export function decodeFerryFile(bytes: Uint8Array, file: string): DecodedFerryFile {
  if (bytes.byteLength < PREAMBLE_BYTES) {
    throw new CorruptDumpError(
      file,
      bytes.byteLength,
      `file is ${bytes.byteLength} bytes, shorter than the ${PREAMBLE_BYTES}-byte preamble`,
    );
  }
  for (let i = 0; i < FERRY_MAGIC.length; i++) {
    if (bytes[i] !== FERRY_MAGIC[i]) throw new CorruptDumpError(file, i, 'not a Ferry dump file (bad magic bytes)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = view.getUint16(8, true);
  const minor = view.getUint16(10, true);
  if (major > FORMAT_MAJOR) throw new UnsupportedFormatVersionError(file, major, FORMAT_MAJOR);
  if (major === 0) throw new CorruptDumpError(file, 8, 'format version 0 does not exist');
  const flags = view.getUint32(12, true);
  if (flags !== 0) throw new CorruptDumpError(file, 12, `unknown flags 0x${flags.toString(16)} for format v${major}`);
  const headerLength = view.getBigUint64(16, true);
  const payloadLength = view.getBigUint64(24, true);
  const headerEnd = BigInt(PREAMBLE_BYTES) + headerLength;
  const payloadStart = Number(((headerEnd + 7n) / 8n) * 8n);
  if (headerEnd > BigInt(bytes.byteLength)) {
    throw new CorruptDumpError(
      file,
      16,
      `header length ${headerLength} runs past the end of the ${bytes.byteLength}-byte file`,
    );
  }
  if (BigInt(payloadStart) + payloadLength !== BigInt(bytes.byteLength)) {
    throw new CorruptDumpError(
      file,
      24,
      `payload length ${payloadLength} does not match the file size (${bytes.byteLength} bytes, payload starts at ${payloadStart})`,
    );
  }
  let header: unknown;
  try {
    header = unpackHeader(bytes.subarray(PREAMBLE_BYTES, Number(headerEnd)));
  } catch (error) {
    const detail =
      error instanceof HeaderShapeError ? error.message : `undecodable msgpack header (${(error as Error).message})`;
    throw new CorruptDumpError(file, PREAMBLE_BYTES, detail);
  }
  return { major, minor, header, payload: bytes.subarray(payloadStart), payloadStart };
}
