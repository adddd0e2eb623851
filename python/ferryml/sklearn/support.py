"""What the scikit-learn converters share: the exact-class check, fitted check, and conversions of fitted
attributes and hyperparameters to the values a Ferry dump holds (and back)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import NotFittedError, UnsupportedEstimatorError, UnsupportedHyperparameterError
from ..values import Step

#: The scikit-learn classes ``ferryml.sklearn`` exports and rebuilds, as users name them.
SUPPORTED = [
    "sklearn.preprocessing.StandardScaler",
    "sklearn.preprocessing.MinMaxScaler",
    "sklearn.linear_model.LinearRegression",
    "sklearn.linear_model.Ridge",
    "sklearn.linear_model.LogisticRegression",
    "sklearn.decomposition.PCA",
    "sklearn.cluster.KMeans",
    "sklearn.pipeline.Pipeline (of the above)",
]


def class_name(est: Any) -> str:
    return type(est).__name__


def require_fitted(est: Any, attribute: str) -> None:
    """An estimator without ``attribute`` was never fitted: NotFittedError."""
    if not hasattr(est, attribute):
        raise NotFittedError(class_name(est))


def refuse(est: Any, parameter: str, detail: str) -> UnsupportedHyperparameterError:
    """The error for a hyperparameter value Ferry has no exact counterpart for."""
    return UnsupportedHyperparameterError(class_name(est), parameter, est.get_params()[parameter], detail)


def unsupported(what: str, detail: str) -> UnsupportedEstimatorError:
    return UnsupportedEstimatorError(what, detail, SUPPORTED)


def float64_array(est: Any, attribute: str, ndim: tuple[int, ...]) -> np.ndarray:
    """A fitted float64 array attribute, copied C-contiguous; another dtype or rank is refused (never converted)."""
    value = getattr(est, attribute)
    array = np.asarray(value)
    if array.dtype != np.float64:
        raise unsupported(
            f"{class_name(est)}.{attribute}",
            f"is {array.dtype}; Ferry holds float64 parameters and the export never converts them",
        )
    if array.ndim not in ndim:
        raise unsupported(f"{class_name(est)}.{attribute}", f"has {array.ndim} dimensions, expected {ndim}")
    return np.ascontiguousarray(array).copy()


def optional_float64(est: Any, attribute: str, ndim: tuple[int, ...] = (1,)) -> np.ndarray | None:
    return None if getattr(est, attribute, None) is None else float64_array(est, attribute, ndim)


def integer(value: Any, what: str) -> int:
    """A Python int from an integral number (numpy or not)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise unsupported(what, f"is {value!r}, not an integer")
    if isinstance(value, (float, np.floating)) and not float(value).is_integer():
        raise unsupported(what, f"is {value!r}, not an integer")
    return int(value)


def number(value: Any, what: str) -> int | float:
    """A Python number (an int when it is a numpy or Python integer)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise unsupported(what, f"is {value!r}, not a number")
    return int(value) if isinstance(value, (int, np.integer)) else float(value)


def finite_number(est: Any, parameter: str) -> int | float:
    value = est.get_params()[parameter]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise refuse(est, parameter, "must be a number")
    v = number(value, parameter)
    if not math.isfinite(v):
        raise refuse(est, parameter, "must be finite")
    return v


def boolean(est: Any, parameter: str) -> bool:
    value = est.get_params()[parameter]
    if not isinstance(value, (bool, np.bool_)):
        raise refuse(est, parameter, "must be True or False")
    return bool(value)


def no_feature_names(est: Any, drop: bool) -> None:
    """Ferry dumps hold no column names: an estimator fitted on a DataFrame is refused unless ``drop``."""
    if hasattr(est, "feature_names_in_") and not drop:
        raise unsupported(
            class_name(est),
            "was fitted on a DataFrame with column names (feature_names_in_), which a Ferry dump cannot hold; "
            "fit it on a numpy array, or export with drop_feature_names=True (inputs are then matched by position)",
        )


def hyperparameter(step: Step, name: str, default: Any) -> Any:
    """A step's own hyperparameter, or Ferry's default when the dump leaves it out (docs/FORMAT.md)."""
    return step.hyperparams().get(name, default)


def copy_array(value: np.ndarray | None) -> np.ndarray | None:
    """A writable copy of a loaded (read-only) tensor."""
    return None if value is None else np.array(value, copy=True)


def py_number(value: Any) -> int | float:
    """A decoded number as an int when integral (JavaScript has one number type), else a float."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
