"""Step trees: decoding a dump's files into :class:`~ferryml.values.Step` objects with every check of
docs/FORMAT.md section 2 ("A reader checks each step file in this order"), and encoding a tree back into files
byte for byte as the TypeScript writer would (``MsgpackStepSaver``, ``encodeField``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .errors import CorruptDumpError, InvalidDumpFieldError, UnserializableFieldError
from .ferry_file import FORMAT_MINOR, PREAMBLE_BYTES, DecodedFile, PayloadSection, decode_ferry_file, encode_ferry_file
from .ferry_file import read_tensor, verify_payload_section
from .limits import DEFAULT_LIMITS, DecodeLimits
from .msgpack_encode import EncodeError, as_js_number, js_key_order
from .paths import join_key, validate_step_name
from .refs import ObjectRef, StepRef, TensorRef
from .schema.check_fields import check_fields
from .schema.describe import describe_value
from .schema.registry import SCHEMAS
from .tensors import dtype_name, little_endian_bytes
from .values import UNDEFINED, Int64, Obj, Step, TypedArray

HEADER_KEYS = ("format", "class", "name", "fields")
TRANSIENT_FIELDS = frozenset(["isInitialized", "isInvalidated", "isTrain"])
MAX_DEPTH = 64

#: Reads one storage key; raises NotFoundError when it does not exist.
Reader = Callable[[str], bytes]
#: Every key under a key prefix (files only, reserved names excluded).
Lister = Callable[[str], list[str]]


@dataclass
class _Session:
    limits: DecodeLimits
    read: Reader
    list: Lister | None
    read_extra: Reader
    files: int = 0
    bytes: int = 0


def read_step_tree(
    read: Reader,
    name: str,
    limits: DecodeLimits = DEFAULT_LIMITS,
    prefix: str = "",
    list_keys: Lister | None = None,
    read_extra: Reader | None = None,
) -> Step:
    """Loads the step saved as ``name`` (under the key ``prefix``) through ``read``, checking every file. With
    ``list_keys``, the other files of each step's folder (a saver's ``model.ferry``...) are read with ``read_extra``
    (default ``read``) and kept in ``Step.extra_files``, so that saving the tree again loses nothing."""
    session = _Session(limits, read, list_keys, read_extra or read)
    parents = [p for p in prefix.split("/") if p] + [validate_step_name(name)]
    return _read_step(parents, session, len(parents) - 1)


def _read_step(parents: list[str], session: _Session, base: int) -> Step:
    limits = session.limits
    name = parents[-1]
    file = join_key(*parents, f"{name}.ferry")
    if len(parents) - base > limits.max_depth:
        raise CorruptDumpError(file, 0, f"step tree deeper than maxDepth {limits.max_depth}")
    data = session.read(file)
    session.files += 1
    session.bytes += len(data)
    if session.files > limits.max_files:
        raise CorruptDumpError(file, 0, f"dump has more than maxFiles {limits.max_files} step files")
    if session.bytes > limits.max_total_bytes:
        raise CorruptDumpError(file, 0, f"dump is larger than maxTotalBytes {limits.max_total_bytes}")
    decoded = decode_ferry_file(data, file, limits)
    class_id, raw_fields = _check_step_header(decoded, file, name)
    SCHEMAS.lookup(class_id, file)
    if not SCHEMAS.is_step(class_id):
        raise CorruptDumpError(file, PREAMBLE_BYTES, f'class "{class_id}" is registered but is not a step')
    verify_payload_section(decoded, file)
    where = "/".join(parents[base:])
    children: dict[str, Step] = {}
    for child in _step_names(raw_fields):
        if child not in children:
            children[child] = _read_step([*parents, validate_step_name(child)], session, base)
    fields = _decode(raw_fields, decoded, file, where, children, 0)
    check_fields(class_id, True, fields, file, where)
    if fields["name"] != name:
        raise InvalidDumpFieldError(
            file, where, "name", f'"{name}" (the header\'s name and the folder)', describe_value(fields["name"])
        )
    return Step(class_id, fields, _extra_files(session, parents, file, children))


def _extra_files(session: _Session, parents: list[str], file: str, children: dict[str, Step]) -> dict[str, bytes]:
    if session.list is None:
        return {}
    folder = join_key(*parents)
    extra: dict[str, bytes] = {}
    for key in session.list(folder):
        rest = key[len(folder) + 1 :]
        if key == file or rest.split("/")[0] in children:
            continue
        data = session.read_extra(key)
        session.bytes += len(data)
        if session.bytes > session.limits.max_total_bytes:
            raise CorruptDumpError(key, 0, f"dump is larger than maxTotalBytes {session.limits.max_total_bytes}")
        extra[rest] = data
    return extra


def _check_step_header(decoded: DecodedFile, file: str, expected: str) -> tuple[str, dict[str, Any]]:
    header = decoded.header

    def bad(what: str) -> None:
        raise CorruptDumpError(file, PREAMBLE_BYTES, what)

    if not isinstance(header, dict):
        bad("header is not a map")
    if decoded.minor <= FORMAT_MINOR:
        for key in header:
            if key not in HEADER_KEYS:
                bad(f'header key "{key}" is not part of format {decoded.major}.{decoded.minor}')
    fmt = header.get("format")
    if isinstance(fmt, bool) or fmt != decoded.major:
        bad(f"header format {_json(fmt)} is not the file's major version {decoded.major}")
    class_id = header.get("class")
    if not isinstance(class_id, str) or class_id == "":
        bad("header has no class id")
    if header.get("name") != expected:
        bad(f'header names step {_json(header.get("name", UNDEFINED))}, folder is "{expected}"')
    fields = header.get("fields")
    if not isinstance(fields, dict):
        bad("header fields are not a map")
    return class_id, fields


def _json(value: Any) -> str:
    """``JSON.stringify`` of a header value, as the TypeScript messages show it."""
    import json

    if value is UNDEFINED:
        return "undefined"
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return describe_value(value)


def _step_names(value: Any, depth: int = 0) -> list[str]:
    out: list[str] = []
    _collect(value, out, depth)
    return out


def _collect(value: Any, out: list[str], depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    if isinstance(value, StepRef):
        out.append(value.name)
    elif isinstance(value, ObjectRef):
        _collect(value.fields, out, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _collect(v, out, depth + 1)
    elif isinstance(value, dict):
        for v in value.values():
            _collect(v, out, depth + 1)


def _decode(value: Any, decoded: DecodedFile, file: str, where: str, children: dict[str, Step], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise CorruptDumpError(file, 0, "header nested deeper than 64 levels")
    if isinstance(value, TensorRef):
        array = read_tensor(decoded, value, file)
        return TypedArray(array.reshape(-1)) if value.container == 1 else array
    if isinstance(value, StepRef):
        return children[value.name]
    if isinstance(value, ObjectRef):
        SCHEMAS.lookup(value.class_id, file)
        if SCHEMAS.is_step(value.class_id):
            raise InvalidDumpFieldError(
                file,
                f"{where}, object {value.class_id}",
                "(record)",
                "a registered object that is not a step (steps are saved in sub-folders)",
                f'step class "{value.class_id}"',
            )
        fields = _decode(value.fields, decoded, file, where, children, depth + 1)
        check_fields(value.class_id, False, fields, file, where)
        return Obj(value.class_id, fields)
    if isinstance(value, list):
        return [_decode(v, decoded, file, where, children, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: _decode(v, decoded, file, where, children, depth + 1) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------------------------------- writing


def check_step_tree(step: Step, path: str = "") -> None:
    """Runs the loader's field checks on a tree about to be written (objects innermost first, then each step), so
    a save never writes what a Ferry loader would refuse. Errors name the file the step would be written to."""
    name = validate_step_name(step.fields.get("name"))
    where = join_key(path, name)
    file = join_key(where, f"{name}.ferry")
    for child in step.children():
        check_step_tree(child, where)
    _check_objects(step.fields, file, where, 0)
    check_fields(step.class_id, True, step.fields, file, where)


def _check_objects(value: Any, file: str, where: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    if isinstance(value, Obj):
        _check_objects(value.fields, file, where, depth + 1)
        check_fields(value.class_id, False, value.fields, file, where)
    elif isinstance(value, list):
        for v in value:
            _check_objects(v, file, where, depth + 1)
    elif isinstance(value, dict):
        for v in value.values():
            _check_objects(v, file, where, depth + 1)


def encode_step_tree(step: Step, prefix: str = "") -> dict[str, bytes]:
    """Every file of the tree of ``step`` (key → bytes), the root's first, each child's after its parent's."""
    files: dict[str, bytes] = {}
    _encode_step(step, [p for p in prefix.split("/") if p], files)
    return files


