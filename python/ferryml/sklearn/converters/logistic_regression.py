"""sklearn.linear_model.LogisticRegression ↔ ferry.LogisticRegression.

Ferry implements scikit-learn 1.2's ``lbfgs`` (penalties l2 and none) and ``liblinear`` (l1 and l2, one-vs-rest
for more than two classes), and, under its solver ``'auto'`` with penalty l1, Newton coordinate descent on the
objective scikit-learn's ``saga`` minimises. ``multi_class`` maps to Ferry's ``multiClass`` hyperparameter ('auto',
'ovr' with any solver, 'multinomial' for three classes or more); a ``multi_class`` that asks for something else
is refused.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...values import Step
from ..support import boolean, copy_array, finite_number, float64_array, hyperparameter, integer, py_number
from ..support import refuse, require_fitted, unsupported
from .base import Converter

PENALTIES = {"l1": "l1", "l2": "l2", "none": "none", None: "none"}


def labels(est: Any) -> list[int | float | str]:
    """``classes_`` as Ferry's list: all numbers or all strings."""
    classes = np.asarray(est.classes_)
    if classes.dtype.kind in "iu":
        out: list[Any] = [int(c) for c in classes]
        if any(abs(c) > 2**53 - 1 for c in out):
            raise unsupported("LogisticRegression.classes_", "holds integers beyond 2^53, which JavaScript cannot hold")
        return out
    if classes.dtype.kind == "f":
        if not all(math.isfinite(c) for c in classes):
            raise unsupported("LogisticRegression.classes_", "holds NaN or infinite labels")
        return [float(c) for c in classes]
    if classes.dtype.kind in "US" or (classes.dtype.kind == "O" and all(isinstance(c, str) for c in classes)):
        return [str(c) for c in classes]
    raise unsupported(
        "LogisticRegression.classes_",
        f"holds labels of dtype {classes.dtype} ({classes[:3].tolist()}...); Ferry's labels are all numbers or all strings",
    )


def class_weight(est: Any) -> Any:
    cw = est.class_weight
    if cw is None or cw == "balanced":
        return cw
    if isinstance(cw, dict):
        pairs: list[Any] = []
        for label, weight in cw.items():
            if isinstance(label, (np.integer, int)) and not isinstance(label, (bool, np.bool_)):
                pairs.append(int(label))
            elif isinstance(label, (np.floating, float)):
                pairs.append(float(label))
            elif isinstance(label, str):
                pairs.append(label)
            else:
                raise refuse(est, "class_weight", f"label {label!r} is neither a number nor a string")
            w = float(weight)
            if not (math.isfinite(w) and w >= 0):
                raise refuse(est, "class_weight", f"weight {weight!r} is not a finite number >= 0")
            pairs.append(int(w) if w.is_integer() else w)
        return pairs
    raise refuse(est, "class_weight", "must be None, 'balanced' or a dict {label: weight}")


