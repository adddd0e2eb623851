"""Ferry's msgpack decoder: one pass over a header (or a pack index), checked against the limits and the format
as it goes (docs/FORMAT.md section 2, "Decoding rules"), the same checks in the same order as the TypeScript
reader (``src/saving/format/decodeMsgpack.ts``). Every violation is a :class:`CorruptDumpError` naming the file and
the absolute byte offset."""

from __future__ import annotations

import struct
from typing import Any

from .errors import CorruptDumpError
from .limits import DecodeLimits, container_budget
from .refs import ObjectRef, StepRef, TensorRef
from .tensors import DTYPES
from .values import UNDEFINED, Int64

EXT_TENSOR = 0x46
EXT_OBJECT = 0x47
EXT_STEP = 0x48

_F32 = struct.Struct(">f")
_F64 = struct.Struct(">d")
_U16 = struct.Struct(">H")
_U32 = struct.Struct(">I")
_U64 = struct.Struct(">Q")
_I8 = struct.Struct(">b")
_I16 = struct.Struct(">h")
_I32 = struct.Struct(">i")
_I64 = struct.Struct(">q")
_MAX_SAFE = 2**53 - 1


def is_uint(v: Any) -> bool:
    """A JavaScript safe non-negative integer (an int, or a float with an integral value)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    if isinstance(v, float) and not v.is_integer():
        return False
    return 0 <= v <= _MAX_SAFE


class DecodedMsgpack:
    """The decoded value and every tensor descriptor in it, in document order."""

    def __init__(self, value: Any, tensors: list[TensorRef]) -> None:
        self.value = value
        self.tensors = tensors


def decode_msgpack(data: bytes | memoryview, limits: DecodeLimits, file: str, base: int) -> DecodedMsgpack:
    """Decodes exactly one msgpack value filling ``data``; ``base`` is the offset of ``data`` in the file."""
    decoder = _Decoder(memoryview(data).cast("B"), limits, file, base)
    value = decoder.value(0)
    if decoder.pos != len(decoder.buf):
        decoder.fail(decoder.pos, f"{len(decoder.buf) - decoder.pos} bytes after the end of the msgpack value")
    return DecodedMsgpack(value, decoder.tensors)


class _Decoder:
    def __init__(self, buf: memoryview, limits: DecodeLimits, file: str, base: int) -> None:
        self.buf = buf
        self.limits = limits
        self.file = file
        self.base = base
        self.pos = 0
        self.end = len(buf)
        self.containers = 0
        self.max_containers = container_budget(len(buf), limits)
        self.tensors: list[TensorRef] = []

    def fail(self, at: int, what: str) -> None:
        raise CorruptDumpError(self.file, self.base + at, what)

    def need(self, n: int, what: str) -> None:
        if n > self.end - self.pos:
            self.fail(self.pos, f"{what} of {n} bytes runs past the end of the data")

    def u8(self) -> int:
        self.need(1, "byte")
        v = self.buf[self.pos]
        self.pos += 1
        return v

    def fixed(self, s: struct.Struct, what: str = "length or number") -> Any:
        self.need(s.size, what)
        v = s.unpack_from(self.buf, self.pos)[0]
        self.pos += s.size
        return v

    def container(self, start: int) -> None:
        self.containers += 1
        if self.containers > self.max_containers:
            self.fail(
                start,
                f"more than {self.max_containers} arrays, maps and extension values in {len(self.buf)} bytes "
                f"(1024 + one per {self.limits.header_bytes_per_container} bytes)",
            )

    def value(self, depth: int) -> Any:
        if depth > self.limits.max_depth:
            self.fail(self.pos, f"nesting deeper than {self.limits.max_depth}")
        start = self.pos
        t = self.u8()
        if t <= 0x7F:
            return t
        if t >= 0xE0:
            return t - 0x100
        if t <= 0x8F:
            return self.map(t & 0x0F, depth, start)
        if t <= 0x9F:
            return self.array(t & 0x0F, depth, start)
        if t <= 0xBF:
            return self.str(t & 0x1F, start)
        if t == 0xC0:
            return None
        if t == 0xC2:
            return False
        if t == 0xC3:
            return True
        if t == 0xC4:
            return self.bin(self.u8(), start)
        if t == 0xC5:
            return self.bin(self.fixed(_U16), start)
        if t == 0xC6:
            return self.bin(self.fixed(_U32), start)
        if t == 0xC7:
            return self.ext(self.u8(), depth, start)
        if t == 0xC8:
            return self.ext(self.fixed(_U16), depth, start)
        if t == 0xC9:
            return self.ext(self.fixed(_U32), depth, start)
        if t == 0xCA:
            return float(self.fixed(_F32, "number"))
        if t == 0xCB:
            return self.fixed(_F64, "number")
        if t == 0xCC:
            return self.u8()
        if t == 0xCD:
            return self.fixed(_U16)
        if t == 0xCE:
            return self.fixed(_U32)
        if t == 0xCF:
            return Int64(self.fixed(_U64, "number"))
        if t == 0xD0:
            return self.fixed(_I8, "number")
        if t == 0xD1:
            return self.fixed(_I16, "number")
        if t == 0xD2:
            return self.fixed(_I32, "number")
        if t == 0xD3:
            return Int64(self.fixed(_I64, "number"))
        if 0xD4 <= t <= 0xD8:
            return self.ext(1 << (t - 0xD4), depth, start)
        if t == 0xD9:
            return self.str(self.u8(), start)
        if t == 0xDA:
            return self.str(self.fixed(_U16), start)
        if t == 0xDB:
            return self.str(self.fixed(_U32), start)
        if t == 0xDC:
            return self.array(self.fixed(_U16), depth, start)
        if t == 0xDD:
            return self.array(self.fixed(_U32), depth, start)
        if t == 0xDE:
            return self.map(self.fixed(_U16), depth, start)
        if t == 0xDF:
            return self.map(self.fixed(_U32), depth, start)
        self.fail(start, f"byte 0x{t:x} is not valid msgpack")

    def str(self, n: int, start: int) -> str:
        if n > self.limits.max_string_bytes:
            self.fail(start, f"string of {n} bytes exceeds maxStringBytes {self.limits.max_string_bytes}")
        self.need(n, "string")
        raw = bytes(self.buf[self.pos : self.pos + n])
        self.pos += n
        return raw.decode("utf-8", "replace")

    def bin(self, n: int, start: int) -> bytes:
        if n > self.limits.max_bin_bytes:
            self.fail(start, f"binary of {n} bytes exceeds maxBinBytes {self.limits.max_bin_bytes}")
        self.need(n, "binary")
        out = bytes(self.buf[self.pos : self.pos + n])
        self.pos += n
        return out

    def array(self, n: int, depth: int, start: int) -> list:
        self.container(start)
        if n > self.limits.max_array_length:
            self.fail(start, f"array of {n} elements exceeds maxArrayLength {self.limits.max_array_length}")
        if n > self.end - self.pos:
            self.fail(start, f"array of {n} elements cannot fit in the {self.end - self.pos} bytes left")
        return [self.value(depth + 1) for _ in range(n)]

    def map(self, n: int, depth: int, start: int) -> dict:
        self.container(start)
        if n > self.limits.max_map_size:
            self.fail(start, f"map of {n} entries exceeds maxMapSize {self.limits.max_map_size}")
        if 2 * n > self.end - self.pos:
            self.fail(start, f"map of {n} entries cannot fit in the {self.end - self.pos} bytes left")
        out: dict = {}
        for _ in range(n):
            key_at = self.pos
            key = self.value(depth + 1)
            if not isinstance(key, str):
                self.fail(key_at, "map key is not a string")
            if key == "__proto__":
                self.fail(key_at, 'map key "__proto__" is not allowed')
            if key in out:
                self.fail(key_at, f'map key "{key}" appears twice')
            out[key] = self.value(depth + 1)
        return out

    def ext(self, n: int, depth: int, start: int) -> Any:
        type_ = self.u8()
        self.need(n, "extension body")
        if type_ == 0:
            if n != 1 or self.buf[self.pos] != 0:
                self.fail(start, "extension 0 (undefined) must have one zero byte")
            self.pos += 1
            return UNDEFINED
        if type_ not in (EXT_TENSOR, EXT_OBJECT, EXT_STEP):
            signed = type_ - 256 if type_ > 127 else type_
            self.fail(start, f"extension type {signed} is not part of the Ferry format")
        self.container(start)
        outer_end = self.end
        body_end = self.pos + n
        self.end = body_end
        body = self.value(depth + 1)
        if self.pos != body_end:
            self.fail(self.pos, f"{body_end - self.pos} bytes after the value in an extension body")
        self.end = outer_end
        if type_ == EXT_TENSOR:
            return self.tensor(body, start)
        if type_ == EXT_OBJECT:
            if not isinstance(body, list) or len(body) != 2:
                self.fail(start, "object record must be [classId, fields]")
            class_id, fields = body
            if not isinstance(class_id, str) or class_id == "":
                self.fail(start, "object class id must be a non-empty string")
            if not isinstance(fields, dict):
                self.fail(start, "object fields must be a map")
            return ObjectRef(class_id, fields)
        if not isinstance(body, str) or body == "":
            self.fail(start, "step reference must be a non-empty name")
        return StepRef(body)

    def tensor(self, body: Any, start: int) -> TensorRef:
        if not isinstance(body, list) or len(body) != 6:
            self.fail(start, "tensor descriptor must be [dtype, shape, offset, byteLength, container, checksum]")
        dtype, shape, offset, byte_length, container, checksum = body
        if not isinstance(dtype, str) or dtype not in DTYPES:
            self.fail(start, f"unknown tensor dtype {_json_string(dtype)}")
        if not isinstance(shape, list) or not all(is_uint(d) for d in shape):
            self.fail(start, "tensor shape must be a list of non-negative integers")
        elements = 1
        for d in shape:
            if d > self.limits.max_tensor_elements:
                self.fail(start, f"tensor dimension {int(d)} exceeds maxTensorElements {self.limits.max_tensor_elements}")
            elements *= d
        if elements > self.limits.max_tensor_elements:
            dims = ", ".join(str(int(d)) for d in shape)
            self.fail(start, f"tensor of shape [{dims}] exceeds maxTensorElements {self.limits.max_tensor_elements}")
        if not is_uint(offset) or not is_uint(byte_length):
            self.fail(start, "tensor offset and byteLength must be non-negative integers")
        if isinstance(container, bool) or container not in (0, 1):
            self.fail(start, "tensor container must be 0 (NDArray) or 1 (typed array)")
        if not isinstance(checksum, bytes) or len(checksum) != 8:
            self.fail(start, "tensor checksum must be 8 bytes")
        ref = TensorRef(
            dtype,
            tuple(int(d) for d in shape),
            int(offset),
            int(byte_length),
            int(container),
            int.from_bytes(checksum, "little"),
        )
        self.tensors.append(ref)
        return ref


def _json_string(v: Any) -> str:
    import json

    return json.dumps(str(v) if not isinstance(v, str) else v)
