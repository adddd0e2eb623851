"""`.ferry` files and packs: every byte is covered (a flipped byte anywhere is a CorruptDumpError, never a wrong
answer or an untyped exception), and the layout rules of docs/FORMAT.md sections 1, 3 and 6 hold."""

from __future__ import annotations

import os
import struct
import unittest

import numpy as np

import ferryml
from ferryml.dump import encode_step_tree
from ferryml.errors import CorruptDumpError, FerryError, NotFoundError, UnsupportedFormatVersionError
from ferryml.ferry_file import PayloadSection, decode_ferry_file, encode_ferry_file, xxh64
from ferryml.refs import TensorRef
from ferryml.storage.pack import PackReader, encode_pack

from .helpers import TempDirTest, pipeline_step, scaler_step


def resign(data: bytearray) -> bytes:
    """Recomputes the header checksum of a .ferry file (so a test reaches the checks after it)."""
    hlen = struct.unpack_from("<Q", data, 16)[0]
    start = (40 + hlen + 7) // 8 * 8
    struct.pack_into("<Q", data, 32, xxh64(bytes(data[:32]), bytes(data[40:start])))
    return bytes(data)


class FerryFileTest(TempDirTest):
    def file_bytes(self) -> bytes:
        return encode_step_tree(scaler_step("s"))["s/s.ferry"]

    def load_file(self, data: bytes) -> ferryml.Step:
        os.makedirs(self.path("s"), exist_ok=True)
        with open(self.path("s", "s.ferry"), "wb") as f:
            f.write(data)
        return ferryml.load(self.tmp, "s")

    def test_layout(self) -> None:
        data = self.file_bytes()
        magic, major, minor, flags, hlen, plen, _ = struct.unpack_from("<8sHHIQQQ", data)
        self.assertEqual((magic, major, minor, flags), (b"FERRYDMP", 1, 0, 0))
        start = (40 + hlen + 7) // 8 * 8
        self.assertEqual(len(data), start + plen)
        self.assertEqual(plen, 3 * 24 + 0)  # three float64 [3] tensors, 24 bytes each, 8-aligned
        step = self.load_file(data)
        self.assertEqual(step.fields["mean"].dtype, np.float64)
        self.assertFalse(step.fields["mean"].flags.writeable)

    def test_every_flipped_byte_is_a_corrupt_dump_error(self) -> None:
        data = self.file_bytes()
        for i in range(len(data)):
            for mask in (0x01, 0x80):
                mutated = bytearray(data)
                mutated[i] ^= mask
                with self.subTest(byte=i, mask=mask):
                    with self.assertRaises((CorruptDumpError, UnsupportedFormatVersionError)):
                        self.load_file(bytes(mutated))

    def test_truncation_and_extension(self) -> None:
        data = self.file_bytes()
        for n in (0, 10, 39, 40, len(data) - 1):
            with self.assertRaises(CorruptDumpError):
                self.load_file(data[:n])
        with self.assertRaises(CorruptDumpError):
            self.load_file(data + b"\0" * 8)

    def test_versions_and_flags(self) -> None:
        data = bytearray(self.file_bytes())
        struct.pack_into("<H", data, 8, 2)
        with self.assertRaises(UnsupportedFormatVersionError) as ctx:
            self.load_file(resign(data))
        self.assertEqual(ctx.exception.code, "FERRY_UNSUPPORTED_FORMAT_VERSION")
        data = bytearray(self.file_bytes())
        struct.pack_into("<I", data, 12, 1)
        with self.assertRaises(CorruptDumpError) as c2:
            self.load_file(resign(data))
        self.assertEqual(c2.exception.offset, 12)

    def test_payload_layout_rules(self) -> None:
        payload = PayloadSection()
        a = np.arange(3, dtype=np.float32).tobytes()  # 12 bytes: the next tensor starts at 16
        off_a, sum_a = payload.add(a)
        off_b, sum_b = payload.add(b"\x01\x00")
        self.assertEqual((off_a, off_b), (0, 16))
        good = {"format": 1, "kind": "arrays", "arrays": [TensorRef("float32", (3,), 0, 12, 0, sum_a),
                                                          TensorRef("bool", (2,), 16, 2, 0, sum_b)]}
        decoded = decode_ferry_file(encode_ferry_file(good, payload), "f")
        self.assertEqual(len(decoded.tensors), 2)
        from ferryml.ferry_file import read_tensor, verify_payload_section

        verify_payload_section(decoded, "f")
        self.assertEqual(read_tensor(decoded, decoded.tensors[1], "f").tolist(), [True, False])
        # A tensor at an offset the layout does not give, a bool byte other than 0/1:
        bad = PayloadSection()
        bad.add(b"\x02\x00")
        d2 = decode_ferry_file(encode_ferry_file({"t": TensorRef("bool", (2,), 0, 2, 0, xxh64(b"\x02\x00"))}, bad), "f")
        verify_payload_section(d2, "f")
        with self.assertRaisesRegex(CorruptDumpError, "bool tensor element holds byte 2"):
            read_tensor(d2, d2.tensors[0], "f")
        shifted = PayloadSection()
        shifted.add(a)
        d3 = decode_ferry_file(encode_ferry_file({"t": TensorRef("float32", (3,), 8, 12, 0, sum_a)}, shifted), "f")
        with self.assertRaisesRegex(CorruptDumpError, "where the layout puts it at 0"):
            verify_payload_section(d3, "f")


