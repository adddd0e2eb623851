"""sklearn.decomposition.PCA ↔ ferry.PCA (the full SVD; whitening included)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...values import Step
from ..support import boolean, copy_array, float64_array, hyperparameter, integer, number, py_number, refuse
from ..support import require_fitted
from .base import Converter


class PCAConverter(Converter):
    ferry_class = "ferry.PCA"
    sklearn_module = "sklearn.decomposition"
    sklearn_name = "PCA"

    def to_ferry(self, est: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        require_fitted(est, "components_")
        nc = est.n_components
        if nc is not None and (isinstance(nc, (str, bool)) or not isinstance(nc, (int, float, np.integer, np.floating))):
            raise refuse(est, "n_components", "Ferry's PCA takes None, an integer or a fraction in (0, 1) ('mle' is not implemented)")
        if getattr(est, "_fit_svd_solver", est.svd_solver) != "full":
            raise refuse(
                est,
                "svd_solver",
                "Ferry's PCA computes the full decomposition; the truncated solvers (arpack, randomized, which "
                "'auto' picks for large inputs) give other components: fit with svd_solver='full'",
            )
        hp = {"nComponents": None if nc is None else number(nc, "n_components"), "whiten": boolean(est, "whiten")}
        own = {
            "mean": float64_array(est, "mean_", (1,)),
            "components": float64_array(est, "components_", (2,)),
            "explainedVariance": float64_array(est, "explained_variance_", (1,)),
            "explainedVarianceRatio": float64_array(est, "explained_variance_ratio_", (1,)),
            "singularValues": float64_array(est, "singular_values_", (1,)),
            "noiseVariance": float(est.noise_variance_),
            "nComponentsFitted": integer(est.n_components_, "PCA.n_components_"),
            "nFeaturesIn": integer(est.n_features_in_, "PCA.n_features_in_"),
            "nSamples": integer(est.n_samples_, "PCA.n_samples_"),
        }
        return hp, own

    def from_ferry(self, step: Step) -> Any:
        f = step.fields
        nc = hyperparameter(step, "nComponents", None)
        est = self.sklearn_class()(
            n_components=py_number(nc) if nc is not None else None,
            whiten=hyperparameter(step, "whiten", False),
            svd_solver="full",
        )
        est._fit_svd_solver = "full"
        est.mean_ = copy_array(f["mean"])
        est.components_ = copy_array(f["components"])
        est.explained_variance_ = copy_array(f["explainedVariance"])
        est.explained_variance_ratio_ = copy_array(f["explainedVarianceRatio"])
        est.singular_values_ = copy_array(f["singularValues"])
        est.noise_variance_ = np.float64(f["noiseVariance"])
        est.n_components_ = py_number(f["nComponentsFitted"])
        est.n_features_in_ = py_number(f["nFeaturesIn"])
        est.n_samples_ = py_number(f["nSamples"])
        return est
