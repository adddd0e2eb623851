"""The header codec: msgpackr's bytes for JavaScript values, and every decoding rule of docs/FORMAT.md section 2."""

from __future__ import annotations

import math
import struct
import unittest

import msgpack  # Debian's python3-msgpack: an independent decoder to check the encoder against

from ferryml.errors import CorruptDumpError
from ferryml.limits import DEFAULT_LIMITS
from ferryml.msgpack_decode import decode_msgpack
from ferryml.msgpack_encode import EncodeError, encode, js_key_order
from ferryml.refs import ObjectRef, StepRef, TensorRef
from ferryml.values import UNDEFINED, Int64


def decode(data: bytes, **limits: int):
    return decode_msgpack(data, DEFAULT_LIMITS.with_overrides(**limits), "f.ferry", 40).value


class EncodeTest(unittest.TestCase):
    def test_numbers_as_javascript_writes_them(self) -> None:
        # One number type: integral values in [-2^31, 2^32) are the smallest integer, others float 64.
        self.assertEqual(encode(1), b"\x01")
        self.assertEqual(encode(1.0), b"\x01")
        self.assertEqual(encode(-0.0), b"\x00")
        self.assertEqual(encode(127), b"\x7f")
        self.assertEqual(encode(128), b"\xcc\x80")
        self.assertEqual(encode(300), b"\xcd\x01\x2c")
        self.assertEqual(encode(2**32 - 1), b"\xce\xff\xff\xff\xff")
        self.assertEqual(encode(2**32), b"\xcb" + struct.pack(">d", 2**32))
        self.assertEqual(encode(-1), b"\xff")
        self.assertEqual(encode(-33), b"\xd0\xdf")
        self.assertEqual(encode(-200), b"\xd1\xff\x38")
        self.assertEqual(encode(-(2**31)), b"\xd2\x80\x00\x00\x00")
        self.assertEqual(encode(-(2**31) - 1), b"\xcb" + struct.pack(">d", -(2**31) - 1))
        self.assertEqual(encode(0.5), b"\xcb" + struct.pack(">d", 0.5))
        self.assertEqual(encode(float("nan")), b"\xcb\x7f\xf8\x00\x00\x00\x00\x00\x00")
        self.assertEqual(encode(float("inf")), b"\xcb" + struct.pack(">d", math.inf))

    def test_bigints_strings_bins_containers(self) -> None:
        self.assertEqual(encode(Int64(5)), b"\xd3" + struct.pack(">q", 5))
        self.assertEqual(encode(Int64(2**63)), b"\xcf" + struct.pack(">Q", 2**63))
        self.assertEqual(encode("a" * 31)[:1], b"\xbf")
        self.assertEqual(encode("a" * 32)[:2], b"\xd9\x20")
        self.assertEqual(encode("é" * 200)[:3], b"\xda\x01\x90")
        self.assertEqual(encode(b"12345678"), b"\xc4\x0812345678")
        self.assertEqual(encode(list(range(16)))[:3], b"\xdc\x00\x10")
        self.assertEqual(encode(UNDEFINED), b"\xd4\x00\x00")
        self.assertEqual(encode(None), b"\xc0")

    def test_integer_that_javascript_cannot_hold_is_refused(self) -> None:
        with self.assertRaises(EncodeError):
            encode(2**53 + 1)
        with self.assertRaises(EncodeError):
            encode({"__proto__": 1})
        with self.assertRaises(EncodeError):
            encode({1: 2})
        with self.assertRaises(EncodeError):
            encode(object())

    def test_map_keys_in_javascript_property_order(self) -> None:
        self.assertEqual(js_key_order(["b", "10", "a", "2", "01"]), ["2", "10", "b", "a", "01"])
        self.assertEqual(msgpack.unpackb(encode({"b": 1, "3": 2, "a": 3})), {"3": 2, "b": 1, "a": 3})
        self.assertEqual(list(msgpack.unpackb(encode({"b": 1, "3": 2}))), ["3", "b"])

    def test_extensions(self) -> None:
        ref = TensorRef("float64", (2, 3), 0, 48, 0, 0x1122334455667788)
        data = encode({"t": ref, "o": ObjectRef("ferry.X", {"a": 1}), "s": StepRef("child")})
        decoded = decode(data)
        self.assertEqual(decoded["t"], ref)
        self.assertEqual(decoded["o"], ObjectRef("ferry.X", {"a": 1}))
        self.assertEqual(decoded["s"], StepRef("child"))
        # msgpack-python reads the same bytes: extension 0x48 with the name as its body
        other = msgpack.unpackb(data, raw=False)
        self.assertEqual(other["s"], msgpack.ExtType(0x48, encode("child")))

    def test_everything_round_trips(self) -> None:
        value = {"a": [1, 2.5, "x", None, True, False, [], {}], "b": {"c": -7, "d": b"\x00\x01"}, "u": UNDEFINED}
        self.assertEqual(decode(encode(value)), value)
        self.assertEqual(encode(decode(encode(value))), encode(value))


