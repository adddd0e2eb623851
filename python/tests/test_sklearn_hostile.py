"""Dumps that pass the format's checks but hold hyperparameter values scikit-learn has no use for: rebuilding them
is a FerryError or an estimator that writes the dump back unchanged — never an untyped exception."""

from __future__ import annotations

import copy
import random
import unittest
import warnings

from sklearn.datasets import load_iris

from ferryml.dump import check_step_tree, encode_step_tree
from ferryml.errors import FerryError, UnsupportedEstimatorError
from ferryml.schema.check_value import ShapeBindings, check_value
from ferryml.schema.registry import SCHEMAS
from ferryml.sklearn import from_step, to_step

from .sklearn_models import fitted_models

VALUES = [None, True, False, 0, 1, -1, 2, 0.5, 1e300, float("nan"), "", "auto", "l1", "none", "k-means++", "random",
          [], [1], [1, 2], [1, 2, 3], ["a", 1], [0, 1, 2, 3, 4, 5, 6, 7]]


class HostileHyperparametersTest(unittest.TestCase):
    def test_rebuilding_is_a_ferry_error_or_a_faithful_estimator(self) -> None:
        X, _ = load_iris(return_X_y=True)
        rng = random.Random(5)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            models = fitted_models()
        steps = [to_step(est, name) for name, (est, _) in models.items()]
        leaves = [s for st in steps for s in ([st] if st.class_id != "ferry.Pipeline" else st.fields["steps"])]
        outcomes = {"rebuilt": 0, "refused": 0}
        for _ in range(1500):
            step = copy.deepcopy(rng.choice(leaves))
            declared = SCHEMAS.lookup(step.class_id)["hyperparameters"]
            name = rng.choice(sorted(declared))
            value = rng.choice(VALUES)
            if check_value(declared[name], value, ShapeBindings({})) is not None:
                continue  # the loader refuses it already (tested in test_schema.py)
            step.hyperparams()[name] = value
            try:
                check_step_tree(step)
            except FerryError:
                continue  # a rule across fields refuses it (nClusters against clusterCenters)
            with self.subTest(step=step.class_id, hyperparameter=name, value=value):
                try:
                    est = from_step(step)
                except FerryError:
                    outcomes["refused"] += 1
                    continue
                outcomes["rebuilt"] += 1
                self.assertEqual(encode_step_tree(to_step(est, step.name)), encode_step_tree(step))
        self.assertGreater(outcomes["rebuilt"], 150, outcomes)

    def test_examples(self) -> None:
        step = to_step(fitted_models()["logreg_multinomial_wine"][0], "m").fields["steps"][1]
        step.hyperparams()["classWeight"] = [0, 1, 2]
        with self.assertRaisesRegex(UnsupportedEstimatorError, "classWeight"):
            from_step(step)
        km = to_step(fitted_models()["kmeans_iris"][0], "km")
        km.hyperparams()["init"] = [1.0, 2.0, 3.0, 4.0, 5.0]  # not 3 rows
        with self.assertRaises(UnsupportedEstimatorError):
            from_step(km)


if __name__ == "__main__":
    unittest.main()
