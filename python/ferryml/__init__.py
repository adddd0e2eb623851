"""ferryml for Python: reads and writes Ferry dumps (docs/FORMAT.md) — ``.ferry`` files, dump folders and
``.ferrypack`` packs — with the TypeScript reader's checks, and (``ferryml.sklearn``) exports fitted scikit-learn
estimators to Ferry and rebuilds them from Ferry dumps.

    import ferryml
    step = ferryml.load("models", "model")          # or ferryml.load("model.ferrypack")
    ferryml.save(step, "elsewhere")                 # elsewhere/model/...
    ferryml.save(step, "elsewhere", pack=True)      # elsewhere/model.ferrypack
"""

from __future__ import annotations

import os

from . import errors
from .dump import check_step_tree, encode_step_tree, read_step_tree
from .errors import FerryError
from .limits import DEFAULT_LIMITS, DecodeLimits
from .paths import validate_step_name
from .storage.folder import FolderTree, read_pinned, write_tree
from .storage.pack import PackReader, encode_pack
from .values import UNDEFINED, Int64, Obj, Step, TypedArray

__version__ = "0.2.0"

PACK_EXTENSION = ".ferrypack"

__all__ = [
    "register_class",
    "DecodeLimits",
    "FerryError",
    "Int64",
    "Obj",
    "Step",
    "TypedArray",
    "UNDEFINED",
    "errors",
    "load",
    "load_pack_bytes",
    "pack_bytes",
    "save",
]


def register_class(class_id: str, role: str = "step") -> None:
    """Lets dumps holding your own class ``class_id`` load (``role``: ``step``, ``saver``, ``distribution`` or
    ``object``); like a TypeScript class registered without a schema, it gets only the BaseStep checks."""
    from .schema.registry import SCHEMAS

    SCHEMAS.register(class_id, role)


def load(root: str | os.PathLike[str], name: str | None = None, *, limits: DecodeLimits = DEFAULT_LIMITS) -> Step:
    """Loads the dump ``name`` saved under the folder ``root`` (``root/name/name.ferry`` and its children), or,
    when ``root`` is a ``.ferrypack`` file, the dump it holds (``name`` defaults to the pack's root). Every file is
    checked first; a failure is a :class:`FerryError` (``CorruptDumpError``, ``InvalidDumpFieldError``...)."""
    path = os.fspath(root)
    if os.path.isfile(path):
        with open(path, "rb") as f:
            return load_pack_bytes(f.read(), name, file=path, limits=limits)
    if name is None:
        raise TypeError("load(root, name): name the dump under the folder root")
    tree = FolderTree(path, name)
    return read_pinned(tree, lambda read, keys: read_step_tree(read, tree.name, limits, list_keys=keys))


def load_pack_bytes(
    data: bytes, name: str | None = None, *, file: str = "pack", limits: DecodeLimits = DEFAULT_LIMITS
) -> Step:
    """Loads the dump held by the pack ``data`` (``name`` defaults to the pack's root)."""
    reader = PackReader(data, file, limits)
    root = reader.root if name is None else name
    return read_step_tree(reader.read, root, limits, list_keys=reader.list, read_extra=reader.read_verified)


def pack_bytes(step: Step) -> bytes:
    """The ``.ferrypack`` of the tree of ``step`` (checked like a save)."""
    check_step_tree(step)
    return encode_pack(validate_step_name(step.name), encode_step_tree(step))


def save(step: Step, root: str | os.PathLike[str], *, pack: bool = False) -> str:
    """Writes the tree of ``step`` as the dump ``root/<step.name>/`` (published as one version, like the
    TypeScript adapters), or with ``pack=True`` as the single file ``root/<step.name>.ferrypack``. Every step is
    checked against its schema and every file encoded before anything is written. Returns the path written."""
    check_step_tree(step)
    name = validate_step_name(step.name)
    files = encode_step_tree(step)
    path = os.fspath(root)
    if not pack:
        return write_tree(path, name, files)
    os.makedirs(path, exist_ok=True)
    target = os.path.join(path, name + PACK_EXTENSION)
    tmp = f"{target}.{os.getpid()}.ferry-tmp"
    with open(tmp, "wb") as f:
        f.write(encode_pack(name, files))
    os.replace(tmp, target)
    return target
