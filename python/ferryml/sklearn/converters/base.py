"""The interface of a converter."""

from __future__ import annotations

import importlib
from typing import Any

from ...values import Step


class Converter:
    """Maps one scikit-learn class to one Ferry class, both ways, exactly."""

    #: The Ferry class id, e.g. ``ferry.StandardScaler``.
    ferry_class: str = ""
    #: The scikit-learn module and class name.
    sklearn_module: str = ""
    sklearn_name: str = ""

    def sklearn_class(self) -> type:
        return getattr(importlib.import_module(self.sklearn_module), self.sklearn_name)

    def to_ferry(self, est: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        """The Ferry hyperparameters and own fields (in Ferry's order) of a fitted estimator; refuses what Ferry
        cannot reproduce exactly (UnsupportedHyperparameterError, UnsupportedEstimatorError, NotFittedError)."""
        raise NotImplementedError

    def from_ferry(self, step: Step) -> Any:
        """A fitted estimator equal to the step (same parameters, same fitted arrays)."""
        raise NotImplementedError
