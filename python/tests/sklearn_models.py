"""The fitted scikit-learn models the tests export: every covered estimator and Pipeline, on datasets bundled with
scikit-learn (iris, wine, breast_cancer, diabetes, linnerud). Also used by test/python/ (the cross-runtime test)."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_linnerud, load_wine
from sklearn.decomposition import PCA
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler


def _scaled(est: Any) -> Pipeline:
    return Pipeline([("scaler", StandardScaler()), ("model", est)])


def _string_labels(y: np.ndarray) -> np.ndarray:
    return np.array(["setosa", "versicolor", "virginica"])[y]


#: name → (dataset loader, target transform, estimator factory). Every entry is fitted by :func:`fitted_models`.
MODELS: dict[str, tuple[Callable[..., Any], Callable[[np.ndarray], Any] | None, Callable[[], Any]]] = {
    "standard_scaler_wine": (load_wine, None, lambda: StandardScaler()),
    "standard_scaler_no_mean": (load_diabetes, None, lambda: StandardScaler(with_mean=False)),
    "min_max_scaler_breast_cancer": (load_breast_cancer, None, lambda: MinMaxScaler(feature_range=(-1, 2))),
    "min_max_scaler_clip": (load_iris, None, lambda: MinMaxScaler(clip=True)),
    "linear_regression_diabetes": (load_diabetes, lambda y: y, lambda: LinearRegression()),
    "linear_regression_linnerud_multi": (load_linnerud, lambda y: y, lambda: LinearRegression(fit_intercept=False)),
    "ridge_diabetes": (load_diabetes, lambda y: y, lambda: Ridge(alpha=0.5)),
    "ridge_linnerud_svd": (load_linnerud, lambda y: y, lambda: Ridge(alpha=2.0, solver="svd")),
    "logreg_binary_breast_cancer": (load_breast_cancer, lambda y: y, lambda: _scaled(LogisticRegression())),
    "logreg_multinomial_wine": (load_wine, lambda y: y, lambda: _scaled(LogisticRegression(C=0.5))),
    "logreg_ovr_liblinear_iris": (load_iris, lambda y: y, lambda: _scaled(LogisticRegression(solver="liblinear"))),
    "logreg_string_labels_iris": (load_iris, _string_labels, lambda: _scaled(LogisticRegression(max_iter=500))),
    "logreg_ovr_lbfgs_wine": (
        load_wine, lambda y: y, lambda: _scaled(LogisticRegression(multi_class="ovr", class_weight={0: 2.0, 2: 0.5})),
    ),
    "logreg_l1_liblinear_wine": (
        load_wine, lambda y: y + 10, lambda: _scaled(LogisticRegression(penalty="l1", solver="liblinear", C=0.3)),
    ),
    "logreg_class_weight_breast_cancer": (
        load_breast_cancer, lambda y: y, lambda: _scaled(LogisticRegression(class_weight="balanced")),
    ),
    "pca_iris": (load_iris, None, lambda: PCA(n_components=2)),
    "pca_whiten_wine": (load_wine, None, lambda: PCA(n_components=5, whiten=True)),
    "pca_fraction_breast_cancer": (load_breast_cancer, None, lambda: PCA(n_components=0.9, svd_solver="full")),
    "kmeans_iris": (load_iris, None, lambda: KMeans(n_clusters=3, n_init=10, random_state=0)),
    "kmeans_wine_random_init": (load_wine, None, lambda: KMeans(n_clusters=4, init="random", n_init=5, random_state=1)),
    "pipeline_scaler_pca_logreg_wine": (
        load_wine,
        lambda y: y,
        lambda: Pipeline([("scaler", StandardScaler()), ("pca", PCA(n_components=4)), ("lr", LogisticRegression())]),
    ),
    "pipeline_minmax_ridge_diabetes": (
        load_diabetes, lambda y: y, lambda: Pipeline([("minmax", MinMaxScaler()), ("ridge", Ridge(alpha=0.1))]),
    ),
    "pipeline_scaler_kmeans_breast_cancer": (
        load_breast_cancer,
        None,
        lambda: Pipeline([("scaler", StandardScaler()), ("kmeans", KMeans(n_clusters=2, n_init=4, random_state=3))]),
    ),
}


def fitted_models() -> dict[str, tuple[Any, np.ndarray]]:
    """name → (fitted estimator, the rows to predict: the training inputs)."""
    out: dict[str, tuple[Any, np.ndarray]] = {}
    for name, (loader, target, factory) in MODELS.items():
        X, y = loader(return_X_y=True)
        est = factory()
        if target is None:
            est.fit(X)
        else:
            est.fit(X, target(y))
        out[name] = (est, X)
    return out


def outputs(est: Any, X: np.ndarray) -> dict[str, np.ndarray]:
    """What scikit-learn computes for X: predict, predict_proba, decision_function, transform (each the model has;
    a Pipeline's transform only when its last step transforms)."""
    out: dict[str, np.ndarray] = {}
    last = est.steps[-1][1] if isinstance(est, Pipeline) else est
    if hasattr(last, "predict"):
        out["predict"] = est.predict(X)
    if hasattr(last, "predict_proba"):
        out["predict_proba"] = est.predict_proba(X)
        out["decision_function"] = est.decision_function(X)
    if hasattr(last, "transform"):
        out["transform"] = est.transform(X)
    return out
