import { CorruptDumpError, UnsupportedFormatVersionError } from '../../errors/index.ts';
import {
  FERRY_MAGIC,
  FORMAT_MAJOR,
  FORMAT_MINOR,
  HEADER_CHECKSUM_OFFSET,
  PAYLOAD_ALIGNMENT,
  PREAMBLE_BYTES,
} from './constants.ts';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from './DecodeLimits.ts';
import { decodeMsgpack } from './decodeMsgpack.ts';
import { packHeader } from './encodeMsgpack.ts';
import { alignmentPadding, type PayloadSection } from './PayloadSection.ts';
import type { TensorRef } from './refs.ts';
import type { Hasher } from './xxhash64.ts';

/** A decoded `.ferry` file: its header tree and the payload section (a view, not a copy). */
export interface DecodedFerryFile {
  readonly major: number;
  readonly minor: number;
  readonly header: unknown;
  /** Every tensor descriptor of the header, in document order. */
  readonly tensors: readonly TensorRef[];
  readonly payload: Uint8Array;
  /** Absolute byte offset of the payload section in the file. */
  readonly payloadStart: number;
}

/**
 * Lays out one `.ferry` file: 40-byte preamble (with the header checksum), msgpack header, zero padding
 * to 8, payload section. Returns the chunks in order; nothing is concatenated, so large payloads are
 * never copied.
 */
export function encodeFerryFile(header: unknown, payload: PayloadSection, hasher: Hasher): Uint8Array[] {
  const headerBytes = packHeader(header);
  const pad = alignmentPadding(PREAMBLE_BYTES + headerBytes.byteLength);
  const preamble = new Uint8Array(PREAMBLE_BYTES);
  const view = new DataView(preamble.buffer);
  preamble.set(FERRY_MAGIC, 0);
  view.setUint16(8, FORMAT_MAJOR, true);
  view.setUint16(10, FORMAT_MINOR, true);
  view.setUint32(12, 0, true); // flags: none defined in v1
  view.setBigUint64(16, BigInt(headerBytes.byteLength), true);
  view.setBigUint64(24, BigInt(payload.byteLength), true);
  const padding = new Uint8Array(pad);
  const checksum = hasher.hash([preamble.subarray(0, HEADER_CHECKSUM_OFFSET), headerBytes, padding]);
  view.setBigUint64(HEADER_CHECKSUM_OFFSET, checksum, true);
  return [preamble, headerBytes, padding, ...payload.chunks];
}

/**
 * Parses and checks a `.ferry` file's preamble and header (magic, version, flags, lengths, header
 * checksum); every inconsistency is a {@link CorruptDumpError} naming `file` and the offset. Tensor
 * payloads are checked by {@link verifyPayloadSection}.
 */
export function decodeFerryFile(
  bytes: Uint8Array,
  file: string,
  hasher: Hasher,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): DecodedFerryFile {
  if (bytes.byteLength > limits.maxFileBytes) {
    throw new CorruptDumpError(
      file,
      0,
      `file of ${bytes.byteLength} bytes exceeds maxFileBytes ${limits.maxFileBytes}`,
    );
  }
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
  if (headerLength > BigInt(limits.maxHeaderBytes)) {
    throw new CorruptDumpError(
      file,
      16,
      `header of ${headerLength} bytes exceeds maxHeaderBytes ${limits.maxHeaderBytes}`,
    );
  }
  const headerEnd = BigInt(PREAMBLE_BYTES) + headerLength;
  if (headerEnd > BigInt(bytes.byteLength)) {
    throw new CorruptDumpError(
      file,
      16,
      `header length ${headerLength} runs past the end of the ${bytes.byteLength}-byte file`,
    );
  }
  const payloadStart = Number(((headerEnd + 7n) / 8n) * 8n);
  if (BigInt(payloadStart) + payloadLength !== BigInt(bytes.byteLength)) {
    throw new CorruptDumpError(
      file,
      24,
      `payload length ${payloadLength} does not match the file size (${bytes.byteLength} bytes, payload starts at ${payloadStart})`,
    );
  }
  const expected = view.getBigUint64(HEADER_CHECKSUM_OFFSET, true);
  const actual = hasher.hash([bytes.subarray(0, HEADER_CHECKSUM_OFFSET), bytes.subarray(PREAMBLE_BYTES, payloadStart)]);
  if (actual !== expected) {
    throw new CorruptDumpError(
      file,
      HEADER_CHECKSUM_OFFSET,
      `header checksum mismatch (stored ${hex(expected)}, computed ${hex(actual)} over bytes 0-31 and ${PREAMBLE_BYTES}-${payloadStart - 1})`,
    );
  }
  const headerBytes = bytes.subarray(PREAMBLE_BYTES, Number(headerEnd));
  const { value: header, tensors } = decodeMsgpack(headerBytes, limits, file, PREAMBLE_BYTES);
  return { major, minor, header, tensors, payload: bytes.subarray(payloadStart), payloadStart };
}

/**
 * Checks that the payload section is exactly the tensors the header describes, laid out as the writer
 * lays them out (each at the next multiple of 8, zero bytes between), and that every tensor's bytes
 * match its checksum. So every byte of a file is covered: a flipped byte anywhere is a
 * {@link CorruptDumpError} naming the file and the offset of the region it hit.
 */
export function verifyPayloadSection(decoded: DecodedFerryFile, file: string, hasher: Hasher): void {
  const { payload, payloadStart } = decoded;
  const sorted = [...decoded.tensors].sort((a, b) => a.offset - b.offset);
  let cursor = 0;
  for (const ref of sorted) {
    const expectedOffset = cursor + alignmentPadding(cursor);
    if (ref.offset !== expectedOffset) {
      throw new CorruptDumpError(
        file,
        payloadStart + Math.min(ref.offset, payload.byteLength),
        `tensor payload at offset ${ref.offset} where the layout puts it at ${expectedOffset}`,
      );
    }
    for (let i = cursor; i < ref.offset; i++) {
      if (payload[i] !== 0)
        throw new CorruptDumpError(file, payloadStart + i, 'non-zero padding byte in the payload section');
    }
    const end = ref.offset + ref.byteLength;
    if (end > payload.byteLength) {
      throw new CorruptDumpError(
        file,
        payloadStart + ref.offset,
        `tensor payload of ${ref.byteLength} bytes runs past the end of the file`,
      );
    }
    const actual = hasher.hash([payload.subarray(ref.offset, end)]);
    if (actual !== ref.checksum) {
      throw new CorruptDumpError(
        file,
        payloadStart + ref.offset,
        `tensor payload checksum mismatch (stored ${hex(ref.checksum)}, computed ${hex(actual)}, ${ref.byteLength} bytes)`,
      );
    }
    cursor = end;
  }
  if (cursor !== payload.byteLength) {
    throw new CorruptDumpError(
      file,
      payloadStart + cursor,
      `${payload.byteLength - cursor} unexpected bytes after the last tensor payload`,
    );
  }
}

function hex(v: bigint): string {
  return `0x${v.toString(16).padStart(16, '0')}`;
}

export { PAYLOAD_ALIGNMENT };
