"""Reference fixtures for Ferry's PCA, KMeans and LogisticRegression class weights.

Ran with scikit-learn 1.2.1, numpy 1.24.2, scipy 1.10.1, Python 3.11.2 (Debian 12's python3-sklearn); the JSON
records the versions it was produced with under "versions".
Run with /usr/bin/python3 scripts/make_classical_fixture.py; writes test/fixtures/classical.json (then
`npx biome format --write test/fixtures/classical.json`). Tests read the committed JSON; a regeneration test
reruns this script into a temporary file and compares (test/steps/kmeansFixtureRegen.test.ts).
New cases draw from the generator after the old ones, so regenerating leaves the earlier data unchanged.
"""
import json
import pathlib
import platform
import sys

import numpy as np
import scipy
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression


def r6(a):
    """Round inputs to 6 decimals so the JSON text is the exact data both sides use."""
    return np.round(np.asarray(a, dtype=np.float64), 6)


def pca_case(X, **params):
    p = PCA(svd_solver="full", **params).fit(X)
    return {
        "params": params,
        "mean_": p.mean_.tolist(),
        "components_": p.components_.tolist(),
        "explained_variance_": p.explained_variance_.tolist(),
        "explained_variance_ratio_": p.explained_variance_ratio_.tolist(),
        "singular_values_": p.singular_values_.tolist(),
        "noise_variance_": float(p.noise_variance_),
        "n_components_": int(p.n_components_),
        "transform": p.transform(X).tolist(),
        "inverse_transform": p.inverse_transform(p.transform(X)).tolist(),
    }


def logreg_case(X, y, **params):
    m = LogisticRegression(solver="lbfgs", max_iter=10000, tol=1e-10, **params).fit(X, y)
    params = dict(params)
    if isinstance(params.get("class_weight"), dict):
        params["class_weight"] = {str(k): v for k, v in params["class_weight"].items()}
    return {
        "params": params,
        "classes_": m.classes_.tolist(),
        "coef_": m.coef_.tolist(),
        "intercept_": m.intercept_.tolist(),
        "predict_proba": m.predict_proba(X).tolist(),
    }


def kmeans_case(X, sample_weight=None, **params):
    """One deterministic KMeans fit (explicit initial centers, so numpy's random stream plays no part)."""
    km = KMeans(n_clusters=params["init"].shape[0], n_init=1, **params).fit(X, sample_weight=sample_weight)
    out = {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in params.items()}
    return {
        "params": out,
        "sample_weight": None if sample_weight is None else sample_weight.tolist(),
        "cluster_centers_": km.cluster_centers_.tolist(),
        "labels_": km.labels_.tolist(),
        "inertia_": float(km.inertia_),
        "n_iter_": int(km.n_iter_),
    }


def main():
    rng = np.random.default_rng(4242)
    # PCA: 120 x 6 correlated features (distinct eigenvalues).
    latent = rng.standard_normal((120, 3)) * [3.0, 1.5, 0.7]
    mix = rng.standard_normal((3, 6))
    Xp = r6(latent @ mix + 0.1 * rng.standard_normal((120, 6)) + [1, -2, 0.5, 3, 0, -1])
    # KMeans: four well-separated blobs in 3-D, 50 points each.
    centers = np.array([[0, 0, 0], [10, 0, 0], [0, 10, 0], [0, 0, 10]], dtype=np.float64)
    Xk = r6(np.concatenate([c + rng.standard_normal((50, 3)) for c in centers]))
    km = KMeans(n_clusters=4, n_init=10, random_state=0).fit(Xk)
    # Class weights: imbalanced binary (160 / 40) and 3-class data.
    Xb = r6(np.concatenate([rng.standard_normal((160, 3)), rng.standard_normal((40, 3)) + 1.2]))
    yb = np.array([0] * 160 + [1] * 40)
    Xm = r6(np.concatenate([rng.standard_normal((90, 3)), rng.standard_normal((40, 3)) + [2, 0, 0], rng.standard_normal((20, 3)) + [0, 2, 1]]))
    ym = np.array([0] * 90 + [1] * 40 + [2] * 20)
    # KMeans from explicit centers: overlapping blobs (so Lloyd takes several iterations), weighted and unweighted,
    # stopped early by max_iter, and the default n_init of this scikit-learn version.
    Xo = r6(np.concatenate([c * 0.35 + rng.standard_normal((60, 3)) for c in centers]))
    init = Xo[[0, 1, 2, 3]]
    weights = r6(rng.uniform(0.1, 3.0, Xo.shape[0]))
    weights[::17] = 0.0
    out = {
        "versions": {
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "python": platform.python_version(),
            "generator": "scripts/make_classical_fixture.py",
        },
        "pca": {
            "X": Xp.tolist(),
            "cases": [pca_case(Xp), pca_case(Xp, n_components=3, whiten=True), pca_case(Xp, n_components=0.9)],
        },
        "kmeans": {
            "X": Xk.tolist(),
            "params": {"n_clusters": 4, "n_init": 10, "random_state": 0},
            "cluster_centers_": km.cluster_centers_.tolist(),
            "inertia_": float(km.inertia_),
            "labels_": km.labels_.tolist(),
            "default_n_init": KMeans(n_clusters=4, random_state=0).fit(Xk)._n_init,  # "warn" in 1.2 means 10
        },
        "kmeans_init": {
            "X": Xo.tolist(),
            "note": "explicit init = rows 0..3 of X; every 17th weight is 0",
            "cases": {
                "explicit": kmeans_case(Xo, init=init),
                "explicit_weighted": kmeans_case(Xo, sample_weight=weights, init=init),
                "max_iter_2": kmeans_case(Xo, init=init, max_iter=2),
                "max_iter_2_weighted": kmeans_case(Xo, sample_weight=weights, init=init, max_iter=2),
                "tol_0_5": kmeans_case(Xo, init=init, tol=0.5),
            },
        },
        "class_weight": {
            "binary": {
                "X": Xb.tolist(),
                "y": yb.tolist(),
                "cases": [logreg_case(Xb, yb, class_weight="balanced"), logreg_case(Xb, yb, class_weight={0: 1.0, 1: 3.0})],
            },
            "multinomial": {
                "X": Xm.tolist(),
                "y": ym.tolist(),
                "cases": [logreg_case(Xm, ym, class_weight="balanced"), logreg_case(Xm, ym, class_weight={0: 0.5, 2: 4.0})],
            },
        },
    }
    default = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "classical.json"
    path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default  # another path: to compare with the committed one
    path.write_text(json.dumps(out))
    print("wrote", path)


if __name__ == "__main__":
    main()
