"""The values of a decoded dump, beside Python's own (None, bool, int, float, str, bytes, list, dict).

JavaScript has one number type; a dump's numbers decode to ``int`` or ``float`` and are written back the way
JavaScript writes a number (an integral value as the smallest msgpack integer, anything else as float 64), so
``1`` and ``1.0`` are the same value here too. Tensors of container 0 are numpy arrays (read-only views when
loaded); the rest has a class of its own below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


class Undefined:
    """JavaScript's ``undefined`` (msgpack ext type 0 with one zero byte): distinct from ``None`` (null)."""

    _instance: "Undefined | None" = None

    def __new__(cls) -> "Undefined":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNDEFINED"


UNDEFINED = Undefined()


@dataclass(frozen=True)
class Int64:
    """A 64-bit integer (msgpack int 64 / uint 64): a JavaScript ``bigint``, not a number."""

    value: int

    def __post_init__(self) -> None:
        if not -(2**63) <= self.value < 2**64:
            raise ValueError(f"{self.value} does not fit in 64 bits")


@dataclass
class TypedArray:
    """A tensor of container 1 (a bare 1-d JavaScript typed array); ``array`` is 1-d."""

    array: np.ndarray

    @property
    def dtype_name(self) -> str:
        """The dtype JavaScript sees: a ``bool`` descriptor decodes to a Uint8Array there, so ``uint8``."""
        from .tensors import dtype_name

        name = dtype_name(self.array.dtype)
        return "uint8" if name == "bool" else name


@dataclass
class Obj:
    """An object record (ext 0x47): an instance of the registered class ``class_id`` with its own fields."""

    class_id: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class Step:
    """One step of a dump: its class id and its own fields (``name``, ``hyperparams``, ``space``, ``savers``,
    ``isFitted`` and the class's own). Child steps appear in the fields as :class:`Step` objects; files of the
    step's folder other than its ``.ferry`` file and its children's folders are in ``extra_files`` (readers ignore
    them; a save writes them back)."""

    class_id: str
    fields: dict[str, Any]
    extra_files: dict[str, bytes] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.fields["name"]

    def hyperparams(self) -> dict[str, Any]:
        """The step's own hyperparameter values (``hyperparams.values``)."""
        return self.fields["hyperparams"].fields["values"]

    def children(self) -> list["Step"]:
        """The child steps referenced by the fields, in document order, each once."""
        out: list[Step] = []
        _collect_steps(self.fields, out, 0)
        return out


def _collect_steps(value: Any, out: list[Step], depth: int) -> None:
    if depth > 64:
        return
    if isinstance(value, Step):
        if all(s is not value for s in out):
            out.append(value)
    elif isinstance(value, Obj):
        _collect_steps(value.fields, out, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _collect_steps(v, out, depth + 1)
    elif isinstance(value, dict):
        for v in value.values():
            _collect_steps(v, out, depth + 1)


def hyperparameter_samples(values: dict[str, Any]) -> Obj:
    """A ``ferry.HyperparameterSamples`` record holding ``values``."""
    return Obj("ferry.HyperparameterSamples", {"values": dict(values)})


def hyperparameter_space(values: dict[str, Any] | None = None) -> Obj:
    """A ``ferry.HyperparameterSpace`` record holding ``values`` (empty by default)."""
    return Obj("ferry.HyperparameterSpace", {"values": dict(values or {})})


def new_step(class_id: str, name: str, hyperparams: dict[str, Any], own: dict[str, Any], is_fitted: bool = True) -> Step:
    """A step with the BaseStep fields in the order Ferry writes them, then ``own`` in its order."""
    fields: dict[str, Any] = {
        "name": name,
        "hyperparams": hyperparameter_samples(hyperparams),
        "space": hyperparameter_space(),
        "savers": [],
        "isFitted": is_fitted,
    }
    fields.update(own)
    return Step(class_id, fields)
