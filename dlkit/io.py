"""Model files: one ``.npz`` archive of plain arrays, described by a JSON manifest.

A model file never holds pickled Python objects, so loading one runs no code
from the file. It is an ordinary NumPy ``.npz`` archive with

- one array per parameter, named by its place in the model: ``"W"`` for a
  lone layer, ``"0.W"`` for the first layer of a Sequential, ``"2.1.gamma"``
  deeper down;
- the manifest under ``"__manifest__"``, UTF-8 JSON stored as a uint8 array:
  the format and its version, the dlkit version, the architecture (class names
  and ``config()`` of every layer, nested as the layers are), your metadata
  (hyperparameters, scores, ...) and the shape, dtype and SHA-256 of every
  array.

:func:`load` rebuilds the architecture only from classes in a registry of
known layer classes, then checks every array against the manifest before any
of it reaches the model; a file that is truncated, edited or not a dlkit model
raises a ValueError that says what is wrong, and no model is returned. The
checksums catch damage and careless edits; they are no signature, so someone
who rewrites the manifest too can still change the numbers. Load only files
you trust to hold the model they claim to.

Layer classes join the registry with :func:`register` (also available as
``dlkit.nn.register``); every layer of dlkit is registered. A layer whose
constructor takes its sublayers, as ``Sequential(*layers)`` does, defines a
classmethod ``from_config(config, sublayers)``; any other layer is rebuilt as
``cls(**config)`` and must create its own sublayers.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dlkit import __version__

if TYPE_CHECKING:
    from dlkit.nn.layer import Layer

# NOTE: dlkit.nn imports this module (its layers register themselves), so this
# module imports dlkit.nn only inside functions, never at the top.

__all__ = ["FORMAT", "FORMAT_VERSION", "load", "read_manifest", "register",
           "registered", "save"]

FORMAT = "dlkit-model"
FORMAT_VERSION = 1
MANIFEST_KEY = "__manifest__"

_REGISTRY: dict[str, type[Layer]] = {}      # name in files -> class
_NAMES: dict[type[Layer], str] = {}         # class -> name in files


# ----------------------------------------------------------------- registry

def register(cls: type[Layer] | None = None, *, name: str | None = None):
    """Allow :func:`load` to rebuild layers of class ``cls``.

    Use as a decorator, ``@register`` or ``@register(name="MyDense")``, or call
    ``register(MyLayer)``. Registering a class again under its name (e.g. when
    a notebook cell that defines it runs twice) replaces the old entry.

    Parameters
    ----------
    cls : subclass of Layer
    name : str, optional
        The name written to model files; the class name by default.

    Returns
    -------
    cls, unchanged (or a decorator, when called with only ``name``)
    """
    from dlkit.nn.layer import Layer

    if cls is None:
        return lambda c: register(c, name=name)
    if not (isinstance(cls, type) and issubclass(cls, Layer)):
        raise TypeError(f"register expects a Layer subclass; got {cls!r}. "
                        f"Decorate the class itself: @register above "
                        f"'class MyLayer(Layer):'.")
    key = cls.__name__ if name is None else name
    old = _REGISTRY.get(key)
    if old is not None and _qualified(old) != _qualified(cls):
        raise ValueError(f"register: the name {key!r} is already taken by "
                         f"{_qualified(old)}; got {_qualified(cls)}. Register it "
                         f"under another name: register({cls.__name__}, "
                         f"name='My{key}').")
    if old is not None:
        _NAMES.pop(old, None)
    _REGISTRY[key] = cls
    _NAMES[cls] = key
    return cls


def registered() -> dict[str, type[Layer]]:
    """A copy of the registry: file name of a class -> the class."""
    _load_builtin_layers()
    return dict(_REGISTRY)


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _load_builtin_layers() -> None:
    import dlkit.nn  # noqa: F401  (importing registers every dlkit layer)


# --------------------------------------------------------------------- save

def _jsonable(value, what: str):
    """``value`` as plain JSON types, or a TypeError saying what is wrong."""
    def convert(v):
        if isinstance(v, np.generic):
            return v.item()
        if isinstance(v, np.ndarray):
            return v.tolist()
        if isinstance(v, (tuple, set)):
            return list(v)
        raise TypeError(f"{v!r} of type {type(v).__name__}")
    try:
        return json.loads(json.dumps(value, default=convert, allow_nan=True))
    except (TypeError, ValueError) as err:
        raise TypeError(f"save: {what} must hold JSON values (str, int, float, "
                        f"bool, None, lists, dicts); found {err}. Convert it "
                        f"first, e.g. str(value) or float(value).") from None


def _checksum(array: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(array).data).hexdigest()


def _describe(layer: Layer, path: str, arrays: dict[str, np.ndarray]) -> dict:
    """The manifest node of ``layer``; its parameters are added to ``arrays``."""
    cls = type(layer)
    name = _NAMES.get(cls)
    if name is None:
        raise ValueError(f"save: {cls.__name__} at {path or 'the top'} is not a "
                         f"registered layer class, so load could not rebuild it. "
                         f"Register it first: dlkit.nn.register({cls.__name__}).")
    config = _jsonable(layer.config(), f"{cls.__name__}.config()")
    if not hasattr(cls, "from_config"):
        try:
            inspect.signature(cls).bind(**config)
        except TypeError as err:
            raise ValueError(f"save: {cls.__name__}(**config()) would fail at load "
                             f"({err}). Make config() return exactly the "
                             f"constructor's arguments.") from None

    for key, value in layer.params.items():
        if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf":
            got = getattr(value, "dtype", type(value).__name__)
            raise TypeError(f"save: {cls.__name__}.params[{key!r}] must be a "
                            f"numeric ndarray; got {got}. Keep parameters as "
                            f"float arrays.")
        arrays[f"{path}.{key}" if path else key] = value
    children = [_describe(sub, f"{path}.{i}" if path else str(i), arrays)
                for i, sub in enumerate(layer.sublayers())]
    return {"class": name, "config": config, "params": list(layer.params),
            "sublayers": children}


def save(model: Layer, path: str | os.PathLike, **metadata) -> Path:
    """Write ``model`` and ``metadata`` to one ``.npz`` file.

    The file is written to a temporary name and then renamed, so an existing
    file is replaced only by a complete one.

    Parameters
    ----------
    model : Layer
        Any dlkit layer, usually a Sequential; every class in it must be
        registered.
    path : str or path-like
        Where to write; ``.npz`` is appended if the name has no suffix.
    **metadata
        JSON-compatible values stored with the model, e.g. ``lr=0.1,
        epochs=20, val_accuracy=0.97``. NumPy scalars and arrays are converted.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    from dlkit.nn.layer import Layer

    if not isinstance(model, Layer):
        raise TypeError(f"save: model must be a dlkit Layer; got "
                        f"{type(model).__name__}. Pass the model, then the path: "
                        f"save(model, 'model.npz').")
    _load_builtin_layers()
    path = Path(path)
    if not path.suffix:
        path = path.with_suffix(".npz")

    arrays: dict[str, np.ndarray] = {}
    architecture = _describe(model, "", arrays)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "dlkit_version": __version__,
        "architecture": architecture,
        "metadata": _jsonable(metadata, "metadata"),
        "arrays": {name: {"shape": list(a.shape), "dtype": a.dtype.name,
                          "sha256": _checksum(a)} for name, a in arrays.items()},
    }
    text = json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8")

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            np.savez(file, **arrays,
                     **{MANIFEST_KEY: np.frombuffer(text, dtype=np.uint8)})
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# --------------------------------------------------------------------- load

