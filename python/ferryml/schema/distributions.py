"""What the hyperparameter distributions' constructors accept (``src/hyperparams/distributions``): the rule
"The fields are values the class's constructor accepts" of their schemas. Each check raises ValueError with the
TypeScript constructor's message."""

from __future__ import annotations

import math
from typing import Any, Callable

from .check_value import is_hyperparameter_value, is_number, is_safe_integer

INV_SQRT_PI = 1 / math.sqrt(math.pi)
PROBA_TOLERANCE = 1e-6


def _invalid(owner: str, arg: str, detail: str) -> ValueError:
    return ValueError(f"{owner}: argument {arg} {detail}")


def _require_finite(owner: str, arg: str, v: Any) -> None:
    if not is_number(v) or not math.isfinite(v):
        raise _invalid(owner, arg, f"must be a finite number, got {v!r}")


def _erfc(x: float) -> float:
    """Ferry's erfc (``src/hyperparams/math.ts``): series below 2.5, continued fraction above."""
    if x != x:
        return math.nan
    if x < 0:
        return 2 - _erfc(-x)
    if x < 2.5:
        term = x
        total = x
        x2 = 2 * x * x
        for n in range(1, 300):
            term *= x2 / (2 * n + 1)
            total += term
            if term <= total * 1e-17:
                break
        return 1 - 2 * INV_SQRT_PI * math.exp(-x * x) * total
    if x > 27:
        return 0.0
    f = x
    for n in range(60, 0, -1):
        f = x + n / 2 / f
    return (math.exp(-x * x) * INV_SQRT_PI) / f


def _norm_cdf(z: float) -> float:
    return 0.5 * _erfc(-z / math.sqrt(2))


def _norm_sf(z: float) -> float:
    return 0.5 * _erfc(z / math.sqrt(2))


def _norm_mass(a: float, b: float) -> float:
    return _norm_sf(a) - _norm_sf(b) if a > 0 else _norm_cdf(b) - _norm_cdf(a)


def _read_clip(owner: str, f: dict[str, Any], lowest: float) -> tuple[Any, Any]:
    lo = f.get("hardClipMin")
    hi = f.get("hardClipMax")
    for name, v in (("hardClipMin", lo), ("hardClipMax", hi)):
        if v is not None and (not is_number(v) or not math.isfinite(v)):
            raise _invalid(owner, name, f"must be a finite number or null, got {v!r}")
        if v is not None and v < lowest:
            raise _invalid(owner, name, f"must be >= {lowest}, got {v}")
    if lo is not None and hi is not None and not lo < hi:
        raise _invalid(owner, "hardClipMin", f"must be < hardClipMax ({lo} >= {hi})")
    return lo, hi


def _uniform(f: dict[str, Any]) -> None:
    _require_finite("Uniform", "low", f["low"])
    _require_finite("Uniform", "high", f["high"])
    if not f["low"] < f["high"]:
        raise _invalid("Uniform", "low", f"must be < high ({f['low']} >= {f['high']})")


def _log_uniform(f: dict[str, Any]) -> None:
    lo, hi = f["minIncluded"], f["maxIncluded"]
    _require_finite("LogUniform", "minIncluded", lo)
    _require_finite("LogUniform", "maxIncluded", hi)
    if not lo > 0:
        raise _invalid("LogUniform", "minIncluded", f"must be > 0, got {lo}")
    if not lo < hi:
        raise _invalid("LogUniform", "minIncluded", f"must be < maxIncluded ({lo} >= {hi})")


def _normal(f: dict[str, Any]) -> None:
    loc, scale = f["loc"], f["scale"]
    _require_finite("Normal", "mean", loc)
    _require_finite("Normal", "std", scale)
    if not scale > 0:
        raise _invalid("Normal", "std", f"must be > 0, got {scale}")
    lo, hi = _read_clip("Normal", f, -math.inf)
    a = -math.inf if lo is None else (lo - loc) / scale
    b = math.inf if hi is None else (hi - loc) / scale
    if not _norm_mass(a, b) > 0:
        raise _invalid("Normal", "hardClipMin", "the clip range has no probability mass")


