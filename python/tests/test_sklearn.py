"""ferryml.sklearn: every covered estimator exported and rebuilt exactly; what Ferry cannot reproduce refused."""

from __future__ import annotations

import os
import unittest
import warnings

import numpy as np
from sklearn.cluster import KMeans
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_iris, load_wine
from sklearn.decomposition import PCA
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

import ferryml
from ferryml.dump import encode_step_tree
from ferryml.errors import NotFittedError, UnsupportedEstimatorError, UnsupportedHyperparameterError
from ferryml.sklearn import SUPPORTED, export, from_step, load, to_step
from ferryml.values import Obj

from .helpers import TempDirTest
from .sklearn_models import fitted_models, outputs

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
X_WINE, Y_WINE = load_wine(return_X_y=True)


class ExportLoadTest(TempDirTest):
    @classmethod
    def setUpClass(cls) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cls.models = fitted_models()

    def test_every_model_survives_export_and_load_exactly(self) -> None:
        for name, (est, X) in self.models.items():
            with self.subTest(model=name):
                path = export(est, self.tmp, name)
                self.assertEqual(path, self.path(name))
                rebuilt = load(self.tmp, name)
                self.assertIs(type(rebuilt), type(est))
                want, got = outputs(est, X), outputs(rebuilt, X)
                self.assertEqual(sorted(want), sorted(got))
                for key in want:
                    self.assertEqual(want[key].dtype.kind, got[key].dtype.kind, key)
                    np.testing.assert_array_equal(got[key], want[key], err_msg=key)
                # sklearn → Ferry → sklearn → Ferry writes the same bytes
                self.assertEqual(encode_step_tree(to_step(rebuilt, name)), encode_step_tree(to_step(est, name)))

    def test_packs(self) -> None:
        est, X = self.models["pipeline_scaler_pca_logreg_wine"]
        path = export(est, self.tmp, "wine", pack=True)
        self.assertEqual(path, self.path("wine.ferrypack"))
        np.testing.assert_array_equal(load(path).predict_proba(X), est.predict_proba(X))
        self.assertEqual(ferryml.load(path).class_id, "ferry.Pipeline")

    def test_what_a_dump_holds(self) -> None:
        est, _ = self.models["logreg_string_labels_iris"]
        step = to_step(est, "iris")
        lr = step.fields["steps"][1]
        self.assertEqual(lr.class_id, "ferry.LogisticRegression")
        self.assertEqual(lr.fields["classes"], ["setosa", "versicolor", "virginica"])
        self.assertEqual(lr.fields["multiClass"], "multinomial")
        self.assertEqual(lr.hyperparams()["solver"], "lbfgs")
        self.assertEqual(lr.hyperparams()["maxIter"], 500)
        ovr = to_step(self.models["logreg_ovr_liblinear_iris"][0], "ovr").fields["steps"][1]
        self.assertEqual((ovr.fields["multiClass"], ovr.fields["coef"].shape), ("ovr", (3, 4)))
        km = to_step(self.models["kmeans_iris"][0], "km")
        self.assertEqual(km.hyperparams(), {"nClusters": 3, "init": "k-means++", "nInit": 10, "maxIter": 300,
                                            "tol": 1e-4, "seed": 0})
        self.assertEqual(km.fields["labels"].dtype, np.int32)

    def test_nothing_is_written_when_the_export_is_refused(self) -> None:
        bad = Pipeline([("scaler", StandardScaler()), ("svc", SVC())]).fit(X_IRIS, Y_IRIS)
        with self.assertRaises(UnsupportedEstimatorError):
            export(bad, self.tmp, "bad")
        self.assertEqual(os.listdir(self.tmp), [])


