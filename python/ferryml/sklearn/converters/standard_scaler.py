"""sklearn.preprocessing.StandardScaler ↔ ferry.StandardScaler."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...values import Step
from ..support import boolean, copy_array, hyperparameter, integer, number, optional_float64, py_number
from ..support import require_fitted, unsupported
from .base import Converter


class StandardScalerConverter(Converter):
    ferry_class = "ferry.StandardScaler"
    sklearn_module = "sklearn.preprocessing"
    sklearn_name = "StandardScaler"

    def to_ferry(self, est: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        require_fitted(est, "n_samples_seen_")
        hp = {"withMean": boolean(est, "with_mean"), "withStd": boolean(est, "with_std"), "copy": boolean(est, "copy")}
        seen = est.n_samples_seen_
        if np.ndim(seen) != 0:
            raise unsupported(
                "StandardScaler.n_samples_seen_",
                "is per feature (the training data held NaN), which Ferry's StandardScaler does not represent",
            )
        own = {
            "mean": optional_float64(est, "mean_"),
            "var": optional_float64(est, "var_"),
            "scale": optional_float64(est, "scale_"),
            "nFeaturesIn": integer(est.n_features_in_, "StandardScaler.n_features_in_"),
            "nSamplesSeen": number(seen, "StandardScaler.n_samples_seen_"),
        }
        return hp, own

    def from_ferry(self, step: Step) -> Any:
        f = step.fields
        est = self.sklearn_class()(
            with_mean=hyperparameter(step, "withMean", True),
            with_std=hyperparameter(step, "withStd", True),
            copy=hyperparameter(step, "copy", True),
        )
        est.mean_ = copy_array(f["mean"])
        est.var_ = copy_array(f["var"])
        est.scale_ = copy_array(f["scale"])
        est.n_features_in_ = py_number(f["nFeaturesIn"])
        est.n_samples_seen_ = py_number(f["nSamplesSeen"])
        return est
