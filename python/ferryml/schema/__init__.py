"""Per-class field schemas (docs/FORMAT.md section 2, "Field schemas"), read from ``field-schemas.json``: the JSON
that ``scripts/generateSchemaDocs.ts`` generates from the TypeScript declarations and ships in both packages. The
checks of :mod:`.check_fields` are driven by it; the rules across fields are matched by their sentences
(:mod:`.rules`)."""

from .registry import SCHEMAS, Schemas

__all__ = ["SCHEMAS", "Schemas"]
