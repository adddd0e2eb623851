"""Reference side of test/python/sameBytes.test.ts: reads tagged values (JSON, one per line: numbers as
{"$f": hex of the float64}, 64-bit integers as {"$i": decimal}), encodes each with ferryml's msgpack encoder and
prints the hex of the bytes, one line each.

Usage: PYTHONPATH=python /usr/bin/python3 test/python/encodeValues.py < values.jsonl
"""

from __future__ import annotations

import json
import struct
import sys

from ferryml.msgpack_encode import encode
from ferryml.values import Int64


def untag(v):
    if isinstance(v, dict):
        if set(v) == {"$f"}:
            return struct.unpack(">d", bytes.fromhex(v["$f"]))[0]
        if set(v) == {"$i"}:
            return Int64(int(v["$i"]))
        return {k: untag(x) for k, x in v.items()}
    if isinstance(v, list):
        return [untag(x) for x in v]
    return v


for line in sys.stdin:
    print(encode(untag(json.loads(line))).hex())
