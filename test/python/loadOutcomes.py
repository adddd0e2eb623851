"""Reference side of test/python/sameChecks.test.ts: loads every DIR/*.ferrypack with ferryml (Python) and prints,
per file, how the load ended: {"ok": true}, or the FerryError's code and what it names (file, offset, field,
class id), or {"untyped": ...} for any other exception (which the test counts as a failure).

Usage: PYTHONPATH=python /usr/bin/python3 test/python/loadOutcomes.py DIR
"""

from __future__ import annotations

import json
import os
import sys

import ferryml
from ferryml.errors import FerryError


def outcome(data: bytes) -> dict:
    try:
        ferryml.load_pack_bytes(data, file="fuzz.ferrypack")
    except FerryError as error:
        out: dict = {"code": error.code}
        for attribute in ("file", "offset", "field", "class_id"):
            if hasattr(error, attribute):
                out["classId" if attribute == "class_id" else attribute] = getattr(error, attribute)
        return out
    except Exception as error:  # noqa: BLE001 — the point: any other exception is reported, not raised
        return {"untyped": f"{type(error).__name__}: {error}"}
    return {"ok": True}


if __name__ == "__main__":
    folder = sys.argv[1]
    results = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".ferrypack"):
            with open(os.path.join(folder, name), "rb") as f:
                results[name] = outcome(f.read())
    print(json.dumps(results))
