"""Storage keys and step names (docs/FORMAT.md section 1 and docs/storage.md, "Names"): the TypeScript
``validateStoragePath`` and ``validateStepName`` rules."""

from __future__ import annotations

import re

from .errors import InvalidPathError

MAX_SEGMENT_BYTES = 206
MAX_STEP_NAME_BYTES = MAX_SEGMENT_BYTES - 6
MAX_KEY_BYTES = 2048
_DRIVE = re.compile(r"^[A-Za-z]:")


def validate_storage_path(path: str, allow_empty: bool = False) -> str:
    """The key, normalised (no trailing ``/``); an :class:`InvalidPathError` for NUL, backslashes, absolute paths,
    ``..``/``.``/empty segments, a segment over 206 UTF-8 bytes or a key over 2048."""
    if not isinstance(path, str):
        raise InvalidPathError(str(path), "not a string")
    if "\0" in path:
        raise InvalidPathError(path, "contains NUL")
    if "\\" in path:
        raise InvalidPathError(path, 'contains a backslash; use "/"')
    if path.startswith("/") or _DRIVE.match(path):
        raise InvalidPathError(path, "absolute paths are not allowed")
    trimmed = path[:-1] if path.endswith("/") else path
    if trimmed == "":
        if allow_empty:
            return ""
        raise InvalidPathError(path, "empty path")
    for segment in trimmed.split("/"):
        if segment == "..":
            raise InvalidPathError(path, '".." segments are not allowed')
        if segment == ".":
            raise InvalidPathError(path, '"." segments are not allowed')
        if segment == "":
            raise InvalidPathError(path, "empty path segment")
        size = len(segment.encode("utf-8", "surrogatepass"))
        if size > MAX_SEGMENT_BYTES:
            raise InvalidPathError(
                path, f'the segment "{segment[:40]}…" is {size} bytes long; at most {MAX_SEGMENT_BYTES} are allowed'
            )
    if len(trimmed.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES:
        raise InvalidPathError(path, f"the key is longer than {MAX_KEY_BYTES} bytes")
    return trimmed


def validate_step_name(name: str) -> str:
    """A step name: one key segment of at most 200 UTF-8 bytes, not containing ``.ferry-`` (reserved)."""
    if not isinstance(name, str):
        raise InvalidPathError(str(name), "a step name must be a string")
    if "/" in name:
        raise InvalidPathError(name, 'a step name is one path segment: it cannot contain "/"')
    checked = validate_storage_path(name)
    size = len(checked.encode("utf-8", "surrogatepass"))
    if size > MAX_STEP_NAME_BYTES:
        raise InvalidPathError(name, f"a step name is {size} bytes long; at most {MAX_STEP_NAME_BYTES} are allowed")
    if ".ferry-" in checked:
        raise InvalidPathError(name, 'names containing ".ferry-" are reserved for the storage adapters')
    return checked


def join_key(*segments: str) -> str:
    """Segments joined with ``/``, empty ones skipped."""
    return "/".join(s for s in segments if s)
