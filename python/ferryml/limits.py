"""Bounds applied while loading a dump, checked before anything is allocated (the TypeScript ``DecodeLimits``)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class DecodeLimits:
    """Per-load bounds; the defaults are the TypeScript reader's (docs/FORMAT.md section 2)."""

    max_file_bytes: int = 4 * 1024**3
    max_total_bytes: int = 8 * 1024**3
    max_files: int = 10_000
    max_header_bytes: int = 64 * 1024**2
    max_depth: int = 64
    max_string_bytes: int = 16 * 1024**2
    max_bin_bytes: int = 1024**2
    max_array_length: int = 10_000_000
    max_map_size: int = 1_000_000
    max_tensor_elements: int = 2**32
    header_bytes_per_container: int = 8

    def with_overrides(self, **overrides: int) -> "DecodeLimits":
        """These limits with some replaced; an unknown name is a TypeError."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown decode limits: {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        return replace(self, **overrides)


DEFAULT_LIMITS = DecodeLimits()


def container_budget(byte_length: int, limits: DecodeLimits) -> int:
    """Arrays, maps and extension values a header of ``byte_length`` bytes may hold: 1024 + one per N bytes."""
    return 1024 + byte_length // max(1, limits.header_bytes_per_container)