class LogisticRegressionConverter(Converter):
    ferry_class = "ferry.LogisticRegression"
    sklearn_module = "sklearn.linear_model"
    sklearn_name = "LogisticRegression"

    def to_ferry(self, est: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        require_fitted(est, "coef_")
        if est.penalty not in PENALTIES:
            raise refuse(est, "penalty", "Ferry implements the penalties l1, l2 and none (elasticnet is not implemented)")
        penalty = PENALTIES[est.penalty]
        if est.solver not in ("lbfgs", "liblinear"):
            raise refuse(
                est,
                "solver",
                "Ferry implements scikit-learn's 'lbfgs' and 'liblinear' (refit with one of them; for l1 without a "
                "penalised intercept, Ferry's solver 'auto' is exported from a dump, not from scikit-learn)",
            )
        liblinear = est.solver == "liblinear"
        classes = labels(est)
        binary = len(classes) == 2
        if est.multi_class == "multinomial" and binary:
            raise refuse(
                est,
                "multi_class",
                "a binary multinomial model (softmax of two rows) is not Ferry's binary model (one sigmoid row)",
            )
        if est.multi_class not in ("auto", "ovr", "multinomial"):
            raise refuse(est, "multi_class", "must be 'auto', 'ovr' or 'multinomial'")
        fit_intercept = boolean(est, "fit_intercept")
        if liblinear and fit_intercept and est.intercept_scaling != 1:
            raise refuse(est, "intercept_scaling", "Ferry's liblinear uses intercept_scaling=1")
        C = finite_number(est, "C")
        if not C > 0:
            raise refuse(est, "C", "must be > 0")
        max_iter = est.max_iter
        if isinstance(max_iter, (bool, np.bool_)) or not isinstance(max_iter, (int, np.integer)) or max_iter < 0:
            raise refuse(est, "max_iter", "must be an integer >= 0")
        tol = finite_number(est, "tol")
        hp = {
            "C": C,
            "fitIntercept": fit_intercept,
            "dual": boolean(est, "dual"),
            "penalty": penalty,
            "maxIter": int(max_iter),
            "tol": tol,
            "classWeight": class_weight(est),
            "solver": est.solver,
            "multiClass": est.multi_class,
        }
        coef = float64_array(est, "coef_", (2,))
        intercept = float64_array(est, "intercept_", (1,))
        own = {
            "coef": coef,
            "intercept": intercept,
            "classes": classes,
            "multiClass": "ovr" if liblinear or binary or est.multi_class == "ovr" else "multinomial",
            "nIter": int(np.max(est.n_iter_)),
            "nFeatures": integer(est.n_features_in_, "LogisticRegression.n_features_in_"),
        }
        return hp, own

    def from_ferry(self, step: Step) -> Any:
        f = step.fields
        penalty = hyperparameter(step, "penalty", "l2")
        solver = hyperparameter(step, "solver", "auto")
        if solver == "auto":
            # Ferry's 'auto': L-BFGS for l2/none, Newton coordinate descent for l1 (saga's objective in scikit-learn).
            solver = "saga" if penalty == "l1" else "lbfgs"
        k = f["coef"].shape[0]
        # Without the field (dumps of ferryml 0.1) Ferry computes softmax probabilities for more than one row.
        multi = f.get("multiClass", "multinomial")
        asked = hyperparameter(step, "multiClass", None)
        if asked in ("auto", "ovr", "multinomial"):
            # Dumps since ferryml 0.3 keep the request itself (scikit-learn's multi_class).
            multi_class = asked
        elif k == 1:
            multi_class = "auto"
        elif multi == "ovr":
            multi_class = "auto" if solver == "liblinear" else "ovr"
        else:
            multi_class = "multinomial" if solver == "liblinear" else "auto"
        cw = hyperparameter(step, "classWeight", None)
        if isinstance(cw, list):
            if len(cw) % 2 != 0:
                raise unsupported(f"ferry.LogisticRegression {step.name!r}", "classWeight is not a [label, weight, …] list")
            cw = {cw[i]: cw[i + 1] for i in range(0, len(cw), 2)}
        est = self.sklearn_class()(
            C=hyperparameter(step, "C", 1),
            fit_intercept=hyperparameter(step, "fitIntercept", True),
            dual=hyperparameter(step, "dual", False),
            penalty=None if penalty == "none" else penalty,
            max_iter=hyperparameter(step, "maxIter", 100),
            tol=hyperparameter(step, "tol", 1e-4),
            class_weight=cw,
            solver=solver,
            multi_class=multi_class,
        )
        est.coef_ = copy_array(f["coef"])
        est.intercept_ = copy_array(f["intercept"])
        classes = f["classes"]
        if all(isinstance(c, str) for c in classes):
            est.classes_ = np.array(classes)
        elif all(isinstance(c, int) for c in classes):
            est.classes_ = np.array(classes, dtype=np.int64)
        else:
            est.classes_ = np.array(classes, dtype=np.float64)
        est.n_iter_ = np.array([py_number(f["nIter"])], dtype=np.int32)
        est.n_features_in_ = py_number(f["nFeatures"])
        return est
