"""Ferry's msgpack encoder: writes a header tree byte for byte as the TypeScript writer (msgpackr with
``useRecords: false, variableMapSize: true``) writes the same value, so a dump read and saved again is unchanged.

JavaScript has one number type: an integral number in [-2^31, 2^32) is the smallest msgpack integer, any other
number a float 64 (NaN as 0x7ff8000000000000). A map's keys come out in JavaScript's property order: keys that are
array indices ("0", "17") first, ascending, then the others in insertion order. 64-bit integers (:class:`Int64`,
JavaScript's ``bigint``) are int 64 when they fit, else uint 64.
"""

from __future__ import annotations

import math
import re
import struct
from typing import Any

import numpy as np

from .refs import ObjectRef, StepRef, TensorRef
from .values import UNDEFINED, Int64

_INDEX_KEY = re.compile(r"^(0|[1-9][0-9]*)$")
_NAN = bytes.fromhex("7ff8000000000000")


class EncodeError(Exception):
    """A value the format cannot hold; ``path`` says where (``coef``, ``hyperparams.values.C``)."""

    def __init__(self, path: str, what: str) -> None:
        super().__init__(f"{path}: {what}")
        self.path = path
        self.what = what


def js_key_order(keys: list[str]) -> list[str]:
    """``Object.keys`` order of an object given its keys in insertion order."""
    index = [k for k in keys if _INDEX_KEY.match(k) and int(k) <= 2**32 - 2]
    if not index:
        return keys
    rest = [k for k in keys if not (_INDEX_KEY.match(k) and int(k) <= 2**32 - 2)]
    return sorted(index, key=int) + rest


def as_js_number(value: Any) -> int | float | None:
    """``value`` as the JavaScript number it stands for (an int when integral and within 32 bits, else a float), or
    None when it is not a number (bool, Int64, anything else)."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, np.integer)):
        v = int(value)
        if -(2**31) <= v < 2**32:
            return v
        f = float(v)
        if f != v or int(f) != v:
            raise OverflowError(f"the integer {v} is not exactly a JavaScript number; use ferryml.Int64 for a bigint")
        return f
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if f.is_integer() and -(2**31) <= f < 2**32:
            return int(f)
        return f
    return None


def encode(value: Any) -> bytes:
    """The msgpack bytes of one header value."""
    out = bytearray()
    _pack(value, out, "(value)", 0)
    return bytes(out)


def _pack(value: Any, out: bytearray, path: str, depth: int) -> None:
    if depth > 64:
        raise EncodeError(path, "a structure nested deeper than 64 levels (a cycle?)")
    if value is None:
        out.append(0xC0)
        return
    if value is UNDEFINED:
        out += b"\xd4\x00\x00"
        return
    if isinstance(value, (bool, np.bool_)):
        out.append(0xC3 if value else 0xC2)
        return
    if isinstance(value, Int64):
        if value.value < 2**63:
            out.append(0xD3)
            out += struct.pack(">q", value.value)
        else:
            out.append(0xCF)
            out += struct.pack(">Q", value.value)
        return
    try:
        number = as_js_number(value)
    except OverflowError as error:
        raise EncodeError(path, str(error)) from None
    if number is not None:
        _pack_number(number, out)
        return
    if isinstance(value, str):
        try:
            data = value.encode("utf-8")
        except UnicodeEncodeError:
            raise EncodeError(path, "a string with a lone surrogate (not valid UTF-8)") from None
        n = len(data)
        if n < 0x20:
            out.append(0xA0 | n)
        elif n < 0x100:
            out += bytes((0xD9, n))
        elif n < 0x10000:
            out.append(0xDA)
            out += struct.pack(">H", n)
        else:
            out.append(0xDB)
            out += struct.pack(">I", n)
        out += data
        return
    if isinstance(value, (bytes, bytearray)):
        n = len(value)
        if n < 0x100:
            out += bytes((0xC4, n))
        elif n < 0x10000:
            out.append(0xC5)
            out += struct.pack(">H", n)
        else:
            out.append(0xC6)
            out += struct.pack(">I", n)
        out += value
        return
    if isinstance(value, (list, tuple)):
        _header(len(value), 0x90, 0xDC, 0xDD, out)
        for i, item in enumerate(value):
            _pack(item, out, f"{path}[{i}]", depth + 1)
        return
    if isinstance(value, dict):
        keys = list(value.keys())
        for k in keys:
            if not isinstance(k, str):
                raise EncodeError(path, f"a map key that is not a string ({k!r})")
            if k == "__proto__":
                raise EncodeError(f"{path}.__proto__", "the reserved key __proto__")
        _header(len(keys), 0x80, 0xDE, 0xDF, out)
        for k in js_key_order(keys):
            _pack(k, out, path, depth + 1)
            _pack(value[k], out, f"{path}.{k}", depth + 1)
        return
    if isinstance(value, TensorRef):
        body = [value.dtype, list(value.shape), value.offset, value.byte_length, value.container,
                value.checksum.to_bytes(8, "little")]
        _ext(0x46, body, out, path, depth)
        return
    if isinstance(value, ObjectRef):
        _ext(0x47, [value.class_id, value.fields], out, path, depth)
        return
    if isinstance(value, StepRef):
        _ext(0x48, value.name, out, path, depth)
        return
    raise EncodeError(path, f"a {type(value).__name__}, which the format cannot hold")


def _pack_number(v: int | float, out: bytearray) -> None:
    if isinstance(v, int):
        if v >= 0:
            if v < 0x80:
                out.append(v)
            elif v < 0x100:
                out += bytes((0xCC, v))
            elif v < 0x10000:
                out.append(0xCD)
                out += struct.pack(">H", v)
            else:
                out.append(0xCE)
                out += struct.pack(">I", v)
        elif v >= -0x20:
            out.append(0x100 + v)
        elif v >= -0x80:
            out += bytes((0xD0, v + 0x100))
        elif v >= -0x8000:
            out.append(0xD1)
            out += struct.pack(">h", v)
        else:
            out.append(0xD2)
            out += struct.pack(">i", v)
        return
    out.append(0xCB)
    out += _NAN if math.isnan(v) else struct.pack(">d", v)


def _header(n: int, fix: int, c16: int, c32: int, out: bytearray) -> None:
    if n < 0x10:
        out.append(fix | n)
    elif n < 0x10000:
        out.append(c16)
        out += struct.pack(">H", n)
    else:
        out.append(c32)
        out += struct.pack(">I", n)


def _ext(type_: int, body: Any, out: bytearray, path: str, depth: int) -> None:
    data = bytearray()
    _pack(body, data, path, depth + 1)
    n = len(data)
    fixext: dict[int, int] = {1: 0xD4, 2: 0xD5, 4: 0xD6, 8: 0xD7, 16: 0xD8}
    if n in fixext:
        out.append(fixext[n])
    elif n < 0x100:
        out += bytes((0xC7, n))
    elif n < 0x10000:
        out.append(0xC8)
        out += struct.pack(">H", n)
    else:
        out.append(0xC9)
        out += struct.pack(">I", n)
    out.append(type_)
    out += data


