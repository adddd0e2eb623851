"""Values and field types in words, for error messages (the TypeScript ``describeValue`` and ``describeType``)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from ..tensors import dtype_name
from ..values import UNDEFINED, Int64, Obj, Step, TypedArray


def _js_number(v: float | int) -> str:
    if isinstance(v, float):
        if v != v:
            return "NaN"
        if v in (float("inf"), float("-inf")):
            return "Infinity" if v > 0 else "-Infinity"
        if v.is_integer() and abs(v) < 1e21:
            return str(int(v))
    return repr(v)


def describe_value(value: Any) -> str:
    """``a float32 tensor [3, 4]``, ``the string "x"``, ``step "scaler"``..."""
    if value is UNDEFINED:
        return "nothing (the field is missing)"
    if value is None:
        return "null"
    if isinstance(value, np.ndarray):
        return f"a {dtype_name(value.dtype)} tensor [{', '.join(str(d) for d in value.shape)}]"
    if isinstance(value, TypedArray):
        return f"a {value.dtype_name} typed array of {value.array.shape[0]}"
    if isinstance(value, Step):
        return f'step "{value.fields.get("name")}"'
    if isinstance(value, str):
        return f"the string {json.dumps(value[:40] + '…' if len(value) > 40 else value, ensure_ascii=False)}"
    if isinstance(value, bool):
        return f"boolean {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"number {_js_number(value)}"
    if isinstance(value, Int64):
        return f"bigint {value.value}"
    if isinstance(value, bytes):
        return f"a uint8 typed array of {len(value)}"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return f"a map of {len(value)} entries"
    if isinstance(value, Obj):
        return f'an object of class "{value.class_id}"'
    return "an object"


def describe_type(t: dict[str, Any]) -> str:
    """A field type of the JSON in words."""
    kind = t["kind"]
    if kind == "tensor":
        shape = f" [{', '.join(str(d) for d in t['shape'])}]" if "shape" in t else ""
        what = "typed array" if t["container"] == "typed" else "tensor"
        return f"{' or '.join(t['dtypes'])} {what}{shape}"
    if kind == "number":
        return f"{'finite ' if t.get('finite') else ''}number" + (f" ≥ {_js_number(t['min'])}" if "min" in t else "")
    if kind == "integer":
        return "integer" + (f" ≥ {_js_number(t['min'])}" if "min" in t else "")
    if kind == "boolean":
        return "boolean"
    if kind == "string":
        if "values" in t:
            return "one of " + ", ".join(json.dumps(v) for v in t["values"])
        return f"{'non-empty ' if t.get('nonEmpty') else ''}string"
    if kind == "null":
        return "null"
    if kind == "list":
        rules = [
            "distinct" if t.get("unique") else "",
            "ascending" if t.get("sorted") else "",
            f"at most {t['maxItems']}" if "maxItems" in t else "",
        ]
        rules_text = ", ".join(r for r in rules if r)
        return f"list of {describe_type(t['items'])}" + (f" ({rules_text})" if rules_text else "")
    if kind == "map":
        return f"map of {describe_type(t['values'])}"
    if kind == "step":
        return "step reference"
    if kind == "object":
        if "classIds" in t:
            return "object " + " or ".join(f"`{c}`" for c in t["classIds"])
        return f"registered {t.get('role', 'object')}"
    if kind == "oneOf":
        return " or ".join(describe_type(o) for o in t["options"])
    if kind == "hyperparameter":
        return "hyperparameter value (number, string, boolean, null, or a list of those)"
    if kind == "any":
        return "any value"
    return kind