def _log_normal(f: dict[str, Any]) -> None:
    mean, std = f["logSpaceMean"], f["logSpaceStd"]
    _require_finite("LogNormal", "logSpaceMean", mean)
    _require_finite("LogNormal", "logSpaceStd", std)
    if not std > 0:
        raise _invalid("LogNormal", "logSpaceStd", f"must be > 0, got {std}")
    lo, hi = _read_clip("LogNormal", f, 0)
    if hi == 0:
        raise _invalid("LogNormal", "hardClipMax", "must be > 0")

    def to_z(x: float) -> float:
        log2 = -math.inf if x == 0 else math.log2(x)
        return (log2 - mean) / std

    a = -math.inf if lo is None else to_z(lo)
    b = math.inf if hi is None else to_z(hi)
    if not _norm_mass(a, b) > 0:
        raise _invalid("LogNormal", "hardClipMin", "the clip range has no probability mass")


def _rand_int(f: dict[str, Any]) -> None:
    lo, hi = f["minIncluded"], f["maxIncluded"]
    for name, v in (("minIncluded", lo), ("maxIncluded", hi)):
        if not is_safe_integer(v):
            raise _invalid("RandInt", name, f"must be a safe integer, got {v}")
    if lo > hi:
        raise _invalid("RandInt", "minIncluded", f"must be <= maxIncluded ({lo} > {hi})")
    if hi - lo + 1 > 2**32:
        raise _invalid("RandInt", "maxIncluded", "range exceeds 2^32")


def _boolean(f: dict[str, Any]) -> None:
    p = f["probaIsTrue"]
    if not is_number(p) or not (0 <= p <= 1):
        raise _invalid("Boolean", "probaIsTrue", f"must be in [0, 1], got {p!r}")


def _check_choices(owner: str, choices: Any, probas: Any) -> list[float]:
    if not isinstance(choices, list) or len(choices) == 0:
        raise _invalid(owner, "choices", "must be a non-empty array")
    for i, c in enumerate(choices):
        if not is_hyperparameter_value(c):
            raise _invalid(owner, "choices", f"choice {i} is not a plain hyperparameter value")
    if probas is None:
        return [1 / len(choices)] * len(choices)
    if not isinstance(probas, list) or len(probas) != len(choices):
        raise _invalid(owner, "probas", f"must have one probability per choice ({len(choices)})")
    if any(not is_number(p) or not math.isfinite(p) or p < 0 for p in probas):
        raise _invalid(owner, "probas", "must be finite numbers >= 0")
    total = 0.0
    for p in probas:
        total += p
    if abs(total - 1) > PROBA_TOLERANCE:
        raise _invalid(owner, "probas", f"must sum to 1, got {total}")
    return [p / total for p in probas]


def _choice(f: dict[str, Any]) -> None:
    _check_choices("Choice", f["choices"], f["probas"])


def _priority_choice(f: dict[str, Any]) -> None:
    probas = _check_choices("PriorityChoice", f["choices"], f["probas"])
    for i in range(1, len(probas)):
        if probas[i] > probas[i - 1] + 1e-12:
            raise _invalid("PriorityChoice", "probas", "must be non-increasing (choices are sorted by priority)")


def _quantized(f: dict[str, Any]) -> None:
    from ..values import Obj
    from .registry import SCHEMAS

    d = f["distribution"]
    if not isinstance(d, Obj) or SCHEMAS.role(d.class_id) != "distribution":
        raise _invalid("Quantized", "distribution", "must be a numeric Distribution")


def _fixed(f: dict[str, Any]) -> None:
    if not is_hyperparameter_value(f["value"]):
        raise _invalid("FixedHyperparameter", "value", "must be a number, string, boolean, null or array of those")


#: Class id → the constructor's checks on the saved fields.
CONSTRUCTOR_CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "ferry.Uniform": _uniform,
    "ferry.LogUniform": _log_uniform,
    "ferry.Normal": _normal,
    "ferry.LogNormal": _log_normal,
    "ferry.RandInt": _rand_int,
    "ferry.Boolean": _boolean,
    "ferry.Choice": _choice,
    "ferry.PriorityChoice": _priority_choice,
    "ferry.Quantized": _quantized,
    "ferry.FixedHyperparameter": _fixed,
}
