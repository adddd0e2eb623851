"""One ``.ferry`` file (docs/FORMAT.md sections 1 and 3): the 40-byte preamble, the msgpack header, zero padding to
8, the payload section of tensors. Decoding checks every byte (lengths, header checksum, layout, tensor
checksums) before any of it is used; encoding lays the file out exactly as the TypeScript writer does."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Any

import numpy as np
import xxhash

from .errors import CorruptDumpError, UnsupportedFormatVersionError
from .limits import DEFAULT_LIMITS, DecodeLimits
from .msgpack_decode import decode_msgpack
from .msgpack_encode import encode
from .refs import TensorRef
from .tensors import DTYPES

MAGIC = b"FERRYDMP"
FORMAT_MAJOR = 1
FORMAT_MINOR = 0
PREAMBLE_BYTES = 40
ALIGNMENT = 8
_PREAMBLE = struct.Struct("<8sHHIQQQ")


def padding(length: int) -> int:
    """Zero bytes after ``length`` bytes up to the next multiple of 8."""
    return (ALIGNMENT - length % ALIGNMENT) % ALIGNMENT


def xxh64(*parts: bytes | memoryview) -> int:
    """xxHash64 (seed 0) of the concatenation of ``parts``."""
    h = xxhash.xxh64(seed=0)
    for p in parts:
        h.update(p)
    return h.intdigest()


@dataclass
class DecodedFile:
    """A checked file: its versions, header tree, tensor descriptors (document order) and payload section."""

    major: int
    minor: int
    header: Any
    tensors: list[TensorRef]
    payload: memoryview
    payload_start: int


def decode_ferry_file(data: bytes, file: str, limits: DecodeLimits = DEFAULT_LIMITS) -> DecodedFile:
    """Checks the preamble, lengths and header checksum, then decodes the header (``CorruptDumpError`` naming
    ``file`` and the offset at fault; ``UnsupportedFormatVersionError`` for a newer major version)."""
    size = len(data)
    if size > limits.max_file_bytes:
        raise CorruptDumpError(file, 0, f"file of {size} bytes exceeds maxFileBytes {limits.max_file_bytes}")
    if size < PREAMBLE_BYTES:
        raise CorruptDumpError(file, size, f"file is {size} bytes, shorter than the {PREAMBLE_BYTES}-byte preamble")
    for i in range(len(MAGIC)):
        if data[i] != MAGIC[i]:
            raise CorruptDumpError(file, i, "not a Ferry dump file (bad magic bytes)")
    _, major, minor, flags, header_length, payload_length, stored = _PREAMBLE.unpack_from(data, 0)
    if major > FORMAT_MAJOR:
        raise UnsupportedFormatVersionError(file, major, FORMAT_MAJOR)
    if major == 0:
        raise CorruptDumpError(file, 8, "format version 0 does not exist")
    if flags != 0:
        raise CorruptDumpError(file, 12, f"unknown flags 0x{flags:x} for format v{major}")
    if header_length > limits.max_header_bytes:
        raise CorruptDumpError(file, 16, f"header of {header_length} bytes exceeds maxHeaderBytes {limits.max_header_bytes}")
    header_end = PREAMBLE_BYTES + header_length
    if header_end > size:
        raise CorruptDumpError(file, 16, f"header length {header_length} runs past the end of the {size}-byte file")
    payload_start = (header_end + 7) // 8 * 8
    if payload_start + payload_length != size:
        raise CorruptDumpError(
            file,
            24,
            f"payload length {payload_length} does not match the file size ({size} bytes, payload starts at {payload_start})",
        )
    view = memoryview(data)
    actual = xxh64(view[:32], view[PREAMBLE_BYTES:payload_start])
    if actual != stored:
        raise CorruptDumpError(
            file,
            32,
            f"header checksum mismatch (stored 0x{stored:016x}, computed 0x{actual:016x} over bytes 0-31 and "
            f"{PREAMBLE_BYTES}-{payload_start - 1})",
        )
    decoded = decode_msgpack(view[PREAMBLE_BYTES:header_end], limits, file, PREAMBLE_BYTES)
    return DecodedFile(major, minor, decoded.value, decoded.tensors, view[payload_start:], payload_start)


def verify_payload_section(decoded: DecodedFile, file: str) -> None:
    """The payload section is exactly the described tensors, laid out at the next multiple of 8 with zero bytes
    between, each matching its checksum (docs/FORMAT.md section 3)."""
    payload = decoded.payload
    start = decoded.payload_start
    cursor = 0
    for ref in sorted(decoded.tensors, key=lambda t: t.offset):
        expected = cursor + padding(cursor)
        if ref.offset != expected:
            raise CorruptDumpError(
                file,
                start + min(ref.offset, len(payload)),
                f"tensor payload at offset {ref.offset} where the layout puts it at {expected}",
            )
        for i in range(cursor, ref.offset):
            if payload[i] != 0:
                raise CorruptDumpError(file, start + i, "non-zero padding byte in the payload section")
        end = ref.offset + ref.byte_length
        if end > len(payload):
            raise CorruptDumpError(
                file, start + ref.offset, f"tensor payload of {ref.byte_length} bytes runs past the end of the file"
            )
        actual = xxh64(payload[ref.offset : end])
        if actual != ref.checksum:
            raise CorruptDumpError(
                file,
                start + ref.offset,
                f"tensor payload checksum mismatch (stored 0x{ref.checksum:016x}, computed 0x{actual:016x}, "
                f"{ref.byte_length} bytes)",
            )
        cursor = end
    if cursor != len(payload):
        raise CorruptDumpError(file, start + cursor, f"{len(payload) - cursor} unexpected bytes after the last tensor payload")


def read_tensor(decoded: DecodedFile, ref: TensorRef, file: str) -> np.ndarray:
    """The tensor's elements as a read-only numpy array viewing the file's bytes (no copy)."""
    dtype = DTYPES[ref.dtype]
    count = 1
    for d in ref.shape:
        count *= d
    at = decoded.payload_start + ref.offset
    if count * dtype.itemsize != ref.byte_length:
        dims = ", ".join(str(d) for d in ref.shape)
        raise CorruptDumpError(
            file,
            at,
            f"tensor of dtype {ref.dtype} and shape [{dims}] needs {count * dtype.itemsize} bytes, "
            f"descriptor says {ref.byte_length}",
        )
    if ref.offset % 8 != 0:
        raise CorruptDumpError(file, at, "tensor payload is not 8-byte aligned")
    if ref.offset + ref.byte_length > len(decoded.payload):
        raise CorruptDumpError(file, at, f"tensor payload of {ref.byte_length} bytes runs past the end of the file")
    raw = decoded.payload[ref.offset : ref.offset + ref.byte_length]
    if ref.dtype == "bool":
        as_bytes = np.frombuffer(raw, dtype=np.uint8)
        bad = np.flatnonzero(as_bytes > 1)
        if bad.size:
            i = int(bad[0])
            raise CorruptDumpError(
                file, at + i, f"bool tensor element holds byte {int(as_bytes[i])} (only 0 and 1 are booleans)"
            )
    array = np.frombuffer(raw, dtype=dtype, count=count).reshape(ref.shape)
    array.flags.writeable = False
    return array


class PayloadSection:
    """Collects tensor payloads for one file, each at the next multiple of 8 with zero padding between."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.length = 0

    def add(self, data: bytes) -> tuple[int, int]:
        """Appends ``data``; returns its offset and checksum."""
        pad = padding(self.length)
        if pad:
            self.chunks.append(b"\0" * pad)
            self.length += pad
        offset = self.length
        if data:
            self.chunks.append(data)
        self.length += len(data)
        return offset, xxh64(data)


def encode_ferry_file(header: Any, payload: PayloadSection) -> bytes:
    """The bytes of a ``.ferry`` file: preamble with the header checksum, header, padding, payload section."""
    header_bytes = encode(header)
    pad = b"\0" * padding(PREAMBLE_BYTES + len(header_bytes))
    preamble = bytearray(_PREAMBLE.pack(MAGIC, FORMAT_MAJOR, FORMAT_MINOR, 0, len(header_bytes), payload.length, 0))
    checksum = xxh64(bytes(preamble[:32]), header_bytes, pad)
    struct.pack_into("<Q", preamble, 32, checksum)
    return b"".join([bytes(preamble), header_bytes, pad, *payload.chunks])