class DecodeRulesTest(unittest.TestCase):
    def assertCorrupt(self, data: bytes, fragment: str, **limits: int) -> CorruptDumpError:
        with self.assertRaises(CorruptDumpError) as ctx:
            decode(data, **limits)
        self.assertIn(fragment, str(ctx.exception))
        self.assertEqual(ctx.exception.code, "FERRY_CORRUPT_DUMP")
        self.assertEqual(ctx.exception.file, "f.ferry")
        return ctx.exception

    def test_repeated_and_forbidden_keys(self) -> None:
        self.assertCorrupt(b"\x82\xa1a\x01\xa1a\x02", 'map key "a" appears twice')
        self.assertCorrupt(b"\x81\xa9__proto__\x01", '"__proto__" is not allowed')
        self.assertCorrupt(b"\x81\x01\x01", "map key is not a string")

    def test_offsets_are_absolute(self) -> None:
        error = self.assertCorrupt(b"\x82\xa1a\x01\xa1a\x02", "appears twice")
        self.assertEqual(error.offset, 40 + 4)

    def test_lengths_past_the_end(self) -> None:
        self.assertCorrupt(b"\xa5ab", "runs past the end")
        self.assertCorrupt(b"\xdd\x00\x10\x00\x00", "cannot fit")
        self.assertCorrupt(b"\xdf\x00\x01\x00\x00", "cannot fit")
        self.assertCorrupt(b"\xcb\x00", "runs past the end")
        self.assertCorrupt(b"", "runs past the end")

    def test_limits(self) -> None:
        self.assertCorrupt(b"\x91" * 66 + b"\x00", "nesting deeper than 64")
        self.assertCorrupt(b"\xa3abc", "exceeds maxStringBytes 2", max_string_bytes=2)
        self.assertCorrupt(b"\xc4\x03abc", "exceeds maxBinBytes 2", max_bin_bytes=2)
        self.assertCorrupt(b"\x93\x01\x02\x03", "exceeds maxArrayLength 2", max_array_length=2)
        self.assertCorrupt(b"\x82\xa1a\x01\xa1b\x02", "exceeds maxMapSize 1", max_map_size=1)
        # The container budget: 1024 + H/8 arrays, maps and extensions in an H-byte header.
        many = b"\xdc" + struct.pack(">H", 2000) + b"\x90" * 2000
        self.assertCorrupt(many, "arrays, maps and extension values")

    def test_extensions_are_checked(self) -> None:
        self.assertCorrupt(b"\xd4\x05\x00", "extension type 5 is not part of the Ferry format")
        self.assertCorrupt(b"\xd4\x00\x01", "must have one zero byte")
        self.assertCorrupt(b"\xd5\x48\x01\x02", "bytes after the value in an extension body")
        self.assertCorrupt(b"\xd4\x48\xc0", "step reference must be a non-empty name")
        self.assertCorrupt(encode(ObjectRef("", {})), "class id must be a non-empty string")

    def test_tensor_descriptors(self) -> None:
        def tensor(body: list) -> bytes:
            data = encode(body)
            return b"\xc7" + bytes([len(data), 0x46]) + data

        ok = ["float64", [2], 0, 16, 0, b"\0" * 8]
        self.assertIsInstance(decode(tensor(ok)), TensorRef)
        self.assertCorrupt(tensor(["float16", [2], 0, 16, 0, b"\0" * 8]), "unknown tensor dtype")
        self.assertCorrupt(tensor(["float64", [-1], 0, 16, 0, b"\0" * 8]), "non-negative integers")
        self.assertCorrupt(tensor(["float64", [2**33], 0, 16, 0, b"\0" * 8]), "exceeds maxTensorElements")
        self.assertCorrupt(tensor(["float64", [2**20, 2**20], 0, 16, 0, b"\0" * 8]), "exceeds maxTensorElements")
        self.assertCorrupt(tensor(["float64", [2], 0.5, 16, 0, b"\0" * 8]), "offset and byteLength")
        self.assertCorrupt(tensor(["float64", [2], 0, 16, 2, b"\0" * 8]), "container must be 0")
        self.assertCorrupt(tensor(["float64", [2], 0, 16, 0, b"\0" * 7]), "checksum must be 8 bytes")
        self.assertCorrupt(tensor(["float64", [2], 0, 16, 0]), "tensor descriptor must be")

    def test_trailing_bytes_and_invalid_bytes(self) -> None:
        self.assertCorrupt(b"\x01\x02", "1 bytes after the end")
        self.assertCorrupt(b"\xc1", "not valid msgpack")

    def test_big_integers_decode_as_bigints(self) -> None:
        self.assertEqual(decode(b"\xcf" + struct.pack(">Q", 5)), Int64(5))
        self.assertEqual(decode(b"\xd3" + struct.pack(">q", -5)), Int64(-5))

    def test_invalid_utf8_becomes_replacement_characters(self) -> None:
        self.assertEqual(decode(b"\xa2\xff\x41"), "\ufffdA")


if __name__ == "__main__":
    unittest.main()
