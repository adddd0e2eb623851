"""sklearn.linear_model.LinearRegression ↔ ferry.LinearRegression."""

from __future__ import annotations

from typing import Any

from ...values import Step
from ..support import boolean, copy_array, hyperparameter, integer, py_number, refuse, require_fitted, unsupported
from ..support import float64_array
from .base import Converter
from .linear_common import coef_and_intercept, set_coef_and_intercept


class LinearRegressionConverter(Converter):
    ferry_class = "ferry.LinearRegression"
    sklearn_module = "sklearn.linear_model"
    sklearn_name = "LinearRegression"

    def to_ferry(self, est: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        require_fitted(est, "coef_")
        if est.positive:
            raise refuse(est, "positive", "Ferry's LinearRegression has no non-negativity constraint")
        if not hasattr(est, "rank_") or not hasattr(est, "singular_"):
            raise unsupported(
                "LinearRegression",
                "was fitted on a sparse matrix (no rank_ or singular_: scikit-learn used lsqr, not least squares "
                "by SVD as Ferry does)",
            )
        coef, intercept = coef_and_intercept(est)
        hp = {"fitIntercept": boolean(est, "fit_intercept")}
        own = {
            "coef": coef,
            "intercept": intercept,
            "rank": integer(est.rank_, "LinearRegression.rank_"),
            "nFeaturesIn": integer(est.n_features_in_, "LinearRegression.n_features_in_"),
            "singular": float64_array(est, "singular_", (1,)),
        }
        return hp, own

    def from_ferry(self, step: Step) -> Any:
        f = step.fields
        est = self.sklearn_class()(fit_intercept=hyperparameter(step, "fitIntercept", True))
        set_coef_and_intercept(est, step)
        est.rank_ = py_number(f["rank"])
        if f.get("singular") is not None:
            est.singular_ = copy_array(f["singular"])
        est.n_features_in_ = py_number(f["nFeaturesIn"])
        return est
