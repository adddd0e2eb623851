"""Dumps in a folder, with the TypeScript disk adapters' protocol (docs/storage.md): writers take the lock file
``.<name>.ferry-lock``, stage the tree in ``.<name>.ferry-staging-<hex>/`` with a new ``.ferry-generation``, and
publish it with two renames (the previous tree goes to ``.<name>.ferry-retired-<hex>/`` and is removed). Readers
read the generation before and after the tree and start over when it changed; they read the retired copy only when
``<name>/`` is missing (a crash between the two renames)."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import socket
import time
from typing import Callable, TypeVar

from ..errors import ConcurrentSaveError, InvalidPathError, NotFoundError
from ..paths import validate_step_name, validate_storage_path

GENERATION_FILE = ".ferry-generation"
LOCK_MARK = ".ferry-lock"
STAGING_MARK = ".ferry-staging-"
RETIRED_MARK = ".ferry-retired-"
BUSY = "busy "
LOCK_STALE_S = 10.0
LOCK_WAIT_S = 60.0
LOAD_CONSISTENCY_S = 10.0

T = TypeVar("T")


class FolderTree:
    """Reads keys ``<name>/...`` of the dump ``name`` under ``root`` (from the retired copy when the tree is gone)."""

    def __init__(self, root: str, name: str) -> None:
        self.root = root
        self.name = validate_step_name(name)
        self.dir = os.path.join(root, self.name)

    def state(self) -> tuple[str, str | None, str]:
        """(folder read, generation or None, 'complete' | 'writing' | 'interrupted')."""
        folder = self.dir
        generation = _read_text(os.path.join(folder, GENERATION_FILE))
        if generation is None and not os.path.isdir(folder):
            retired = sorted(n for n in _list(self.root) if n.startswith(f".{self.name}{RETIRED_MARK}"))
            if retired:
                folder = os.path.join(self.root, retired[0])
                generation = _read_text(os.path.join(folder, GENERATION_FILE))
        if generation is None:
            return folder, None, "complete"
        line = generation.strip()
        if not line.startswith(BUSY):
            return folder, line, "complete"
        lock = os.path.join(self.root, f".{self.name}{LOCK_MARK}")
        return folder, line, "writing" if _lock_live(lock) else "interrupted"

    def reader(self, folder: str) -> Callable[[str], bytes]:
        """Reads ``<name>/<rest>`` from ``folder``."""

        def read(key: str) -> bytes:
            key = validate_storage_path(key)
            parts = key.split("/")
            if parts[0] != self.name or any(LOCK_MARK in p or STAGING_MARK in p or RETIRED_MARK in p for p in parts):
                raise NotFoundError(key)
            path = os.path.join(folder, *parts[1:])
            try:
                with open(path, "rb") as f:
                    return f.read()
            except FileNotFoundError:
                raise NotFoundError(key, f"no file {path}") from None
            except NotADirectoryError:
                raise NotFoundError(key, f"no file {path}") from None
            except IsADirectoryError:
                raise NotFoundError(key, f"{path} is a folder") from None
            except OSError as error:
                if error.errno == errno.ENAMETOOLONG:
                    raise InvalidPathError(key, "name too long for the file system") from None
                raise

        return read


    def lister(self, folder: str) -> Callable[[str], list[str]]:
        """Every file key under a key prefix ``<name>/...``, reserved names excluded, sorted."""

        def list_keys(prefix: str) -> list[str]:
            parts = validate_storage_path(prefix).split("/")
            base = os.path.join(folder, *parts[1:])
            out: list[str] = []
            for here, dirs, names in os.walk(base):
                dirs[:] = [d for d in dirs if not _reserved(d)]
                rel = os.path.relpath(here, base)
                for n in names:
                    if not _reserved(n):
                        out.append("/".join([prefix, *([] if rel == "." else rel.split(os.sep)), n]))
            return sorted(out)

        return list_keys


def _reserved(name: str) -> bool:
    return ".ferry-" in name


def read_pinned(tree: FolderTree, load: Callable[[Callable[[str], bytes], Callable[[str], list[str]]], T]) -> T:
    """Runs ``load`` on one version of the tree: retried while saves replace it, for at most 10 s."""
    deadline = time.monotonic() + LOAD_CONSISTENCY_S
    attempt = 0
    while True:
        attempt += 1
        folder, generation, state = tree.state()
        if state == "interrupted":
            raise ConcurrentSaveError(
                tree.dir,
                "a crashSafe: false save was interrupted while renaming its files: the dump mixes two versions; save it again",
            )
        failure: BaseException | None = None
        result: T | None = None
        if state == "complete":
            try:
                result = load(tree.reader(folder), tree.lister(folder))
            except Exception as error:  # a missing or damaged file may be one replaced under us: check the generation
                failure = error
            after = tree.state()
            if after[2] == "complete" and after[1] == generation and after[0] == folder:
                if failure is not None:
                    raise failure
                return result  # type: ignore[return-value]
        if time.monotonic() > deadline:
            raise ConcurrentSaveError(tree.dir, f"saves kept replacing the dump during {attempt} load attempts")
        time.sleep(min(0.05, attempt * 0.002))


def write_tree(root: str, name: str, files: dict[str, bytes]) -> str:
    """Publishes ``files`` (keys ``<name>/...``) as the whole new version of the dump ``name`` under ``root``;
    returns the dump's folder. Another writer of the same dump waits; a crash leaves the old or the new tree."""
    name = validate_step_name(name)
    for key in files:
        parts = validate_storage_path(key).split("/")
        if parts[0] != name or len(parts) < 2:
            raise InvalidPathError(key, f'not under the dump folder "{name}/"')
    os.makedirs(root, exist_ok=True)
    lock = os.path.join(root, f".{name}{LOCK_MARK}")
    _take_lock(lock)
    try:
        _cleanup(root, name)
        staging = os.path.join(root, f".{name}{STAGING_MARK}{secrets.token_hex(6)}")
        os.mkdir(staging)
        try:
            for key, data in files.items():
                _refresh(lock)
                path = os.path.join(staging, *key.split("/")[1:])
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    f.write(data)
            with open(os.path.join(staging, GENERATION_FILE), "w", encoding="ascii") as f:
                f.write(secrets.token_hex(12) + "\n")
            target = os.path.join(root, name)
            retired = None
            if os.path.lexists(target):
                retired = os.path.join(root, f".{name}{RETIRED_MARK}{secrets.token_hex(6)}")
                os.rename(target, retired)
            os.rename(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if retired is not None:
            _remove(retired)
        return target
    finally:
        _release_lock(lock)


def _cleanup(root: str, name: str) -> None:
    """Leftovers of a crashed save, under the lock: staging folders go; a retired tree with no tree in place goes
    back into place."""
    target = os.path.join(root, name)
    for entry in _list(root):
        path = os.path.join(root, entry)
        if entry.startswith(f".{name}{STAGING_MARK}"):
            _remove(path)
        elif entry.startswith(f".{name}{RETIRED_MARK}"):
            if not os.path.lexists(target):
                os.rename(path, target)
            else:
                _remove(path)


def _take_lock(lock: str) -> None:
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if not _lock_live(lock):
                broken = f"{lock}.{secrets.token_hex(6)}.ferry-tmp"
                try:
                    os.rename(lock, broken)
                    os.unlink(broken)
                except FileNotFoundError:
                    pass
                continue
            if time.monotonic() > deadline:
                raise ConcurrentSaveError(lock, f"another writer held the lock for more than {LOCK_WAIT_S:.0f} s") from None
            time.sleep(0.05)
            continue
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(f"{secrets.token_hex(8)} {socket.gethostname()}:{os.getpid()}\n")
        return


def _refresh(lock: str) -> None:
    """Keeps the lock fresh for other writers (they break a lock not refreshed for 10 s)."""
    try:
        os.utime(lock)
    except FileNotFoundError:
        pass


def _release_lock(lock: str) -> None:
    try:
        os.unlink(lock)
    except FileNotFoundError:
        pass


def _lock_live(lock: str) -> bool:
    try:
        modified = os.stat(lock).st_mtime
    except FileNotFoundError:
        return False
    if time.time() - modified > LOCK_STALE_S:
        return False
    owner = _read_text(lock)
    if owner:
        parts = owner.strip().split(" ", 1)
        if len(parts) == 2 and ":" in parts[1]:
            host, _, pid = parts[1].rpartition(":")
            if host == socket.gethostname() and pid.isdigit() and not _pid_alive(int(pid)):
                return False
    return True


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_text(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return f.read(256).decode("ascii", "replace")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _list(folder: str) -> list[str]:
    try:
        return os.listdir(folder)
    except FileNotFoundError:
        return []


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
