"""Checks one decoded value against a field type of the JSON (the TypeScript ``checkValue``): the first mismatch,
with where it is inside the value, what was expected and what was found."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..tensors import dtype_name
from ..values import UNDEFINED, Obj, Step, TypedArray
from .describe import describe_type, describe_value
from .registry import SCHEMAS

MAX_SAFE_INTEGER = 2**53 - 1


@dataclass(frozen=True)
class Mismatch:
    at: str
    expected: str
    found: str


def is_number(v: Any) -> bool:
    """JavaScript's ``typeof v === 'number'`` for a decoded value."""
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_safe_integer(v: Any) -> bool:
    """``Number.isSafeInteger``."""
    if not is_number(v):
        return False
    if isinstance(v, float) and not (math.isfinite(v) and v.is_integer()):
        return False
    return abs(v) <= MAX_SAFE_INTEGER


def is_scalar(v: Any) -> bool:
    return v is None or isinstance(v, (bool, str)) or is_number(v)


def is_hyperparameter_value(v: Any) -> bool:
    """A number, string, boolean or null, or a flat list of those."""
    return is_scalar(v) or (isinstance(v, list) and all(is_scalar(x) for x in v))


class ShapeBindings:
    """Sizes named in shape rules: integer fields of the object being checked, and symbols bound by first use."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields
        self.bound: dict[str, int] = {}

    def resolve(self, dim: int | str, actual: int) -> int | float:
        if not isinstance(dim, str):
            return dim
        field = self.fields.get(dim, UNDEFINED)
        if is_number(field):
            return field
        if dim in self.bound:
            return self.bound[dim]
        self.bound[dim] = actual
        return actual


def _mismatch(t: dict[str, Any], value: Any, at: str) -> Mismatch:
    return Mismatch(at, describe_type(t), describe_value(value))


def check_value(t: dict[str, Any], value: Any, shapes: ShapeBindings, at: str = "") -> Mismatch | None:
    """The first mismatch of ``value`` against the field type ``t``, or None."""
    kind = t["kind"]
    if kind == "tensor":
        return _check_tensor(t, value, shapes, at)
    if kind == "number":
        if not is_number(value):
            return _mismatch(t, value, at)
        if t.get("finite") and not math.isfinite(value):
            return _mismatch(t, value, at)
        if "min" in t and not (value >= t["min"]):
            return _mismatch(t, value, at)
        return None
    if kind == "integer":
        if not is_safe_integer(value):
            return _mismatch(t, value, at)
        return _mismatch(t, value, at) if "min" in t and value < t["min"] else None
    if kind == "boolean":
        return None if isinstance(value, bool) else _mismatch(t, value, at)
    if kind == "string":
        if not isinstance(value, str):
            return _mismatch(t, value, at)
        if t.get("nonEmpty") and value == "":
            return _mismatch(t, value, at)
        return _mismatch(t, value, at) if "values" in t and value not in t["values"] else None
    if kind == "null":
        return None if value is None else _mismatch(t, value, at)
    if kind == "list":
        return _check_list(t, value, shapes, at)
    if kind == "map":
        if not isinstance(value, dict):
            return _mismatch(t, value, at)
        for key, item in value.items():
            m = check_value(t["values"], item, shapes, f"{at}.{key}")
            if m:
                return m
        return None
    if kind == "step":
        return None if isinstance(value, Step) else _mismatch(t, value, at)
    if kind == "object":
        return None if _check_object(t, value) else _mismatch(t, value, at)
    if kind == "oneOf":
        closest: Mismatch | None = None
        for option in t["options"]:
            m = check_value(option, value, shapes, at)
            if m is None:
                return None
            if option["kind"] == kind_of(value):
                closest = m
        return closest or _mismatch(t, value, at)
    if kind == "hyperparameter":
        return None if is_hyperparameter_value(value) else _mismatch(t, value, at)
    if kind == "any":
        return None
    return Mismatch(at, f"a field type this reader knows (not {kind!r})", describe_value(value))


def _tensor_of(value: Any, container: str) -> tuple[str | None, tuple[int, ...]] | None:
    if container == "ndarray":
        if not isinstance(value, np.ndarray):
            return None
        return dtype_name(value.dtype), tuple(value.shape)
    if isinstance(value, TypedArray):
        return value.dtype_name, (value.array.shape[0],)
    if isinstance(value, bytes):
        return "uint8", (len(value),)
    return None


def _check_tensor(t: dict[str, Any], value: Any, shapes: ShapeBindings, at: str) -> Mismatch | None:
    expected = describe_type(t)
    found = _tensor_of(value, t["container"])
    if found is None:
        return Mismatch(at, expected, describe_value(value))
    dtype, shape = found
    ok = any(d == dtype or (t["container"] == "typed" and d == "bool" and dtype == "uint8") for d in t["dtypes"])
    if not ok:
        return Mismatch(at, expected, describe_value(value))
    rule = t.get("shape")
    if rule is None:
        return None
    if len(shape) != len(rule):
        return Mismatch(at, expected, describe_value(value))
    for i, actual in enumerate(shape):
        size = shapes.resolve(rule[i], actual)
        if size != actual:
            named = f" ({rule[i]})" if isinstance(rule[i], str) else ""
            shown = int(size) if is_number(size) and float(size).is_integer() else size
            return Mismatch(at, f"{expected}, dimension {i} = {shown}{named}", describe_value(value))
    return None


def _check_list(t: dict[str, Any], value: Any, shapes: ShapeBindings, at: str) -> Mismatch | None:
    if not isinstance(value, list):
        return Mismatch(at, describe_type(t), describe_value(value))
    for i, item in enumerate(value):
        m = check_value(t["items"], item, shapes, f"{at}[{i}]")
        if m:
            return m
    if "maxItems" in t and len(value) > t["maxItems"]:
        return Mismatch(at, f"at most {t['maxItems']} items", describe_value(value))
    if t.get("unique"):
        i = first_repeat(value)
        if i >= 0:
            return Mismatch(f"{at}[{i}]", "distinct items", f"a repeat of {describe_value(value[i])}")
    if t.get("sorted"):
        for i in range(1, len(value)):
            c = _compare(value[i - 1], value[i])
            if c is None or not c < 0:
                return Mismatch(
                    f"{at}[{i}]", "items in ascending order", f"{describe_value(value[i])} after {describe_value(value[i - 1])}"
                )
    return None


def _primitive_kind(v: Any) -> str:
    if isinstance(v, bool):
        return "boolean"
    if is_number(v):
        return "number"
    return type(v).__name__


def _strict_equal(a: Any, b: Any) -> bool:
    """JavaScript ``===`` on primitives (NaN unequal to itself; 1 and true differ)."""
    if isinstance(a, (Step, Obj, list, dict, np.ndarray, TypedArray, bytes)) or isinstance(
        b, (Step, Obj, list, dict, np.ndarray, TypedArray, bytes)
    ):
        return a is b
    if _primitive_kind(a) != _primitive_kind(b):
        return False
    return a == b


def _same_value_zero(a: Any, b: Any) -> bool:
    if is_number(a) and is_number(b) and a != a and b != b:
        return True
    return _strict_equal(a, b)


def _is_compound(v: Any) -> bool:
    return isinstance(v, (Obj, list, dict, np.ndarray, TypedArray, bytes))


def first_repeat(items: list[Any]) -> int:
    """Index of the first item equal to an earlier one, or -1 (steps by identity, objects structurally)."""
    if len(items) < 2:
        return -1
    if len(items) <= 16:
        for i in range(1, len(items)):
            for j in range(i):
                a, b = items[j], items[i]
                same = structural_equal(a, b) if _is_compound(a) else _strict_equal(a, b)
                if same:
                    return i
        return -1
    seen: list[Any] = []
    objects: list[Any] = []
    for i, item in enumerate(items):
        if _is_compound(item):
            if any(structural_equal(o, item) for o in objects):
                return i
            objects.append(item)
        else:
            if any(_same_value_zero(s, item) for s in seen):
                return i
            seen.append(item)
    return -1


def structural_equal(a: Any, b: Any) -> bool:
    """Same kind, same own fields (any order), recursively; numbers by value with NaN equal to itself."""
    if a is b:
        return True
    if is_number(a) and is_number(b):
        return a == b or (a != a and b != b)
    if isinstance(a, Obj) and isinstance(b, Obj):
        return a.class_id == b.class_id and structural_equal(a.fields, b.fields)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(structural_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(structural_equal(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        return (
            a.dtype == b.dtype
            and a.shape == b.shape
            and bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
        )
    if isinstance(a, TypedArray) and isinstance(b, TypedArray):
        return structural_equal(a.array, b.array)
    if isinstance(a, bytes) and isinstance(b, bytes):
        return a == b
    return _strict_equal(a, b)


def _compare(a: Any, b: Any) -> float | None:
    if is_number(a) and is_number(b):
        d = a - b
        return None if d != d else d
    if isinstance(a, str) and isinstance(b, str):
        ua, ub = a.encode("utf-16-be", "surrogatepass"), b.encode("utf-16-be", "surrogatepass")
        return -1 if ua < ub else 1 if ua > ub else 0
    return None


def _check_object(t: dict[str, Any], value: Any) -> bool:
    if isinstance(value, Obj):
        class_id = value.class_id
    elif isinstance(value, Step):
        class_id = value.class_id
    else:
        return False
    role = SCHEMAS.role(class_id)
    if role is None:
        return False
    if "classIds" in t and class_id not in t["classIds"]:
        return False
    if t.get("role") == "saver":
        return role == "saver"
    if t.get("role") == "distribution":
        return role == "distribution"
    return True


def kind_of(value: Any) -> str | None:
    """The field kind a value would match, to pick the most telling mismatch of a ``oneOf``."""
    if value is None:
        return "null"
    if isinstance(value, (np.ndarray, TypedArray, bytes)):
        return "tensor"
    if isinstance(value, list):
        return "list"
    if isinstance(value, Step):
        return "step"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if is_number(value):
        return "number"
    return "map" if isinstance(value, dict) else "object"
