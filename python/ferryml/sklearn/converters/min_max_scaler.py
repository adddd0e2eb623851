"""sklearn.preprocessing.MinMaxScaler ↔ ferry.MinMaxScaler."""

from __future__ import annotations

import math
from typing import Any

from ...values import Step
from ..support import boolean, copy_array, float64_array, hyperparameter, integer, number, py_number, refuse
from ..support import require_fitted
from .base import Converter


class MinMaxScalerConverter(Converter):
    ferry_class = "ferry.MinMaxScaler"
    sklearn_module = "sklearn.preprocessing"
    sklearn_name = "MinMaxScaler"

    def to_ferry(self, est: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        require_fitted(est, "scale_")
        fr = est.feature_range
        try:
            lo, hi = (number(v, "feature_range") for v in fr)
        except Exception:
            raise refuse(est, "feature_range", "must be two numbers (min, max)") from None
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise refuse(est, "feature_range", "must be finite")
        hp = {"featureRange": [lo, hi], "clip": boolean(est, "clip")}
        own = {
            "dataMin": float64_array(est, "data_min_", (1,)),
            "dataMax": float64_array(est, "data_max_", (1,)),
            "dataRange": float64_array(est, "data_range_", (1,)),
            "scale": float64_array(est, "scale_", (1,)),
            "min": float64_array(est, "min_", (1,)),
            "nFeaturesIn": integer(est.n_features_in_, "MinMaxScaler.n_features_in_"),
            "nSamplesSeen": integer(est.n_samples_seen_, "MinMaxScaler.n_samples_seen_"),
        }
        return hp, own

    def from_ferry(self, step: Step) -> Any:
        f = step.fields
        fr = hyperparameter(step, "featureRange", [0, 1])
        est = self.sklearn_class()(feature_range=tuple(fr), clip=hyperparameter(step, "clip", False))
        est.data_min_ = copy_array(f["dataMin"])
        est.data_max_ = copy_array(f["dataMax"])
        est.data_range_ = copy_array(f["dataRange"])
        est.scale_ = copy_array(f["scale"])
        est.min_ = copy_array(f["min"])
        est.n_features_in_ = py_number(f["nFeaturesIn"])
        est.n_samples_seen_ = py_number(f["nSamplesSeen"])
        return est
