"""Dump folders with the disk adapters' protocol (docs/storage.md): lock, staged tree, two-rename publish,
generation file, retired copy, reserved names."""

from __future__ import annotations

import os
import socket
import time
import unittest
from unittest import mock

import ferryml
from ferryml.errors import ConcurrentSaveError, InvalidPathError, NotFoundError
from ferryml.storage import folder

from .helpers import TempDirTest, pipeline_step, scaler_step


class FolderTest(TempDirTest):
    def read_text(self, *parts: str) -> str:
        with open(self.path(*parts), encoding="ascii") as f:
            return f.read()

    def test_save_publishes_one_version_with_a_generation(self) -> None:
        ferryml.save(pipeline_step("m"), self.tmp)
        generation = self.read_text("m", ".ferry-generation")
        self.assertRegex(generation, r"^[0-9a-f]{24}\n$")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["m"])  # no lock, staging or retired folder left
        ferryml.save(scaler_step("m"), self.tmp)  # a full replace: the pipeline's children are gone
        self.assertEqual(sorted(os.listdir(self.path("m"))), [".ferry-generation", "m.ferry"])
        self.assertNotEqual(self.read_text("m", ".ferry-generation"), generation)
        self.assertEqual(ferryml.load(self.tmp, "m").class_id, "ferry.StandardScaler")

    def test_a_retired_copy_is_read_when_the_tree_is_missing(self) -> None:
        ferryml.save(scaler_step("m"), self.tmp)
        os.rename(self.path("m"), self.path(".m.ferry-retired-0123456789ab"))
        self.assertEqual(ferryml.load(self.tmp, "m").name, "m")
        ferryml.save(scaler_step("m"), self.tmp)  # the next save cleans it up
        self.assertEqual(sorted(os.listdir(self.tmp)), ["m"])

    def test_a_missing_dump_is_not_found(self) -> None:
        with self.assertRaises(NotFoundError) as ctx:
            ferryml.load(self.tmp, "nothing")
        self.assertEqual(ctx.exception.code, "FERRY_NOT_FOUND")

    def test_names(self) -> None:
        for bad in ("a/b", "..", ".", "x.ferry-lock", "", "a" * 201):
            with self.subTest(name=bad):
                with self.assertRaises(InvalidPathError):
                    ferryml.save(scaler_step(bad), self.tmp)
        with self.assertRaises(InvalidPathError):
            ferryml.load(self.tmp, "../etc")

    def test_a_stale_lock_is_broken_a_live_one_waited_for(self) -> None:
        lock = self.path(".m.ferry-lock")
        with open(lock, "w", encoding="ascii") as f:
            f.write(f"0123456789abcdef {socket.gethostname()}:999999999\n")  # its owner is dead
        ferryml.save(scaler_step("m"), self.tmp)
        self.assertFalse(os.path.exists(lock))
        with open(lock, "w", encoding="ascii") as f:
            f.write(f"0123456789abcdef {socket.gethostname()}:{os.getpid()}\n")  # live (this process)
        with mock.patch.object(folder, "LOCK_WAIT_S", 0.2):
            with self.assertRaises(ConcurrentSaveError) as ctx:
                ferryml.save(scaler_step("m"), self.tmp)
        self.assertEqual(ctx.exception.code, "FERRY_CONCURRENT_SAVE")
        old = time.time() - 60
        os.utime(lock, (old, old))  # not refreshed for a minute: stale
        ferryml.save(scaler_step("m"), self.tmp)

    def test_an_interrupted_in_place_save_is_refused(self) -> None:
        ferryml.save(scaler_step("m"), self.tmp)
        with open(self.path("m", ".ferry-generation"), "w", encoding="ascii") as f:
            f.write("busy 0123456789abcdef01234567\n")
        with self.assertRaises(ConcurrentSaveError):
            ferryml.load(self.tmp, "m")

    def test_extra_files_are_kept(self) -> None:
        step = scaler_step("m")
        step.extra_files["weights.bin"] = b"\x01\x02"
        ferryml.save(step, self.tmp)
        self.assertEqual(ferryml.load(self.tmp, "m").extra_files, {"weights.bin": b"\x01\x02"})
        packed = ferryml.save(ferryml.load(self.tmp, "m"), self.tmp, pack=True)
        self.assertEqual(ferryml.load(packed).extra_files, {"weights.bin": b"\x01\x02"})


if __name__ == "__main__":
    unittest.main()