def _encode_step(step: Step, parents: list[str], files: dict[str, bytes]) -> None:
    name = validate_step_name(step.name)
    here = [*parents, name]
    payload = PayloadSection()
    children: dict[str, Step] = {}
    fields: dict[str, Any] = {}
    for key in js_key_order(list(step.fields)):
        if key in TRANSIENT_FIELDS:
            continue
        fields[key] = _encode_field(step.fields[key], key, name, payload, children, 0)
    header = {"format": 1, "class": step.class_id, "name": name, "fields": fields}
    try:
        files[join_key(*here, f"{name}.ferry")] = encode_ferry_file(header, payload)
    except EncodeError as error:
        raise UnserializableFieldError(name, error.path, error.what) from None
    for extra, data in step.extra_files.items():
        files[join_key(*here, extra)] = data
    for child in children.values():
        _encode_step(child, here, files)


def _encode_field(
    value: Any, path: str, step_name: str, payload: PayloadSection, children: dict[str, Step], depth: int
) -> Any:
    if depth > MAX_DEPTH:
        raise UnserializableFieldError(step_name, path, f"structure nested deeper than {MAX_DEPTH} levels (a cycle?)")
    if value is None or value is UNDEFINED or isinstance(value, (bool, str, Int64)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    try:
        number = as_js_number(value)
    except OverflowError as error:
        raise UnserializableFieldError(step_name, path, str(error)) from None
    if number is not None:
        return number
    if isinstance(value, (bytes, bytearray)):
        value = TypedArray(np.frombuffer(bytes(value), dtype=np.uint8))
    if isinstance(value, TypedArray):
        array = np.asarray(value.array).reshape(-1)
        name = dtype_name(array.dtype)
        if name is None:
            raise UnserializableFieldError(step_name, path, f"typed array of dtype {array.dtype}")
        data = little_endian_bytes(array)
        offset, checksum = payload.add(data)
        return TensorRef(name, (array.shape[0],), offset, len(data), 1, checksum)
    if isinstance(value, np.ndarray):
        name = dtype_name(value.dtype)
        if name is None:
            raise UnserializableFieldError(step_name, path, f"numpy array of dtype {value.dtype}")
        data = little_endian_bytes(value)
        offset, checksum = payload.add(data)
        return TensorRef(name, tuple(int(d) for d in value.shape), offset, len(data), 0, checksum)
    if isinstance(value, Step):
        seen = children.get(value.name)
        if seen is not None and seen is not value:
            raise UnserializableFieldError(
                step_name, path, f'second child step named "{value.name}" (child names must be unique)'
            )
        children[value.name] = value
        return StepRef(value.name)
    if isinstance(value, (list, tuple)):
        return [_encode_field(v, f"{path}[{i}]", step_name, payload, children, depth + 1) for i, v in enumerate(value)]
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise UnserializableFieldError(step_name, f"{path}.{key}", "map key that is not a string")
            if key == "__proto__":
                raise UnserializableFieldError(step_name, f"{path}.__proto__", "reserved key")
        return {
            k: _encode_field(value[k], f"{path}.{k}", step_name, payload, children, depth + 1)
            for k in js_key_order(list(value))
        }
    if isinstance(value, Obj):
        fields = {
            k: _encode_field(value.fields[k], f"{path}.{k}", step_name, payload, children, depth + 1)
            for k in js_key_order(list(value.fields))
        }
        return ObjectRef(value.class_id, fields)
    raise UnserializableFieldError(step_name, path, f"{type(value).__name__} (not a value of the dump format)")
