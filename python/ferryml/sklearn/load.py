"""Ferry dumps → fitted scikit-learn estimators."""

from __future__ import annotations

import os
from typing import Any

from .. import load as load_dump
from ..errors import FerryError
from ..values import Step
from . import converters
from .origin import remember
from .support import unsupported


def from_step(step: Step) -> Any:
    """The fitted scikit-learn estimator (or ``Pipeline``) equal to a loaded Ferry step tree."""
    if step.class_id == "ferry.Pipeline":
        from sklearn.pipeline import Pipeline

        children = step.fields["steps"]
        if not children:
            raise unsupported("ferry.Pipeline " + repr(step.name), "has no steps; a scikit-learn Pipeline needs one")
        pipeline = Pipeline([(child.name, from_step(child)) for child in children])
        remember(pipeline, step)
        return pipeline
    converter = converters.for_class_id(step.class_id)
    if converter is None:
        raise unsupported(
            f"{step.class_id} (step {step.name!r})",
            "has no scikit-learn counterpart that ferryml.sklearn rebuilds",
        )
    if step.fields.get("isFitted") is not True:
        raise unsupported(f"{step.class_id} (step {step.name!r})", "is not fitted")
    try:
        est = converter.from_ferry(step)
    except FerryError:
        raise
    except Exception as error:  # a schema-valid dump scikit-learn cannot hold: refused, never an untyped exception
        raise unsupported(
            f"{step.class_id} (step {step.name!r})", f"cannot be rebuilt in scikit-learn: {type(error).__name__}: {error}"
        ) from error
    remember(est, step)
    return est


def load(root: str | os.PathLike[str], name: str | None = None) -> Any:
    """Loads the Ferry dump ``root/name`` (or the ``.ferrypack`` file ``root``) and rebuilds it as fitted
    scikit-learn estimators: a ``Pipeline`` for ``ferry.Pipeline``. Supported (``ferryml.sklearn.SUPPORTED``):
    StandardScaler, MinMaxScaler, LinearRegression, Ridge, LogisticRegression, PCA, KMeans, and Pipelines of them;
    anything else is an UnsupportedEstimatorError."""
    return from_step(load_dump(root, name))
