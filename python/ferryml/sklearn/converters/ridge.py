"""sklearn.linear_model.Ridge ↔ ferry.Ridge."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...values import Step
from ..support import boolean, finite_number, hyperparameter, integer, py_number, refuse, require_fitted
from .base import Converter
from .linear_common import coef_and_intercept, set_coef_and_intercept

SOLVERS = ("auto", "cholesky", "svd")


class RidgeConverter(Converter):
    ferry_class = "ferry.Ridge"
    sklearn_module = "sklearn.linear_model"
    sklearn_name = "Ridge"

    def to_ferry(self, est: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        require_fitted(est, "coef_")
        if np.ndim(est.alpha) != 0:
            raise refuse(est, "alpha", "one alpha per target is not implemented in Ferry's Ridge")
        alpha = finite_number(est, "alpha")
        if alpha < 0:
            raise refuse(est, "alpha", "must be >= 0")
        if est.solver not in SOLVERS:
            raise refuse(
                est,
                "solver",
                f"Ferry's Ridge implements {', '.join(SOLVERS)} (Cholesky with an SVD fallback, or SVD); "
                "scikit-learn's iterative solvers are not implemented",
            )
        if est.positive:
            raise refuse(est, "positive", "Ferry's Ridge has no non-negativity constraint")
        if getattr(est, "n_iter_", None) is not None:
            raise refuse(
                est,
                "solver",
                "scikit-learn ran an iterative solver for this fit (n_iter_ is set: sparse input?), "
                "which Ferry does not implement",
            )
        coef, intercept = coef_and_intercept(est)
        hp = {"alpha": alpha, "fitIntercept": boolean(est, "fit_intercept"), "solver": est.solver}
        d = integer(est.n_features_in_, "Ridge.n_features_in_")
        # scikit-learn keeps no rank; d is what Ferry's Cholesky solve records (ferry.Ridge's `rank`).
        own = {"coef": coef, "intercept": intercept, "rank": d, "nFeaturesIn": d}
        return hp, own

    def from_ferry(self, step: Step) -> Any:
        est = self.sklearn_class()(
            alpha=hyperparameter(step, "alpha", 1),
            fit_intercept=hyperparameter(step, "fitIntercept", True),
            solver=hyperparameter(step, "solver", "auto"),
        )
        set_coef_and_intercept(est, step)
        est.n_features_in_ = py_number(step.fields["nFeaturesIn"])
        est.n_iter_ = None
        return est
