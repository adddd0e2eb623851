"""Checks the decoded fields of one step or object against its class's schema, in the order of docs/FORMAT.md
section 2 step 7 (the TypeScript ``checkFields``); the first violation is an :class:`InvalidDumpFieldError`."""

from __future__ import annotations

from typing import Any

from ..errors import InvalidDumpFieldError
from ..values import Obj
from .check_value import ShapeBindings, check_value
from .describe import describe_value
from .registry import SCHEMAS
from .rules import rule_check

MSGPACK_SAVER_ID = "ferry.MsgpackStepSaver"
ANY_HYPERPARAMETER = {"kind": "hyperparameter"}
#: Names on every JavaScript object's prototype chain: a field of that name would hide them.
HIDDEN_NAMES = frozenset(
    [
        "constructor",
        "__proto__",
        "prototype",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toString",
        "valueOf",
        "toLocaleString",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
    ]
)


def check_fields(class_id: str, is_step: bool, fields: dict[str, Any], file: str, step_path: str) -> None:
    """Checks ``fields`` of an object of ``class_id`` (a step when ``is_step``); raises InvalidDumpFieldError naming
    ``file``, ``step_path`` (plus the class id of a nested object), the field, what was expected and found."""
    where = step_path if is_step else f"{step_path}, object {class_id}"

    def fail(field: str, expected: str, found: str) -> None:
        raise InvalidDumpFieldError(file, where, field, expected, found)

    schema = SCHEMAS.lookup(class_id, file)
    has_schema = not schema.get("schemaless")
    specs: dict[str, Any] = {**SCHEMAS.base_step_fields, **schema["fields"]} if is_step else schema["fields"]
    for key in fields:
        if key in HIDDEN_NAMES:
            fail(key, f"a data field of {class_id}", "a name that would hide a method or accessor of the class")
        if has_schema and key not in specs:
            fail(key, f"one of the fields of {class_id} ({', '.join(specs)})", "an unknown field")
    shapes = ShapeBindings(fields)
    for key, spec in specs.items():
        if key not in fields:
            if spec["required"]:
                fail(key, "a required field", "nothing (the field is missing)")
            continue
        m = check_value(spec["type"], fields[key], shapes)
        if m:
            fail(f"{key}{m.at}", m.expected, m.found)
    for sentence in schema.get("rules", []):
        v = rule_check(class_id, sentence)(fields)
        if v:
            fail(v.field, v.expected, v.found)
    if is_step:
        _check_step_parts(class_id, schema, fields, fail)


def _check_step_parts(class_id: str, schema: dict[str, Any], fields: dict[str, Any], fail: Any) -> None:
    for i, saver in enumerate(fields["savers"]):
        if isinstance(saver, Obj) and saver.class_id == MSGPACK_SAVER_ID:
            fail(f"savers[{i}]", "no msgpack saver (it is implicit and runs first on load)", describe_value(saver))
    declared = schema.get("hyperparameters")
    values = fields["hyperparams"].fields["values"]
    space = fields["space"].fields["values"]
    shapes = ShapeBindings(values)
    for name, value in values.items():
        t = (declared.get(name) if declared is not None else ANY_HYPERPARAMETER)
        if t is None:
            fail(
                f"hyperparams.values.{name}",
                f"a hyperparameter of {class_id} ({', '.join(declared) or 'none'})",
                "an unknown name",
            )
        m = check_value(t, value, shapes)
        if m:
            fail(f"hyperparams.values.{name}{m.at}", m.expected, m.found)
    if declared is None:
        return
    for name in space:
        if name not in declared:
            fail(
                f"space.values.{name}",
                f"a hyperparameter of {class_id} ({', '.join(declared) or 'none'})",
                "an unknown name",
            )
