"""Tensor dtypes of the format (docs/FORMAT.md section 3) and their numpy counterparts (little-endian)."""

from __future__ import annotations

import numpy as np

#: Format dtype name → numpy dtype (little-endian, C order).
DTYPES: dict[str, np.dtype] = {
    "float32": np.dtype("<f4"),
    "float64": np.dtype("<f8"),
    "int8": np.dtype("i1"),
    "int16": np.dtype("<i2"),
    "int32": np.dtype("<i4"),
    "uint8": np.dtype("u1"),
    "uint16": np.dtype("<u2"),
    "uint32": np.dtype("<u4"),
    "int64": np.dtype("<i8"),
    "uint64": np.dtype("<u8"),
    "bool": np.dtype("?"),
}

_BY_KIND = {(d.kind, d.itemsize): name for name, d in DTYPES.items()}


def dtype_name(dtype: np.dtype) -> str | None:
    """The format's name of a numpy dtype, or None when the format has none (complex, strings, float16...)."""
    return _BY_KIND.get((dtype.kind, dtype.itemsize))


def little_endian_bytes(array: np.ndarray) -> bytes:
    """The array's elements in row-major order, little-endian, without padding: a tensor payload."""
    name = dtype_name(array.dtype)
    if name is None:
        raise TypeError(f"dtype {array.dtype} has no Ferry tensor dtype")
    return np.ascontiguousarray(array, dtype=DTYPES[name]).tobytes(order="C")