class PackTest(TempDirTest):
    def test_pack_round_trip_and_layout(self) -> None:
        step = pipeline_step("model")
        path = ferryml.save(step, self.tmp, pack=True)
        self.assertTrue(path.endswith("model.ferrypack"))
        with open(path, "rb") as f:
            data = f.read()
        reader = PackReader(data, path)
        self.assertEqual(reader.root, "model")
        self.assertEqual(reader.keys(), sorted(reader.keys(), key=lambda k: k.encode()))
        for key, (offset, _, _) in reader.entries.items():
            self.assertEqual((reader.data_start + offset) % 8, 0, key)
        loaded = ferryml.load(path)
        self.assertEqual(encode_step_tree(loaded), encode_step_tree(step))
        with self.assertRaises(NotFoundError):
            reader.read("model/nothing.ferry")

    def test_every_flipped_byte_of_a_pack_is_an_error(self) -> None:
        data = ferryml.pack_bytes(pipeline_step("m"))
        for i in range(0, len(data)):
            mutated = bytearray(data)
            mutated[i] ^= 0x01
            with self.subTest(byte=i):
                with self.assertRaises(FerryError):
                    ferryml.load_pack_bytes(bytes(mutated))

    def test_files_nobody_decodes_are_checked_against_the_pack(self) -> None:
        step = scaler_step("m")
        step.extra_files["weights.bin"] = b"\x01" * 16
        data = ferryml.pack_bytes(step)
        reader = PackReader(data)
        offset, length, _ = reader.entries["m/weights.bin"]
        mutated = bytearray(data)
        mutated[reader.data_start + offset + 3] ^= 0x01
        with self.assertRaisesRegex(CorruptDumpError, "entry m/weights.bin: checksum mismatch") as ctx:
            ferryml.load_pack_bytes(bytes(mutated))
        self.assertEqual(ctx.exception.offset, reader.data_start + offset)
        # A step file's damage is reported by its own checks, naming the file and the offset in it (as PackStorage).
        offset, _, _ = reader.entries["m/m.ferry"]
        mutated = bytearray(data)
        mutated[reader.data_start + offset + 100] ^= 0x01
        with self.assertRaises(CorruptDumpError) as ctx2:
            ferryml.load_pack_bytes(bytes(mutated))
        self.assertEqual(ctx2.exception.file, "m/m.ferry")

    def test_index_rules(self) -> None:
        files = encode_step_tree(scaler_step("m"))
        with self.assertRaisesRegex(CorruptDumpError, "not under the root"):
            PackReader(encode_pack("other", files))
        with self.assertRaisesRegex(CorruptDumpError, "not a Ferry pack"):
            PackReader(b"FERRYDMP" + bytes(40))


if __name__ == "__main__":
    unittest.main()
