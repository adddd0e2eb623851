"""Fitted scikit-learn estimators → Ferry dumps."""

from __future__ import annotations

import os
from typing import Any

from .. import save
from ..errors import FerryError, UnsupportedEstimatorError
from ..paths import validate_step_name
from ..values import Step, new_step
from . import converters
from .origin import origin_of, same_state
from .support import no_feature_names, unsupported


def to_step(estimator: Any, name: str, *, drop_feature_names: bool = False) -> Step:
    """The Ferry step tree of a fitted estimator (a supported class, or a ``Pipeline`` of them) named ``name``.
    Refuses, naming what and listing what is supported, anything Ferry would not reproduce exactly."""
    validate_step_name(name)
    from sklearn.pipeline import Pipeline

    if type(estimator) is Pipeline:
        return _pipeline_step(estimator, name, drop_feature_names)
    converter = converters.for_estimator(estimator)
    if converter is None:
        raise _unsupported_class(estimator)
    no_feature_names(estimator, drop_feature_names)
    origin = origin_of(estimator)
    if origin is not None and same_state(estimator, _rebuilt(converter, origin)):
        fields = dict(origin.fields)
        fields["name"] = name
        return Step(origin.class_id, fields, dict(origin.extra_files))
    try:
        hyperparams, own = converter.to_ferry(estimator)
    except FerryError:
        raise
    except Exception as error:  # an attribute of an unexpected type: refused, never an untyped exception
        raise unsupported(type(estimator).__name__, f"cannot be described exactly: {type(error).__name__}: {error}") from error
    return new_step(converter.ferry_class, name, hyperparams, own)


def _rebuilt(converter: converters.Converter, step: Step) -> Any:
    return converter.from_ferry(step)


def _pipeline_step(pipeline: Any, name: str, drop_feature_names: bool) -> Step:
    if pipeline.memory is not None:
        raise unsupported("Pipeline", "memory= caches fits on disk, which a dump cannot carry; export it with memory=None")
    children: list[Step] = []
    for step_name, est in pipeline.steps:
        if est is None or (isinstance(est, str) and est == "passthrough"):
            raise unsupported(f"Pipeline step {step_name!r}", "'passthrough' steps are not exported; remove the step")
        children.append(to_step(est, step_name, drop_feature_names=drop_feature_names))
    origin = origin_of(pipeline)
    if origin is not None and [c.name for c in origin.fields["steps"]] == [c.name for c in children]:
        fields = dict(origin.fields)
        fields["name"] = name
        fields["steps"] = children
        fields["isFitted"] = all(c.fields["isFitted"] for c in children)
        return Step(origin.class_id, fields, dict(origin.extra_files))
    return new_step("ferry.Pipeline", name, {}, {"steps": children, "cacheFolder": None})


def _unsupported_class(estimator: Any) -> UnsupportedEstimatorError:
    cls = type(estimator)
    what = f"{cls.__module__}.{cls.__qualname__}"
    if cls.__name__ == "ColumnTransformer":
        return unsupported(what, "a ColumnTransformer applies steps to column subsets, which Ferry has no step for")
    for c in converters.CONVERTERS:
        if isinstance(estimator, c.sklearn_class()):
            return unsupported(what, f"is a subclass of {c.sklearn_name}, which may behave differently; export the class itself")
    return unsupported(what, "has no Ferry counterpart")


def export(
    estimator: Any,
    root: str | os.PathLike[str],
    name: str,
    pack: bool = False,
    *,
    drop_feature_names: bool = False,
) -> str:
    """Writes a fitted estimator or ``Pipeline`` as the Ferry dump ``root/name/`` (or, with ``pack=True``, the
    single file ``root/name.ferrypack``) and returns that path. JavaScript loads it with
    ``new ExecutionContext(root).load(name)`` (or ``PackStorage``); predictions equal scikit-learn's.

    Raises UnsupportedEstimatorError (an estimator or step Ferry has no exact counterpart for),
    UnsupportedHyperparameterError (a hyperparameter value Ferry does not implement) or NotFittedError; nothing is
    written then. Supported (``ferryml.sklearn.SUPPORTED``): StandardScaler, MinMaxScaler, LinearRegression, Ridge,
    LogisticRegression, PCA, KMeans, and Pipelines of them."""
    return save(to_step(estimator, name, drop_feature_names=drop_feature_names), root, pack=pack)
