"""Single-file packs (docs/FORMAT.md section 6): a whole dump in one ``.ferrypack`` file."""

from __future__ import annotations

import struct
from typing import Any

from ..errors import CorruptDumpError, NotFoundError, UnsupportedFormatVersionError
from ..ferry_file import padding, xxh64
from ..limits import DEFAULT_LIMITS, DecodeLimits
from ..msgpack_decode import decode_msgpack, is_uint
from ..msgpack_encode import encode
from ..paths import validate_storage_path
from ..errors import InvalidPathError

MAGIC = b"FERRYPAK"
PACK_MAJOR = 1
PACK_MINOR = 0
PREAMBLE_BYTES = 40
_PREAMBLE = struct.Struct("<8sHHIQQQ")


def encode_pack(root: str, files: dict[str, bytes]) -> bytes:
    """The pack of ``files`` (keys under ``root/``), sorted by their UTF-8 bytes, each 8-aligned."""
    keys = sorted(files, key=lambda k: k.encode("utf-8"))
    entries = []
    chunks: list[bytes] = []
    cursor = 0
    for key in keys:
        data = files[key]
        pad = padding(cursor)
        if pad:
            chunks.append(b"\0" * pad)
        cursor += pad
        entries.append([key, cursor, len(data), xxh64(data).to_bytes(8, "little")])
        chunks.append(data)
        cursor += len(data)
    index = encode({"format": PACK_MAJOR, "root": root, "entries": entries})
    index_pad = b"\0" * padding(PREAMBLE_BYTES + len(index))
    preamble = bytearray(_PREAMBLE.pack(MAGIC, PACK_MAJOR, PACK_MINOR, 0, len(index), cursor, 0))
    struct.pack_into("<Q", preamble, 32, xxh64(bytes(preamble[:32]), index, index_pad))
    return b"".join([bytes(preamble), index, index_pad, *chunks])


class PackReader:
    """A read-only view of a pack: checks the preamble and the index on open (``CorruptDumpError`` naming the pack
    and the offset), and an entry's checksum on its first read — except for ``.ferry`` entries read as step files,
    whose every byte their own checksums cover as they decode (as the TypeScript ``PackStorage`` does, so both
    readers name the same file and offset for the same damage). :meth:`read_verified` always checks."""

    def __init__(self, data: bytes, file: str = "pack", limits: DecodeLimits = DEFAULT_LIMITS) -> None:
        self.data = data
        self.file = file
        self.root, self.entries, self.data_start = _read_index(data, file, limits)
        self._verified: set[str] = set()

    def read(self, key: str) -> bytes:
        """The bytes of the entry ``key``; NotFoundError when the pack has none, CorruptDumpError on a bad checksum
        (not checked here for ``.ferry`` files: their decoder checks every byte)."""
        return self._read(key, not key.endswith(".ferry"))

    def read_verified(self, key: str) -> bytes:
        """Like :meth:`read`, always checking the pack checksum (for files nobody decodes here)."""
        return self._read(key, True)

    def _read(self, key: str, verify: bool) -> bytes:
        key = validate_storage_path(key)
        entry = self.entries.get(key)
        if entry is None:
            raise NotFoundError(key, f"not in {self.file}")
        offset, length, checksum = entry
        start = self.data_start + offset
        view = memoryview(self.data)[start : start + length]
        if verify and key not in self._verified:
            if xxh64(view) != checksum:
                raise CorruptDumpError(self.file, start, f"entry {key}: checksum mismatch")
            self._verified.add(key)
        return bytes(view)

    def keys(self) -> list[str]:
        return list(self.entries)

    def list(self, prefix: str) -> list[str]:
        """Every entry key under the key prefix, sorted."""
        prefix = validate_storage_path(prefix)
        return sorted(k for k in self.entries if k.startswith(prefix + "/"))


