"""The rules across fields of the schemas. The JSON carries each rule as its sentence (the TypeScript ``FieldRule``
doc); this module holds the check for each sentence: parametrised sentences are parsed (``When `isFitted` is true,
`coef`, `intercept` are not null.``), the others matched exactly. A sentence this module does not know is refused
with :class:`UnknownRuleError` — never skipped — and ``python/tests/test_schema.py`` checks every sentence of the
shipped JSON has its check."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from ..errors import FerryError
from ..values import UNDEFINED, Obj
from .check_value import is_number
from .describe import describe_value
from .distributions import CONSTRUCTOR_CHECKS


@dataclass(frozen=True)
class RuleViolation:
    field: str
    expected: str
    found: str


class UnknownRuleError(FerryError):
    """A rule of the shipped schemas that this reader has no check for (a packaging error, never a skipped check)."""

    code = "FERRY_UNKNOWN_RULE"

    def __init__(self, class_id: str, sentence: str) -> None:
        super().__init__(f"{class_id}: no check for the schema rule {sentence!r}; upgrade ferryml")


Check = Callable[[dict[str, Any]], "RuleViolation | None"]


def hyperparameter_of(fields: dict[str, Any], name: str) -> Any:
    """A step's own hyperparameter value in decoded fields, or UNDEFINED when unset."""
    samples = fields.get("hyperparams")
    values = samples.fields.get("values") if isinstance(samples, Obj) else None
    return values.get(name, UNDEFINED) if isinstance(values, dict) else UNDEFINED


_SET_WHEN_FITTED = re.compile(
    r"^When `isFitted` is true(?: and hyperparameter `(\w+)` is not false)?, (.+) (?:is|are) not null\.$"
)
_ONE_PER_STEP = re.compile(r"^`(\w+)` has one entry per step of `(\w+)`\.$")
_EVERY_AT_MOST = re.compile(r"^Every entry of `(\w+)` is at most (\d+)\.$")
_ROWS_EQUAL = re.compile(r"^`(\w+)` has as many rows as hyperparameter `(\w+)`\.$")
_LOGISTIC = (
    "`coef` has k rows, k = 1 for two classes and k = the number of classes otherwise; "
    "`classes` are all numbers or all strings."
)
_LINEAR = "`coef` is `[nFeaturesIn]` with a 0-d `intercept` (one target), or `[t, nFeaturesIn]` with `intercept` `[t]`."
_SAVER_HELD = re.compile(r"^`savers` holds `([\w.]+)`, which restores the [\w ]+ from `[^`]+`\.$")
_CONSTRUCTOR = (
    "The fields are values the class's constructor accepts (its own checks: finite bounds, min ≤ max, "
    "probabilities summing to 1…)."
)


def _set_when_fitted(flag: str | None, names: list[str]) -> Check:
    condition = f" and hyperparameter `{flag}` is not false" if flag else ""

    def check(fields: dict[str, Any]) -> RuleViolation | None:
        if fields.get("isFitted") is not True or (flag and hyperparameter_of(fields, flag) is False):
            return None
        for name in names:
            value = fields.get(name, UNDEFINED)
            if value is None or value is UNDEFINED:
                return RuleViolation(name, f"a value once the step is fitted{condition}", describe_value(value))
        return None

    return check


def _rows_equal(field: str, name: str) -> Check:
    def check(fields: dict[str, Any]) -> RuleViolation | None:
        value = fields.get(field)
        expected = hyperparameter_of(fields, name)
        if not isinstance(value, np.ndarray) or not is_number(expected):
            return None
        if value.ndim > 0 and value.shape[0] == expected:
            return None
        shown = int(expected) if float(expected).is_integer() else expected
        return RuleViolation(field, f"{shown} rows (hyperparameter {name})", describe_value(value))

    return check


def _one_per_step(field: str, steps: str) -> Check:
    def check(fields: dict[str, Any]) -> RuleViolation | None:
        a, b = fields.get(field), fields.get(steps)
        if not isinstance(a, list) or not isinstance(b, list) or len(a) == len(b):
            return None
        return RuleViolation(field, f"{len(b)} entries (one per stage)", f"{len(a)}")

    return check


def _logistic(fields: dict[str, Any]) -> RuleViolation | None:
    coef = fields.get("coef")
    classes = fields.get("classes")
    if classes is None or classes is UNDEFINED:
        return None
    if len({"string" if isinstance(c, str) else "number" for c in classes}) > 1:
        return RuleViolation("classes", "labels that are all numbers or all strings", "a mix")
    if coef is None:
        return None
    k = 1 if len(classes) == 2 else len(classes)
    if coef.shape[0] == k:
        return None
    return RuleViolation("coef", f"{k} rows for {len(classes)} classes", describe_value(coef))


def _linear(fields: dict[str, Any]) -> RuleViolation | None:
    coef = fields.get("coef")
    intercept = fields.get("intercept")
    if not isinstance(coef, np.ndarray) or not isinstance(intercept, np.ndarray):
        return None
    if coef.ndim == 1:
        ok = intercept.ndim == 0
    else:
        ok = intercept.ndim == 1 and intercept.shape[0] == coef.shape[0]
    if ok:
        return None
    dims = ", ".join(str(d) for d in coef.shape)
    return RuleViolation("intercept", f"a shape matching coef [{dims}]", describe_value(intercept))


def _saver_held(saver_id: str) -> Check:
    def check(fields: dict[str, Any]) -> RuleViolation | None:
        savers = fields.get("savers") or []
        if any(isinstance(s, Obj) and s.class_id == saver_id for s in savers):
            return None
        return RuleViolation("savers", f"a list holding {saver_id}", describe_value(savers))

    return check


def _constructor(class_id: str) -> Check:
    build = CONSTRUCTOR_CHECKS.get(class_id)
    if build is None:
        raise UnknownRuleError(class_id, _CONSTRUCTOR)

    def check(fields: dict[str, Any]) -> RuleViolation | None:
        try:
            build(fields)
        except ValueError as error:
            return RuleViolation("(fields)", "arguments the class's constructor accepts", str(error))
        return None

    return check


def _every_at_most(field: str, limit: int) -> Check:
    def check(fields: dict[str, Any]) -> RuleViolation | None:
        values = fields.get(field)
        if not isinstance(values, list):
            return None
        for i, v in enumerate(values):
            if isinstance(v, (int, float)) and not isinstance(v, bool) and v > limit:
                return RuleViolation(f"{field}[{i}]", f"at most {limit}", str(v))
        return None

    return check


def rule_check(class_id: str, sentence: str) -> Check:
    """The check of one rule sentence of ``class_id``; :class:`UnknownRuleError` when there is none."""
    m = _SET_WHEN_FITTED.match(sentence)
    if m:
        return _set_when_fitted(m.group(1), re.findall(r"`(\w+)`", m.group(2)))
    m = _ONE_PER_STEP.match(sentence)
    if m:
        return _one_per_step(m.group(1), m.group(2))
    m = _EVERY_AT_MOST.match(sentence)
    if m:
        return _every_at_most(m.group(1), int(m.group(2)))
    m = _ROWS_EQUAL.match(sentence)
    if m:
        return _rows_equal(m.group(1), m.group(2))
    if sentence == _LOGISTIC:
        return _logistic
    if sentence == _LINEAR:
        return _linear
    m = _SAVER_HELD.match(sentence)
    if m:
        return _saver_held(m.group(1))
    if sentence == _CONSTRUCTOR:
        return _constructor(class_id)
    raise UnknownRuleError(class_id, sentence)
