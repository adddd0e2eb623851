"""One converter per supported scikit-learn class: its Ferry class id, the scikit-learn class, and the two
directions (fitted estimator → Ferry hyperparameters and fields; Ferry step → fitted estimator)."""

from __future__ import annotations

from typing import Any

from .base import Converter
from .kmeans import KMeansConverter
from .linear_regression import LinearRegressionConverter
from .logistic_regression import LogisticRegressionConverter
from .min_max_scaler import MinMaxScalerConverter
from .pca import PCAConverter
from .ridge import RidgeConverter
from .standard_scaler import StandardScalerConverter

CONVERTERS: list[Converter] = [
    StandardScalerConverter(),
    MinMaxScalerConverter(),
    LinearRegressionConverter(),
    RidgeConverter(),
    LogisticRegressionConverter(),
    PCAConverter(),
    KMeansConverter(),
]


def for_estimator(est: Any) -> Converter | None:
    """The converter of exactly ``type(est)`` (a subclass may behave differently, so it has none)."""
    for c in CONVERTERS:
        if type(est) is c.sklearn_class():
            return c
    return None


def for_class_id(class_id: str) -> Converter | None:
    for c in CONVERTERS:
        if c.ferry_class == class_id:
            return c
    return None
