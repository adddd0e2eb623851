"""Shared by the tests: small fitted models and the dumps they make."""

from __future__ import annotations

import os
import shutil
import tempfile
import unittest

import numpy as np

from ferryml import Step
from ferryml.values import new_step


class TempDirTest(unittest.TestCase):
    """A test case with a fresh folder ``self.tmp``, removed afterwards."""

    def setUp(self) -> None:
        self.tmp = tempfile.mkdtemp(prefix="ferryml-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def path(self, *parts: str) -> str:
        return os.path.join(self.tmp, *parts)


def scaler_step(name: str = "scaler", d: int = 3) -> Step:
    """A fitted ferry.StandardScaler step built by hand."""
    rng = np.random.default_rng(1)
    var = rng.random(d) + 0.5
    return new_step(
        "ferry.StandardScaler",
        name,
        {"withMean": True, "withStd": True, "copy": True},
        {"mean": rng.random(d), "var": var, "scale": np.sqrt(var), "nFeaturesIn": d, "nSamplesSeen": 10},
    )


def logistic_step(name: str = "lr", d: int = 3, classes: list | None = None) -> Step:
    classes = classes if classes is not None else [0, 1, 2]
    k = 1 if len(classes) == 2 else len(classes)
    rng = np.random.default_rng(2)
    return new_step(
        "ferry.LogisticRegression",
        name,
        {"C": 1, "fitIntercept": True, "dual": False, "penalty": "l2", "maxIter": 100, "tol": 1e-4,
         "classWeight": None, "solver": "lbfgs"},
        {"coef": rng.standard_normal((k, d)), "intercept": rng.standard_normal(k), "classes": classes,
         "multiClass": "ovr" if k == 1 else "multinomial", "nIter": 7, "nFeatures": d},
    )


def pipeline_step(name: str = "model") -> Step:
    return new_step("ferry.Pipeline", name, {}, {"steps": [scaler_step(), logistic_step()], "cacheFolder": None})
