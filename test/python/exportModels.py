"""Reference script of test/python/sklearnToFerry.test.ts: fits every model of python/tests/sklearn_models.py on
its scikit-learn dataset, exports each with ferryml.sklearn.export(..., pack=True) into OUT, and writes
OUT/expected.json: per model, the pack's file name, the input rows, and what scikit-learn (never Ferry) computes
for them — predict, predict_proba, decision_function, transform — plus, for KMeans distances, the distances computed
directly in extended precision (see exact_distances).

Usage: PYTHONPATH=python /usr/bin/python3 test/python/exportModels.py OUT
"""

from __future__ import annotations

import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "python"))

from ferryml.sklearn import export  # noqa: E402
from tests.sklearn_models import fitted_models, outputs  # noqa: E402

LABEL_OPS = {"predict"}


def exact_distances(est, X: np.ndarray) -> np.ndarray:
    """KMeans.transform's distances computed directly in extended precision (numpy long double), rounded once.
    scikit-learn computes them as sqrt(|x|² − 2x·c + |c|²), which loses digits when |x| is large (unscaled wine:
    ~1e-11 off at distances ~1e3): the test accepts Ferry there when it is within 1e-12 of these."""
    before = est[:-1].transform(X) if hasattr(est, "steps") else X
    centers = (est.steps[-1][1] if hasattr(est, "steps") else est).cluster_centers_
    diff = before.astype(np.longdouble)[:, None, :] - centers.astype(np.longdouble)[None, :, :]
    return np.sqrt((diff * diff).sum(axis=-1)).astype(np.float64)


def describe(op: str, value: np.ndarray, classifier: bool) -> dict:
    if op in LABEL_OPS and classifier:
        return {"kind": "labels", "values": [v if isinstance(v, str) else float(v) for v in value.tolist()]}
    return {"kind": "numbers", "shape": list(value.shape), "values": [float(v) for v in value.reshape(-1)]}


def main(out: str) -> None:
    os.makedirs(out, exist_ok=True)
    expected = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        models = fitted_models()
    for name, (est, X) in models.items():
        path = export(est, out, name, pack=True)
        last = est.steps[-1][1] if hasattr(est, "steps") else est
        classifier = hasattr(last, "predict_proba") or hasattr(last, "cluster_centers_")
        ops = {op: describe(op, value, classifier) for op, value in outputs(est, X).items()}
        if hasattr(last, "cluster_centers_") and "transform" in ops:
            ops["transform"]["exact"] = [float(v) for v in exact_distances(est, X).reshape(-1)]
        expected[name] = {"pack": os.path.basename(path), "inputs": X.tolist(), "ops": ops}
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f)
    print(json.dumps({"models": len(expected)}))


if __name__ == "__main__":
    main(sys.argv[1])
