"""Writes the datasets bundled with scikit-learn that test/python/ferryToSklearn.test.ts fits Ferry models on, as
JSON {name: {X, y}} (y of linnerud is its three targets).

Usage: /usr/bin/python3 test/python/datasets.py OUT.json
"""

from __future__ import annotations

import json
import sys

from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_linnerud, load_wine

LOADERS = {
    "iris": load_iris,
    "wine": load_wine,
    "breast_cancer": load_breast_cancer,
    "diabetes": load_diabetes,
    "linnerud": load_linnerud,
}

if __name__ == "__main__":
    data = {}
    for name, loader in LOADERS.items():
        X, y = loader(return_X_y=True)
        data[name] = {"X": X.tolist(), "y": y.tolist()}
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        json.dump(data, f)
