"""The classes this reader knows and their schemas, from the shipped ``field-schemas.json``."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..errors import UnknownClassError


class Schemas:
    """The registry: every class id of the JSON with its kind (``step``/``object``), role and field schema."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.base_step_fields: dict[str, Any] = data["baseStepFields"]
        self.by_id: dict[str, dict[str, Any]] = {c["classId"]: c for c in data["classes"]}

    @classmethod
    def shipped(cls) -> "Schemas":
        """The schemas shipped with the package (``ferryml/field-schemas.json``)."""
        text = resources.files("ferryml").joinpath("field-schemas.json").read_text(encoding="utf-8")
        return cls(json.loads(text))

    def register(self, class_id: str, role: str) -> None:
        """Adds a class of your own (the TypeScript ``registerStep``/``registerSaver``/``registerClass``) so that dumps
        holding it load. It has no schema: a step gets only the BaseStep checks, an object none (docs/FORMAT.md).
        ``role`` is ``step``, ``saver``, ``distribution`` or ``object``; a built-in id cannot be replaced."""
        if role not in ("step", "saver", "distribution", "object"):
            raise ValueError(f"role must be step, saver, distribution or object; got {role!r}")
        if not isinstance(class_id, str) or class_id == "":
            raise ValueError("a class id is a non-empty string")
        known = self.by_id.get(class_id)
        if known is not None:
            if known.get("schemaless") and known["role"] == role:
                return
            raise ValueError(f"class id {class_id!r} is already registered")
        kind = "step" if role == "step" else "object"
        self.by_id[class_id] = {"classId": class_id, "kind": kind, "role": role, "fields": {}, "rules": [],
                                "schemaless": True}

    def class_ids(self) -> list[str]:
        """Every known class id, sorted (what an :class:`UnknownClassError` lists)."""
        return sorted(self.by_id)

    def lookup(self, class_id: str, file: str | None = None) -> dict[str, Any]:
        """The class's schema; an :class:`UnknownClassError` listing the known ids when there is none."""
        schema = self.by_id.get(class_id)
        if schema is None:
            raise UnknownClassError(class_id, self.class_ids(), file)
        return schema

    def role(self, class_id: str) -> str | None:
        schema = self.by_id.get(class_id)
        return schema["role"] if schema else None

    def is_step(self, class_id: str) -> bool:
        return self.role(class_id) == "step"


SCHEMAS = Schemas.shipped()
