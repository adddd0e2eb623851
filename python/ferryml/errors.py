"""Every error ferryml raises: one :class:`FerryError` base with a stable ``code``, one class per failure.

The codes of the format errors are the TypeScript package's (``src/errors``), so a program handling both sides
matches on the same strings. Export refusals (:class:`UnsupportedEstimatorError`,
:class:`UnsupportedHyperparameterError`) exist only here.
"""

from __future__ import annotations


class FerryError(Exception):
    """Base of every ferryml error; ``code`` is stable and machine-readable (e.g. ``FERRY_CORRUPT_DUMP``)."""

    code = "FERRY_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CorruptDumpError(FerryError):
    """A dump or pack file is malformed; names the file and the byte offset of the region at fault."""

    code = "FERRY_CORRUPT_DUMP"

    def __init__(self, file: str, offset: int, detail: str) -> None:
        super().__init__(f"Corrupt dump file {file} at byte {offset}: {detail}")
        self.file = file
        self.offset = offset
        self.detail = detail


class UnsupportedFormatVersionError(FerryError):
    """A file uses a major format version newer than this reader knows."""

    code = "FERRY_UNSUPPORTED_FORMAT_VERSION"

    def __init__(self, file: str, found: int, supported: int) -> None:
        super().__init__(
            f"{file} uses dump format v{found}; this ferryml (Python) reads formats up to v{supported}. "
            "Loading it needs a newer ferryml."
        )
        self.file = file
        self.found = found
        self.supported = supported


class UnknownClassError(FerryError):
    """A class id in a dump is not one this reader knows (the classes of field-schemas.json)."""

    code = "FERRY_UNKNOWN_CLASS"

    def __init__(self, class_id: str, registered: list[str], file: str | None = None) -> None:
        where = f" in {file}" if file else ""
        super().__init__(
            f'Unknown class id "{class_id}"{where}. Registered: {", ".join(registered) or "(none)"}'
        )
        self.class_id = class_id
        self.registered = list(registered)
        self.file = file


class InvalidDumpFieldError(FerryError):
    """A decoded step or object breaks its class's field schema (docs/FORMAT.md, "Field schemas")."""

    code = "FERRY_INVALID_DUMP_FIELD"

    def __init__(self, file: str, where: str, field: str, expected: str, found: str) -> None:
        super().__init__(
            f'Invalid dump field in {file} ({where}), field "{field}": expected {expected}, found {found}'
        )
        self.file = file
        self.where = where
        self.field = field
        self.expected = expected
        self.found = found


class UnserializableFieldError(FerryError):
    """A value cannot be written in the dump format (a Python object of no known class, a NaN-free int too big...)."""

    code = "FERRY_UNSERIALIZABLE_FIELD"

    def __init__(self, step_name: str, field_path: str, value_type: str) -> None:
        super().__init__(
            f'Step "{step_name}": field "{field_path}" holds a {value_type}, which cannot be written to a Ferry dump.'
        )
        self.step_name = step_name
        self.field_path = field_path
        self.value_type = value_type


class NotFoundError(FerryError):
    """A file or dump does not exist."""

    code = "FERRY_NOT_FOUND"

    def __init__(self, path: str, detail: str | None = None) -> None:
        super().__init__(f"Not found: {path}" + (f" ({detail})" if detail else ""))
        self.path = path


class InvalidPathError(FerryError):
    """A storage key or step name is not acceptable (``..``, absolute, NUL, reserved ``.ferry-`` names...)."""

    code = "FERRY_INVALID_PATH"

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"Invalid storage path {path!r}: {reason}")
        self.path = path
        self.reason = reason


class ConcurrentSaveError(FerryError):
    """Another writer holds the dump's lock for too long, or a save was interrupted half-way."""

    code = "FERRY_CONCURRENT_SAVE"

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(f"Concurrent save of {path}: {detail}")
        self.path = path


class UnsupportedEstimatorError(FerryError):
    """``ferryml.sklearn`` cannot export (or rebuild) this estimator or step; lists what is supported."""

    code = "FERRY_UNSUPPORTED_ESTIMATOR"

    def __init__(self, what: str, detail: str, supported: list[str]) -> None:
        super().__init__(f"{what}: {detail}. Supported: {', '.join(supported)}")
        self.what = what
        self.supported = list(supported)


class UnsupportedHyperparameterError(FerryError):
    """A scikit-learn hyperparameter value has no exact Ferry counterpart, so the export is refused."""

    code = "FERRY_UNSUPPORTED_HYPERPARAMETER"

    def __init__(self, estimator: str, parameter: str, value: object, detail: str) -> None:
        super().__init__(f"{estimator}({parameter}={value!r}): {detail}")
        self.estimator = estimator
        self.parameter = parameter
        self.value = value


class NotFittedError(FerryError):
    """An estimator given to the export has not been fitted."""

    code = "FERRY_NOT_FITTED"

    def __init__(self, estimator: str) -> None:
        super().__init__(f"{estimator} is not fitted: call fit() before exporting it")
        self.estimator = estimator