def _read_index(data: bytes, file: str, limits: DecodeLimits) -> tuple[str, dict[str, tuple[int, int, int]], int]:
    size = len(data)
    if size < PREAMBLE_BYTES:
        raise CorruptDumpError(file, size, "shorter than a pack preamble")
    for i in range(len(MAGIC)):
        if data[i] != MAGIC[i]:
            raise CorruptDumpError(file, i, "not a Ferry pack (bad magic bytes)")
    _, major, _, flags, index_length, data_length, stored = _PREAMBLE.unpack_from(data, 0)
    if major > PACK_MAJOR:
        raise UnsupportedFormatVersionError(file, major, PACK_MAJOR)
    if major == 0:
        raise CorruptDumpError(file, 8, "pack version 0 does not exist")
    if flags != 0:
        raise CorruptDumpError(file, 12, "unknown pack flags")
    if index_length > min(limits.max_header_bytes, size):
        raise CorruptDumpError(file, 16, f"index length {index_length} exceeds the file or maxHeaderBytes")
    index_end = PREAMBLE_BYTES + index_length
    data_start = index_end + padding(index_end)
    if data_start + data_length != size:
        raise CorruptDumpError(file, 24, f"data length {data_length} does not match the file size {size}")
    view = memoryview(data)
    if xxh64(view[:32], view[PREAMBLE_BYTES:data_start]) != stored:
        raise CorruptDumpError(file, 32, "pack index checksum mismatch")
    decoded = decode_msgpack(view[PREAMBLE_BYTES:index_end], limits, file, PREAMBLE_BYTES)
    index: Any = decoded.value

    def bad(what: str) -> None:
        raise CorruptDumpError(file, PREAMBLE_BYTES, what)

    if decoded.tensors:
        bad("a pack index holds no tensor descriptors")
    if not isinstance(index, dict) or not isinstance(index.get("root"), str) or not isinstance(index.get("entries"), list):
        bad("pack index must be {format, root, entries}")
    fmt = index.get("format")
    if isinstance(fmt, bool) or fmt != major:
        bad(f"pack index format {fmt!r} is not the file's version {major}")
    root = _pack_key(index["root"], bad)
    if "/" in root:
        bad(f"pack root {root!r} must be one path segment")
    entries: dict[str, tuple[int, int, int]] = {}
    cursor = 0
    for e in index["entries"]:
        if not isinstance(e, list) or len(e) != 4:
            bad("pack entry must be [key, offset, length, checksum]")
        key, offset, length, checksum = e
        if not isinstance(key, str):
            bad("pack entry key must be a string")
        k = _pack_key(key, bad)
        if k != root and not k.startswith(f"{root}/"):
            bad(f'entry "{k}" is not under the root "{root}"')
        if not is_uint(offset) or not is_uint(length):
            bad(f'entry "{k}": offset and length must be non-negative integers')
        if not isinstance(checksum, bytes) or len(checksum) != 8:
            bad(f'entry "{k}": checksum must be 8 bytes')
        if k in entries:
            bad(f'entry "{k}" appears twice')
        offset, length = int(offset), int(length)
        expected = cursor + padding(cursor)
        if offset != expected:
            raise CorruptDumpError(
                file,
                data_start + min(offset, data_length),
                f'entry "{k}" at data offset {offset} where the layout puts it at {expected}',
            )
        if length > data_length - offset:
            raise CorruptDumpError(file, data_start + offset, f'entry "{k}" runs past the end of the pack')
        for i in range(cursor, offset):
            if data[data_start + i] != 0:
                raise CorruptDumpError(file, data_start + i, "non-zero padding byte between entries")
        cursor = offset + length
        entries[k] = (offset, length, int.from_bytes(checksum, "little"))
    if cursor != data_length:
        raise CorruptDumpError(file, data_start + cursor, "bytes after the last pack entry")
    return root, entries, data_start


def _pack_key(key: str, bad: Any) -> str:
    try:
        normal = validate_storage_path(key)
    except InvalidPathError as error:
        bad(f"pack key {key!r} is not a valid storage key ({error.reason})")
    if normal != key:
        bad(f"pack key {key!r} is not normalised (expected {normal!r})")
    if "__proto__" in normal.split("/"):
        bad(f'pack key {key!r} has a "__proto__" segment')
    return normal