class RefusalTest(unittest.TestCase):
    def assertRefused(self, est, error: type, *fragments: str) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with self.assertRaises(error) as ctx:
                to_step(est, "m")
        for fragment in fragments:
            self.assertIn(fragment, str(ctx.exception))
        self.assertTrue(ctx.exception.code.startswith("FERRY_"))

    def fit(self, est, X=X_WINE, y=Y_WINE):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return est.fit(X, y) if y is not None else est.fit(X)

    def test_unsupported_estimators_name_themselves_and_list_the_supported(self) -> None:
        self.assertRefused(self.fit(SVC()), UnsupportedEstimatorError, "sklearn.svm._classes.SVC", *SUPPORTED)
        ct = ColumnTransformer([("s", StandardScaler(), [0, 1])]).fit(X_WINE)
        self.assertRefused(ct, UnsupportedEstimatorError, "ColumnTransformer")

        class MyScaler(StandardScaler):
            pass

        self.assertRefused(self.fit(MyScaler(), y=None), UnsupportedEstimatorError, "subclass of StandardScaler")
        self.assertRefused(StandardScaler(), NotFittedError, "not fitted")
        passthrough = Pipeline([("s", StandardScaler()), ("p", "passthrough")]).fit(X_WINE)
        self.assertRefused(passthrough, UnsupportedEstimatorError, "passthrough")

    def test_logistic_regression_hyperparameters_ferry_lacks(self) -> None:
        X, y = StandardScaler().fit_transform(X_WINE), Y_WINE
        self.assertRefused(
            self.fit(LogisticRegression(penalty="elasticnet", solver="saga", l1_ratio=0.5), X, y),
            UnsupportedHyperparameterError, "penalty", "elasticnet",
        )
        self.assertRefused(self.fit(LogisticRegression(solver="saga"), X, y), UnsupportedHyperparameterError, "solver")
        self.assertRefused(self.fit(LogisticRegression(solver="newton-cg"), X, y), UnsupportedHyperparameterError, "solver")
        self.assertRefused(
            self.fit(LogisticRegression(multi_class="multinomial"), X, (y == 1).astype(int)),
            UnsupportedHyperparameterError, "binary multinomial",
        )
        self.assertRefused(
            self.fit(LogisticRegression(solver="liblinear", intercept_scaling=2), X, y),
            UnsupportedHyperparameterError, "intercept_scaling",
        )
        booleans = self.fit(LogisticRegression(), X, y == 1)
        self.assertRefused(booleans, UnsupportedEstimatorError, "classes_", "bool")

    def test_other_hyperparameters_ferry_lacks(self) -> None:
        self.assertRefused(self.fit(PCA(n_components="mle", svd_solver="full"), y=None), UnsupportedHyperparameterError, "'mle'")
        self.assertRefused(
            self.fit(PCA(n_components=2, svd_solver="randomized", random_state=0), y=None),
            UnsupportedHyperparameterError, "svd_solver",
        )
        self.assertRefused(
            self.fit(KMeans(3, n_init=2, algorithm="elkan"), y=None), UnsupportedHyperparameterError, "lloyd"
        )
        self.assertRefused(self.fit(Ridge(solver="sag", random_state=0)), UnsupportedHyperparameterError, "solver")
        self.assertRefused(
            self.fit(Ridge(alpha=np.array([1.0, 2.0])), y=np.c_[Y_WINE, Y_WINE]), UnsupportedHyperparameterError, "alpha"
        )
        self.assertRefused(self.fit(LinearRegression(positive=True)), UnsupportedHyperparameterError, "positive")

    def test_feature_names_are_not_dropped_silently(self) -> None:
        est = self.fit(StandardScaler(), y=None)
        est.feature_names_in_ = np.array([f"f{i}" for i in range(13)], dtype=object)
        self.assertRefused(est, UnsupportedEstimatorError, "feature_names_in_", "drop_feature_names=True")
        self.assertEqual(to_step(est, "m", drop_feature_names=True).class_id, "ferry.StandardScaler")


class OriginTest(TempDirTest):
    def test_a_loaded_model_is_written_back_as_it_was_until_it_changes(self) -> None:
        est = LogisticRegression(max_iter=200).fit(StandardScaler().fit_transform(X_WINE), Y_WINE)
        step = to_step(est, "m")
        # What scikit-learn has no attribute for: Ferry's solver 'auto', a search space, `converged`.
        step.hyperparams()["solver"] = "auto"
        step.fields["space"].fields["values"]["C"] = Obj("ferry.LogUniform", {"minIncluded": 0.01, "maxIncluded": 10})
        fields = dict(step.fields)
        step.fields.clear()
        for key, value in fields.items():
            step.fields[key] = value
            if key == "nIter":
                step.fields["converged"] = True
        ferryml.save(step, self.tmp)
        before = {}
        for key in encode_step_tree(step):
            with open(self.path(*key.split("/")), "rb") as f:
                before[key] = f.read()
        rebuilt = load(self.tmp, "m")
        self.assertEqual(rebuilt.solver, "lbfgs")
        self.assertEqual(encode_step_tree(to_step(rebuilt, "m")), before)
        rebuilt.fit(StandardScaler().fit_transform(X_WINE)[:100], Y_WINE[:100])  # changed: described afresh
        fresh = to_step(rebuilt, "m")
        self.assertEqual(fresh.hyperparams()["solver"], "lbfgs")
        self.assertEqual(fresh.fields["space"].fields["values"], {})
        self.assertNotIn("converged", fresh.fields)

    def test_ferry_only_steps_are_refused_on_load(self) -> None:
        ravel = ferryml.values.new_step("ferry.Ravel", "r", {}, {})
        with self.assertRaises(UnsupportedEstimatorError) as ctx:
            from_step(ravel)
        self.assertIn("ferry.Ravel", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
