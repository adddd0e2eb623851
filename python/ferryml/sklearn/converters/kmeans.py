"""sklearn.cluster.KMeans ↔ ferry.KMeans (Lloyd's algorithm)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...values import Step
from ..support import copy_array, finite_number, float64_array, hyperparameter, integer, py_number, refuse
from ..support import require_fitted, unsupported
from .base import Converter


class KMeansConverter(Converter):
    ferry_class = "ferry.KMeans"
    sklearn_module = "sklearn.cluster"
    sklearn_name = "KMeans"

    def to_ferry(self, est: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        require_fitted(est, "cluster_centers_")
        if getattr(est, "_algorithm", est.algorithm) not in ("lloyd",):
            raise refuse(est, "algorithm", "Ferry's KMeans implements algorithm='lloyd'")
        init = est.init
        if isinstance(init, str):
            if init not in ("k-means++", "random"):
                raise refuse(est, "init", "must be 'k-means++', 'random' or an array of centers")
            ferry_init: Any = init
        elif callable(init):
            raise refuse(est, "init", "a callable init is not implemented in Ferry")
        else:
            centers = np.asarray(init, dtype=np.float64)
            if centers.ndim != 2 or not np.all(np.isfinite(centers)):
                raise refuse(est, "init", "explicit centers must be a finite (n_clusters, n_features) array")
            ferry_init = [float(v) for v in centers.reshape(-1)]
        n_init = est.n_init
        if n_init == "warn":
            n_init = est._n_init  # what scikit-learn 1.2 ran (10, or 1 with explicit centers)
        if n_init != "auto":
            if isinstance(n_init, (bool, np.bool_)) or not isinstance(n_init, (int, np.integer)) or n_init < 1:
                raise refuse(est, "n_init", "must be 'auto' or an integer >= 1")
            n_init = int(n_init)
        hp: dict[str, Any] = {
            "nClusters": integer(est.n_clusters, "KMeans.n_clusters"),
            "init": ferry_init,
            "nInit": n_init,
            "maxIter": integer(est.max_iter, "KMeans.max_iter"),
            "tol": finite_number(est, "tol"),
        }
        seed = est.random_state
        if isinstance(seed, (int, np.integer)) and not isinstance(seed, (bool, np.bool_)):
            hp["seed"] = int(seed)  # Ferry's generator is not numpy's: a refit draws other seeds
        labels = getattr(est, "labels_", None)
        if labels is not None:
            labels = np.asarray(labels)
            if labels.dtype != np.int32:
                raise unsupported("KMeans.labels_", f"is {labels.dtype}; Ferry's labels are int32")
            labels = np.ascontiguousarray(labels).copy()
        own = {
            "clusterCenters": float64_array(est, "cluster_centers_", (2,)),
            "labels": labels,
            "inertia": float(est.inertia_),
            "nIter": integer(est.n_iter_, "KMeans.n_iter_"),
            "nFeaturesIn": integer(est.n_features_in_, "KMeans.n_features_in_"),
        }
        return hp, own

    def from_ferry(self, step: Step) -> Any:
        from sklearn.utils._openmp_helpers import _openmp_effective_n_threads

        f = step.fields
        centers = f["clusterCenters"]
        init = hyperparameter(step, "init", "k-means++")
        if isinstance(init, list):
            init = np.array(init, dtype=np.float64).reshape(centers.shape[0], -1)
        n_init = hyperparameter(step, "nInit", 10)
        seed = hyperparameter(step, "seed", None)
        est = self.sklearn_class()(
            n_clusters=py_number(hyperparameter(step, "nClusters", 8)),
            init=init,
            n_init=n_init if n_init == "auto" else py_number(n_init),
            max_iter=py_number(hyperparameter(step, "maxIter", 300)),
            tol=hyperparameter(step, "tol", 1e-4),
            random_state=None if seed is None else py_number(seed),
            algorithm="lloyd",
        )
        est.cluster_centers_ = copy_array(centers)
        if f["labels"] is not None:
            est.labels_ = copy_array(f["labels"])
        est.inertia_ = float(f["inertia"])
        est.n_iter_ = py_number(f["nIter"])
        est.n_features_in_ = py_number(f["nFeaturesIn"])
        est._n_threads = _openmp_effective_n_threads()
        if isinstance(init, np.ndarray):
            est._n_init = 1
        elif n_init == "auto":
            est._n_init = 1 if init == "k-means++" else 10
        else:
            est._n_init = py_number(n_init)
        est._algorithm = "lloyd"
        est._n_features_out = centers.shape[0]
        return est
