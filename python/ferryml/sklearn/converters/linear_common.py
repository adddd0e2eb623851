"""coef/intercept of scikit-learn's linear regressors as Ferry's ``LinearModel`` fields, and back."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...values import Step
from ..support import copy_array, float64_array, unsupported


def coef_and_intercept(est: Any) -> tuple[np.ndarray, np.ndarray]:
    """``coef`` [d] with a 0-d ``intercept``, or [t, d] with [t] (scikit-learn's scalar 0.0 intercept of a
    multi-target fit without intercept becomes t zeros, which predict the same)."""
    coef = float64_array(est, "coef_", (1, 2))
    raw = np.asarray(est.intercept_)
    if raw.dtype != np.float64 and raw.ndim != 0:
        raise unsupported(f"{type(est).__name__}.intercept_", f"is {raw.dtype}; Ferry holds float64 parameters")
    if coef.ndim == 1:
        if raw.ndim != 0:
            raise unsupported(f"{type(est).__name__}.intercept_", "has a shape that does not match coef_")
        return coef, np.array(float(raw), dtype=np.float64)
    if raw.ndim == 0:
        if float(raw) != 0.0:
            raise unsupported(f"{type(est).__name__}.intercept_", "is one number for several targets")
        return coef, np.zeros(coef.shape[0], dtype=np.float64)
    intercept = float64_array(est, "intercept_", (1,))
    if intercept.shape[0] != coef.shape[0]:
        raise unsupported(f"{type(est).__name__}.intercept_", "has a shape that does not match coef_")
    return coef, intercept


def set_coef_and_intercept(est: Any, step: Step) -> None:
    est.coef_ = copy_array(step.fields["coef"])
    intercept = step.fields["intercept"]
    est.intercept_ = np.float64(intercept[()]) if intercept.ndim == 0 else copy_array(intercept)
