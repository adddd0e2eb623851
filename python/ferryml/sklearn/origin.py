"""Where a rebuilt estimator came from. ``ferryml.sklearn.load`` remembers the step each estimator was built from;
while the estimator is unchanged (same parameters, same fitted state, compared exactly), an export writes that step
back as it was, so a model trained in JavaScript goes through Python and back bit-identical — including what
scikit-learn has no attribute for (Ferry's hyperparameter space, ``converged``, Ridge's ``rank``, solver
``'auto'``). Once the estimator is refitted or changed, the export describes it afresh."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..values import Step

ATTRIBUTE = "_ferry_origin"


def remember(est: Any, step: Step) -> None:
    setattr(est, ATTRIBUTE, step)


def origin_of(est: Any) -> Step | None:
    return getattr(est, ATTRIBUTE, None)


def same_state(a: Any, b: Any) -> bool:
    """Same class, same parameters and same fitted attributes, bit for bit (``_ferry_origin`` aside)."""
    if type(a) is not type(b):
        return False
    va = {k: v for k, v in vars(a).items() if k != ATTRIBUTE}
    vb = {k: v for k, v in vars(b).items() if k != ATTRIBUTE}
    return _equal(va, vb)


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if a.dtype.kind == "O":
            return all(_equal(x, y) for x, y in zip(a.reshape(-1), b.reshape(-1)))
        return np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes()
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, (float, np.floating)):
        return np.float64(a).tobytes() == np.float64(b).tobytes()
    if hasattr(a, "get_params") and hasattr(b, "get_params"):
        return same_state(a, b)
    try:
        return bool(a == b)
    except Exception:
        return a is b