class _Bad(ValueError):
    """A problem found in a model file (re-raised with the file's name)."""


def _open(path: Path):
    if not path.is_file():
        raise FileNotFoundError(f"load: no model file at {str(path)!r}. Check the "
                                f"path (save appends .npz when there is no "
                                f"suffix).")
    if path.stat().st_size == 0:
        raise _Bad("the file is empty")
    try:
        archive = np.load(path, allow_pickle=False)
    except ValueError as err:
        if "pickle" in str(err):
            raise _Bad("it is not an .npz archive (nor any NumPy file); it was "
                       "not written by dlkit.io.save") from None
        raise _Bad(f"it cannot be read as an .npz archive ({err})") from None
    except (zipfile.BadZipFile, EOFError, OSError) as err:
        raise _Bad(f"it is not a complete .npz archive, perhaps truncated "
                   f"({type(err).__name__}: {err})") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise _Bad("it holds a single array (.npy), not a dlkit model archive")
    return archive


def _member(archive, name: str) -> np.ndarray:
    try:
        value = archive[name]
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as err:
        raise _Bad(f"the entry {name!r} is damaged ({type(err).__name__}: "
                   f"{err})") from None
    if not isinstance(value, np.ndarray):       # NpzFile gives raw bytes then
        raise _Bad(f"the entry {name!r} is damaged: it is not a NumPy array")
    return value


