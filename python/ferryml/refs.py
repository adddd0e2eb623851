"""What a header holds before it is resolved: tensor descriptors, object records and step references."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TensorRef:
    """A tensor descriptor (ext 0x46): its bytes are ``payload[offset:offset + byte_length]``."""

    dtype: str
    shape: tuple[int, ...]
    offset: int
    byte_length: int
    container: int  # 0: NDArray (numpy array), 1: bare typed array
    checksum: int  # xxHash64 of the bytes


@dataclass
class ObjectRef:
    """An object record (ext 0x47) as decoded: class id and raw fields."""

    class_id: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class StepRef:
    """A reference (ext 0x48) to the child step saved in the sub-folder ``name``."""

    name: str
