"""Reference fixtures for Ferry's StandardScaler and MinMaxScaler: writes test/fixtures/scalers.json.

Ran with scikit-learn 1.2.1, numpy 1.24.2, scipy 1.10.1, Python 3.11.2 (Debian 12's python3-sklearn); the JSON
records the versions it was produced with under "versions".
Run with /usr/bin/python3 scripts/make_scalers_fixture.py (then `npx biome format --write test/fixtures/scalers.json`).
The unweighted part is the scalers section of the original fixtures/make_fixtures.py, unchanged (same seed, same
draws, same values); the weighted StandardScaler cases come after it. Tests read the committed JSON; a regeneration
test reruns this script into a temporary file and compares (test/steps/scalersFixtureRegen.test.ts).
"""
import json
import pathlib
import platform
import sys

import numpy as np
import scipy
import sklearn
from sklearn.preprocessing import MinMaxScaler, StandardScaler


def r6(a):
    """Round to 6 decimals so that parsing the JSON decimal gives exactly the double the model was fitted on."""
    return np.vectorize(lambda v: float(f"{v:.6f}"))(np.asarray(a, dtype=np.float64))


def tolist(a):
    return np.asarray(a).tolist()


def weighted_case(X, w, **params):
    s = StandardScaler(**params).fit(X, sample_weight=w)
    return {
        "params": params,
        "sample_weight": tolist(w),
        "mean_": None if s.mean_ is None else tolist(s.mean_),
        "var_": None if s.var_ is None else tolist(s.var_),
        "scale_": None if s.scale_ is None else tolist(s.scale_),
        "n_samples_seen_": float(s.n_samples_seen_),
        "transformed": tolist(s.transform(X)),
    }


def main():
    seed = 777
    rng = np.random.default_rng(seed)
    Xs = r6(rng.standard_normal((50, 3)) * np.array([1.0, 10.0, 0.01]) + np.array([5.0, -20.0, 0.5]))
    ss = StandardScaler().fit(Xs)
    mm = MinMaxScaler().fit(Xs)
    wrng = np.random.default_rng(778)
    w = r6(wrng.uniform(0.0, 4.0, 50))
    w[::9] = 0.0
    Xc = Xs.copy()
    Xc[:, 2] = 0.25  # a constant column: scale 1 with weights too
    out = {
        "versions": {
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "python": platform.python_version(),
            "generator": "scripts/make_scalers_fixture.py",
        },
        "dataset": {
            "description": "50x3 float64; rng=np.random.default_rng(777); X=rng.standard_normal((50,3))*[1,10,0.01]+[5,-20,0.5], rounded to 6 decimals",
            "seed": seed,
            "X": tolist(Xs),
        },
        "StandardScaler": {
            "params": {"with_mean": True, "with_std": True},
            "mean_": tolist(ss.mean_),
            "var_": tolist(ss.var_),
            "scale_": tolist(ss.scale_),
            "n_samples_seen_": int(ss.n_samples_seen_),
            "note": "population variance (ddof=0); scale_=sqrt(var_)",
            "transformed": tolist(ss.transform(Xs)),
        },
        "MinMaxScaler": {
            "params": {"feature_range": [0, 1]},
            "data_min_": tolist(mm.data_min_),
            "data_max_": tolist(mm.data_max_),
            "scale_": tolist(mm.scale_),
            "min_": tolist(mm.min_),
            "note": "X_t = X*scale_ + min_",
            "transformed": tolist(mm.transform(Xs)),
        },
        "StandardScalerWeighted": {
            "note": "sample_weight = np.random.default_rng(778).uniform(0, 4, 50) rounded to 6 decimals, every 9th set to 0; "
            "X_constant is X with column 2 set to 0.25",
            "X_constant": tolist(Xc),
            "cases": {
                "weighted": weighted_case(Xs, w),
                "weighted_no_mean": weighted_case(Xs, w, with_mean=False),
                "weighted_no_std": weighted_case(Xs, w, with_std=False),
                "weighted_constant_column": weighted_case(Xc, w),
            },
        },
    }
    default = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "scalers.json"
    path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default  # another path: to compare with the committed one
    path.write_text(json.dumps(out))
    print("wrote", path)


if __name__ == "__main__":
    main()