def _read_manifest(archive) -> dict:
    if MANIFEST_KEY not in archive.files:
        raise _Bad("it has no dlkit manifest; it is an .npz archive of other "
                   "arrays (np.savez), not a file written by dlkit.io.save")
    raw = _member(archive, MANIFEST_KEY)
    if raw.dtype != np.uint8 or raw.ndim != 1:
        raise _Bad(f"the manifest must be a 1-d uint8 array; got {raw.dtype} of "
                   f"shape {raw.shape}")
    try:
        manifest = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise _Bad(f"the manifest is not valid JSON ({err})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else manifest
        raise _Bad(f"the manifest's format is {found!r}, not {FORMAT!r}")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise _Bad(f"the manifest's format_version must be a positive int; got "
                   f"{version!r}")
    if version > FORMAT_VERSION:
        raise _Bad(f"it was written in format version {version} by dlkit "
                   f"{manifest.get('dlkit_version')}; this dlkit ({__version__}) "
                   f"reads up to version {FORMAT_VERSION}. Upgrade dlkit")
    for key, kind in (("architecture", dict), ("arrays", dict), ("metadata", dict)):
        if not isinstance(manifest.get(key), kind):
            raise _Bad(f"the manifest's {key!r} entry is missing or not a "
                       f"{kind.__name__}")
    return manifest


def _read_arrays(archive, manifest: dict) -> dict[str, np.ndarray]:
    """Every listed array, each checked against its shape, dtype and checksum."""
    listed = manifest["arrays"]
    present = set(archive.files) - {MANIFEST_KEY}
    if present - set(listed):
        raise _Bad(f"it holds arrays the manifest does not list: "
                   f"{sorted(present - set(listed))}")
    arrays = {}
    for name, spec in listed.items():
        if name not in present:
            raise _Bad(f"the array {name!r} listed in the manifest is missing")
        if not isinstance(spec, dict) or not {"shape", "dtype", "sha256"} <= set(spec):
            raise _Bad(f"the manifest's entry for {name!r} lacks shape, dtype or "
                       f"sha256")
        array = _member(archive, name)
        if list(array.shape) != spec["shape"]:
            raise _Bad(f"the array {name!r} has shape {array.shape}; the manifest "
                       f"says {tuple(spec['shape'])}")
        if array.dtype.kind not in "biuf" or array.dtype.str != np.dtype(
                array.dtype.name).str or array.dtype.name != spec["dtype"]:
            raise _Bad(f"the array {name!r} has dtype {array.dtype.str}; the "
                       f"manifest says {spec['dtype']}")
        if _checksum(array) != spec["sha256"]:
            raise _Bad(f"the array {name!r} does not match its SHA-256 checksum: "
                       f"its values were changed after saving")
        arrays[name] = array
    return arrays


def _normal(config) -> str:
    return json.dumps(config, sort_keys=True)


def _build(node, where: str) -> Layer:
    """A fresh layer for the manifest ``node``, its sublayers included."""
    if not isinstance(node, dict) or not isinstance(node.get("class"), str):
        raise _Bad(f"the architecture entry at {where} has no class name")
    name, config = node["class"], node.get("config", {})
    children, params = node.get("sublayers", []), node.get("params", [])
    if not (isinstance(config, dict) and isinstance(children, list)
            and isinstance(params, list)):
        raise _Bad(f"the architecture entry {name!r} at {where} is malformed")
    cls = _REGISTRY.get(name)
    if cls is None:
        raise _Bad(f"it names the layer class {name!r} at {where}, which is not a "
                   f"registered dlkit layer (known: {', '.join(sorted(_REGISTRY))})"
                   f". If it is your own class, register it with "
                   f"dlkit.nn.register before loading")

    try:
        if hasattr(cls, "from_config"):
            subs = [_build(child, f"{where}.{i}") for i, child in enumerate(children)]
            layer = cls.from_config(config, subs)
        else:
            layer = cls(**config)
    except _Bad:
        raise
    except (TypeError, ValueError, MemoryError) as err:
        raise _Bad(f"the config of {name} at {where} is not accepted: "
                   f"{type(err).__name__}: {err}") from None

    actual = layer.sublayers()
    if len(actual) != len(children):
        raise _Bad(f"{name} at {where} has {len(actual)} sublayers when rebuilt; "
                   f"the file describes {len(children)}")
    for i, (sub, child) in enumerate(zip(actual, children, strict=True)):
        _match(sub, child, f"{where}.{i}")
    return layer


def _match(layer: Layer, node, where: str) -> None:
    """Check that a sublayer its parent built matches the manifest's node."""
    if not isinstance(node, dict):
        raise _Bad(f"the architecture entry at {where} is malformed")
    name = _NAMES.get(type(layer), type(layer).__name__)
    if name != node.get("class") or _normal(
            _jsonable(layer.config(), "config")) != _normal(node.get("config")):
        raise _Bad(f"the layer at {where} is rebuilt as {name} "
                   f"{layer.config()}; the file describes {node.get('class')} "
                   f"{node.get('config')}")
    children = node.get("sublayers", [])
    if not isinstance(children, list) or len(children) != len(layer.sublayers()):
        raise _Bad(f"the sublayers of {name} at {where} differ from the file's")
    for i, (sub, child) in enumerate(zip(layer.sublayers(), children, strict=True)):
        _match(sub, child, f"{where}.{i}")


def _fill(layer: Layer, node: dict, path: str, arrays: dict) -> None:
    """Copy the file's arrays into ``layer.params`` in place, checking each."""
    if set(node.get("params", [])) != set(layer.params):
        raise _Bad(f"{type(layer).__name__} at {path or 'the top'} has parameters "
                   f"{sorted(layer.params)}; the file lists "
                   f"{sorted(node.get('params', []))}")
    for key, param in layer.params.items():
        name = f"{path}.{key}" if path else key
        if name not in arrays:
            raise _Bad(f"the array {name!r} for {type(layer).__name__} is missing")
        array = arrays[name]
        if array.shape != param.shape or array.dtype != param.dtype:
            raise _Bad(f"the array {name!r} is {array.dtype} of shape "
                       f"{array.shape}; the rebuilt {type(layer).__name__} needs "
                       f"{param.dtype} of shape {param.shape}")
    for key, param in layer.params.items():
        param[...] = arrays[f"{path}.{key}" if path else key]
    pairs = zip(layer.sublayers(), node["sublayers"], strict=True)
    for i, (sub, child) in enumerate(pairs):
        _fill(sub, child, f"{path}.{i}" if path else str(i), arrays)


def read_manifest(path: str | os.PathLike) -> dict:
    """The manifest of a model file (metadata, versions, architecture, arrays).

    Only the manifest is read and checked; use :func:`load` for the model.
    """
    path = Path(path)
    try:
        with _open(path) as archive:
            return _read_manifest(archive)
    except _Bad as err:
        raise ValueError(f"read_manifest: {str(path)!r} is not a usable dlkit "
                         f"model file: {err}.") from None


def load(path: str | os.PathLike) -> Layer:
    """Rebuild the model saved in ``path``, checking everything on the way.

    The model comes back in evaluation mode, ready for prediction; call
    ``model.train()`` to train it further. Its metadata is in
    :func:`read_manifest`.

    Raises
    ------
    FileNotFoundError
        No file at ``path``.
    ValueError
        The file is not a dlkit model, is truncated, was changed after saving,
        or names a layer class that is not registered. Nothing is returned.
    """
    _load_builtin_layers()
    path = Path(path)
    try:
        with _open(path) as archive:
            manifest = _read_manifest(archive)
            arrays = _read_arrays(archive, manifest)
        model = _build(manifest["architecture"], "the top")
        _fill(model, manifest["architecture"], "", arrays)
    except _Bad as err:
        raise ValueError(f"load: {str(path)!r} is not a usable dlkit model file: "
                         f"{err}.") from None
    return model.eval()
