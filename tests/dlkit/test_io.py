"""Tests of dlkit.io: round trips, the registry, and files that must be refused."""

import json
import zipfile

import numpy as np
import pytest

from dlkit import __version__, io
from dlkit.nn import (
    GELU,
    Dense,
    Dropout,
    Embedding,
    Flatten,
    LayerNorm,
    LeakyReLU,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Tanh,
    register,
)
from dlkit.nn.layer import Layer


@pytest.fixture(autouse=True)
def private_registry(monkeypatch):
    """Each test registers classes into a copy of the registry, not the real one."""
    monkeypatch.setattr(io, "_REGISTRY", dict(io._REGISTRY))
    monkeypatch.setattr(io, "_NAMES", dict(io._NAMES))


def _model():
    rng = np.random.default_rng(0)
    return Sequential(Dense(4, 6, rng=rng, init="he"), LayerNorm(6), ReLU(),
                      Dropout(0.3), Dense(6, 3, rng=rng, dtype=np.float64), Softmax())


def _rewrite(src, dst, change):
    """Copy a model file, letting ``change(arrays, manifest)`` edit it first."""
    with np.load(src, allow_pickle=False) as archive:
        arrays = {k: archive[k] for k in archive.files if k != io.MANIFEST_KEY}
        manifest = json.loads(archive[io.MANIFEST_KEY].tobytes())
    change(arrays, manifest)
    text = json.dumps(manifest).encode()
    np.savez(dst, **arrays, **{io.MANIFEST_KEY: np.frombuffer(text, np.uint8)})
    return dst


@pytest.fixture
def saved(tmp_path):
    return io.save(_model(), tmp_path / "model.npz", lr=0.1, epochs=3)


# ------------------------------------------------------------- round trips

def test_round_trip_gives_the_same_predictions(saved):
    """Does the loaded model predict exactly what the saved one did?"""
    x = np.random.default_rng(1).standard_normal((5, 4)).astype(np.float32)
    loaded = io.load(saved)
    np.testing.assert_array_equal(loaded.forward(x), _model().eval().forward(x))
    assert repr(loaded) == repr(_model())


def test_loaded_model_is_in_evaluation_mode_with_its_own_arrays(saved):
    """Is the model returned in eval mode, each param a writable array of its own?"""
    loaded = io.load(saved)
    assert not any(layer.training for layer in loaded.layers())
    w = loaded[0].params["W"]
    w += 1.0                                     # optimisers update in place
    assert loaded[0].params["W"] is w


@pytest.mark.parametrize("layer, x", [
    (Dense(3, 2, rng=5, dtype=np.float64), np.ones((2, 3))),
    (LayerNorm(3, eps=1e-3), np.arange(6.0).reshape(2, 3)),
    (Embedding(6, 2, rng=4), np.array([[0, 5, 2]])),
    (Sigmoid(), np.ones((1, 2))), (Tanh(), np.ones((1, 2))),
    (LeakyReLU(0.2), -np.ones((1, 2))), (GELU(), np.ones((1, 2))),
    (Softmax(axis=0), np.ones((2, 2))), (Flatten(), np.ones((2, 2, 2))),
    (Dropout(0.5), np.ones((1, 2))),
])
def test_every_layer_round_trips_alone(tmp_path, layer, x):
    """Does each registered layer, saved by itself, come back equal?"""
    loaded = io.load(io.save(layer, tmp_path / "one"))
    assert type(loaded) is type(layer) and loaded.config() == layer.config()
    np.testing.assert_array_equal(loaded.forward(x), layer.eval().forward(x))


def test_nested_sequential(tmp_path):
    """Do stacks inside stacks keep their structure and parameters?"""
    model = Sequential(Sequential(Dense(2, 3, rng=1), Tanh()), Dense(3, 1, rng=2))
    loaded = io.load(io.save(model, tmp_path / "nested.npz"))
    np.testing.assert_array_equal(loaded[0][0].params["W"], model[0][0].params["W"])
    assert "0.0.W" in io.read_manifest(tmp_path / "nested.npz")["arrays"]


def test_manifest_contents(saved):
    """Does the manifest hold versions, metadata, architecture and checksums?"""
    manifest = io.read_manifest(saved)
    assert manifest["format"] == "dlkit-model" and manifest["format_version"] == 1
    assert manifest["dlkit_version"] == __version__
    assert manifest["metadata"] == {"lr": 0.1, "epochs": 3}
    assert manifest["architecture"]["class"] == "Sequential"
    assert [n["class"] for n in manifest["architecture"]["sublayers"]] == [
        "Dense", "LayerNorm", "ReLU", "Dropout", "Dense", "Softmax"]
    spec = manifest["arrays"]["4.W"]
    assert spec["shape"] == [6, 3] and spec["dtype"] == "float64"
    assert len(spec["sha256"]) == 64


def test_file_holds_no_pickle_and_the_manifest_as_bytes(saved):
    """Is every entry a plain .npy array, the manifest a uint8 one?"""
    with np.load(saved, allow_pickle=False) as archive:
        assert archive[io.MANIFEST_KEY].dtype == np.uint8
        assert all(archive[k].dtype.kind in "biuf" for k in archive.files)


def test_numpy_metadata_is_converted_and_suffix_added(tmp_path):
    """Are NumPy scalars and arrays stored as JSON, and .npz appended to a bare name?"""
    path = io.save(Dense(2, 2), tmp_path / "model", acc=np.float32(0.5),
                   history=np.array([1.0, 0.5]), layers=(2, 2))
    assert path.name == "model.npz"
    assert io.read_manifest(path)["metadata"] == {"acc": 0.5, "history": [1.0, 0.5],
                                                  "layers": [2, 2]}


def test_a_failed_save_leaves_the_old_file(tmp_path, monkeypatch):
    """If writing fails midway, is the old file intact and no temporary file left?"""
    path = io.save(Dense(2, 2), tmp_path / "model.npz")
    before = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", broken)
    with pytest.raises(OSError, match="disk full"):
        io.save(Dense(3, 3), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]


# ---------------------------------------------------------------- registry

class Scale(Layer):
    """A user's layer: multiplies by a learned vector."""

    def __init__(self, features: int) -> None:
        super().__init__()
        self.features = features
        self.params = {"s": np.full(features, 2.0)}

    def forward(self, x):
        return x * self.params["s"]

    def config(self):
        return {"features": self.features}


class Block(Layer):
    """A layer that builds its own sublayers from its config."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width
        self.inner = Sequential(Dense(width, width, dtype=np.float64), Tanh())

    def sublayers(self):
        return [self.inner]

    def forward(self, x):
        return self.inner.forward(x)

    def config(self):
        return {"width": self.width}


def test_users_layer_round_trips_once_registered(tmp_path):
    """Can a registered user layer be saved and loaded, and refused if not?"""
    layer = Scale(3)
    layer.params["s"][...] = [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match=r"save: Scale at the top is not a "
                                         r"registered layer class.*"
                                         r"dlkit.nn.register\(Scale\)"):
        io.save(layer, tmp_path / "scale.npz")
    register(Scale)
    loaded = io.load(io.save(layer, tmp_path / "scale.npz"))
    np.testing.assert_array_equal(loaded.params["s"], [1.0, 2.0, 3.0])


def test_layer_that_builds_its_sublayers(tmp_path):
    """Is a composite layer rebuilt from its config and its children filled?"""
    register(Block)
    block = Block(2)
    block.inner[0].params["W"][...] = [[1.0, 2.0], [3.0, 4.0]]
    loaded = io.load(io.save(block, tmp_path / "block.npz"))
    np.testing.assert_array_equal(loaded.inner[0].params["W"], [[1, 2], [3, 4]])


def test_composite_whose_children_differ_from_the_file(tmp_path):
    """Does a file whose sublayers disagree with what the class builds fail?"""
    register(Block)
    path = io.save(Block(2), tmp_path / "block.npz")

    def change(arrays, manifest):
        manifest["architecture"]["sublayers"][0]["sublayers"][1]["class"] = "ReLU"

    _rewrite(path, tmp_path / "bad.npz", change)
    with pytest.raises(ValueError, match=r"the layer at the top.0.1 is rebuilt as "
                                         r"Tanh \{\}; the file describes ReLU"):
        io.load(tmp_path / "bad.npz")


def test_register_as_decorator_with_a_name_and_replacing():
    """Does @register(name=...) work, and re-registering the same class replace it?"""
    @register(name="MyScale")
    class Scale(Layer):       # same qualified name twice, as in a re-run cell
        pass

    first = Scale
    assert io.registered()["MyScale"] is first

    @register(name="MyScale")
    class Scale(Layer):       # noqa: F811
        pass

    assert io.registered()["MyScale"] is Scale is not first


def test_register_errors():
    """Do a non-layer and a taken name raise errors that say what to do?"""
    with pytest.raises(TypeError, match=r"register expects a Layer subclass; got "
                                        r"<class 'dict'>"):
        register(dict)

    class Dense(Layer):        # a different class with a built-in's name
        pass

    with pytest.raises(ValueError, match=r"the name 'Dense' is already taken by "
                                         r"dlkit.nn.dense.Dense.*name='MyDense'"):
        register(Dense)


def test_save_checks_that_config_rebuilds_the_layer(tmp_path):
    """Is a config() that misses a constructor argument caught at save time?"""
    class Forgetful(Scale):
        def config(self):
            return {}

    register(Forgetful)
    with pytest.raises(ValueError, match=r"Forgetful\(\*\*config\(\)\) would fail "
                                         r"at load .*missing a required argument"):
        io.save(Forgetful(2), tmp_path / "f.npz")


@pytest.mark.parametrize("call, error, message", [
    (lambda p: io.save("model", p), TypeError,
     r"save: model must be a dlkit Layer; got str"),
    (lambda p: io.save(Dense(2, 2), p, when=object()), TypeError,
     r"save: metadata must hold JSON values .*found <object object"),
])
def test_save_argument_errors(tmp_path, call, error, message):
    """Do a non-layer model and non-JSON metadata raise clear errors?"""
    with pytest.raises(error, match=message):
        call(tmp_path / "m.npz")


def test_non_numeric_parameter_is_refused(tmp_path):
    """Is a parameter that is no numeric array refused (it would need pickle)?"""
    register(Scale)
    layer = Scale(2)
    layer.params["s"] = np.array(["a", "b"], dtype=object)
    with pytest.raises(TypeError, match=r"Scale.params\['s'\] must be a numeric "
                                        r"ndarray; got object"):
        io.save(layer, tmp_path / "s.npz")


# ------------------------------------------------------ files to be refused

def _load_error(path, message):
    with pytest.raises(ValueError, match=r"load: .* is not a usable dlkit model "
                                         r"file: " + message):
        io.load(path)


def test_missing_file(tmp_path):
    """Does a missing file raise FileNotFoundError with the path?"""
    with pytest.raises(FileNotFoundError, match=r"no model file at .*nothing.npz"):
        io.load(tmp_path / "nothing.npz")


def test_truncated_file(saved, tmp_path):
    """Is a file cut in half refused as truncated?"""
    cut = tmp_path / "cut.npz"
    cut.write_bytes(saved.read_bytes()[: saved.stat().st_size // 2])
    _load_error(cut, r"it is not a complete .npz archive, perhaps truncated")


def test_flipped_byte_is_caught(saved, tmp_path):
    """Is one changed byte inside an array's data detected?"""
    raw = bytearray(saved.read_bytes())
    raw[raw.find(b"4.W.npy") + 150] ^= 0xFF
    flipped = tmp_path / "flipped.npz"
    flipped.write_bytes(bytes(raw))
    _load_error(flipped, r"the entry '4.W' is damaged")


@pytest.mark.parametrize("content, message", [
    (b"just some text, not an archive", r"it is not an .npz archive"),
    (b"", r"the file is empty"),
    (b"PK\x03\x04 and then nothing", r"it is not a complete .npz archive"),
])
def test_foreign_files(tmp_path, content, message):
    """Are a text file, an empty file and a zip stub refused with a clear reason?"""
    path = tmp_path / "foreign.npz"
    path.write_bytes(content)
    _load_error(path, message)


def test_npy_and_plain_npz(tmp_path):
    """Are a single .npy array and an .npz without manifest refused?"""
    np.save(tmp_path / "a.npy", np.ones(3))
    _load_error(tmp_path / "a.npy", r"it holds a single array \(.npy\)")
    np.savez(tmp_path / "plain.npz", W=np.ones(3))
    _load_error(tmp_path / "plain.npz", r"it has no dlkit manifest")


def test_pickled_entry_is_refused(saved, tmp_path):
    """Is an entry holding a pickled object refused without unpickling it?"""
    def change(arrays, manifest):
        arrays["extra"] = np.array([{"evil": 1}], dtype=object)
        manifest["arrays"]["extra"] = {"shape": [1], "dtype": "object",
                                       "sha256": "0" * 64}

    _rewrite(saved, tmp_path / "pickled.npz", change)
    _load_error(tmp_path / "pickled.npz", r"the entry 'extra' is damaged "
                                          r"\(ValueError: .*pickle")


def _edit(arrays, manifest):
    """Nothing changed: the baseline for the edits below."""


def _new_values(arrays, manifest):
    arrays["0.W"] = arrays["0.W"] + 1


def _unknown_class(arrays, manifest):
    manifest["architecture"]["sublayers"][2]["class"] = "os.system"


def _bad_config(arrays, manifest):
    manifest["architecture"]["sublayers"][0]["config"]["in_features"] = "four"


def _extra_config(arrays, manifest):
    manifest["architecture"]["sublayers"][2]["config"]["rm"] = "-rf"


def _wrong_shape(arrays, manifest):
    manifest["arrays"]["0.b"]["shape"] = [7]


def _missing_array(arrays, manifest):
    del arrays["0.b"]


def _unlisted_array(arrays, manifest):
    arrays["secret"] = np.zeros(2)


def _newer_format(arrays, manifest):
    manifest["format_version"] = 99


def _other_format(arrays, manifest):
    manifest["format"] = "keras"


def _dtype_disagrees_with_layer(arrays, manifest):
    arrays["4.W"] = arrays["4.W"].astype(np.float32)
    spec = manifest["arrays"]["4.W"]
    spec["dtype"], spec["sha256"] = "float32", io._checksum(arrays["4.W"])


def _param_keys_differ(arrays, manifest):
    manifest["architecture"]["sublayers"][1]["params"] = ["gamma"]


def _wrong_dtype_in_manifest(arrays, manifest):
    manifest["arrays"]["0.W"]["dtype"] = "float64"


def _no_architecture(arrays, manifest):
    del manifest["architecture"]


def _version_not_int(arrays, manifest):
    manifest["format_version"] = "1"


def _spec_without_checksum(arrays, manifest):
    del manifest["arrays"]["0.W"]["sha256"]


def _node_without_class(arrays, manifest):
    del manifest["architecture"]["sublayers"][3]["class"]


def _node_config_not_a_dict(arrays, manifest):
    manifest["architecture"]["sublayers"][3]["config"] = [0.3]


def _param_without_array(arrays, manifest):
    del arrays["0.b"], manifest["arrays"]["0.b"]


@pytest.mark.parametrize("change, message", [
    (_new_values, r"the array '0.W' does not match its SHA-256 checksum"),
    (_unknown_class, r"it names the layer class 'os.system' at the top.2, which "
                     r"is not a registered dlkit layer \(known: .*Dense.*\)"),
    (_bad_config, r"the config of Dense at the top.0 is not accepted: TypeError: "
                  r"Dense: in_features must be an int"),
    (_extra_config, r"the config of ReLU at the top.2 is not accepted: TypeError:"
                    r".*unexpected keyword argument 'rm'"),
    (_wrong_shape, r"the array '0.b' has shape \(6,\); the manifest says \(7,\)"),
    (_missing_array, r"the array '0.b' listed in the manifest is missing"),
    (_unlisted_array, r"it holds arrays the manifest does not list: \['secret'\]"),
    (_newer_format, r"it was written in format version 99 .*reads up to version 1. "
                    r"Upgrade dlkit"),
    (_other_format, r"the manifest's format is 'keras', not 'dlkit-model'"),
    (_dtype_disagrees_with_layer, r"the array '4.W' is float32 of shape \(6, 3\); "
                                  r"the rebuilt Dense needs float64"),
    (_param_keys_differ, r"LayerNorm at 1 has parameters \['beta', 'gamma'\]; the "
                         r"file lists \['gamma'\]"),
    (_wrong_dtype_in_manifest, r"the array '0.W' has dtype <f4; the manifest says "
                               r"float64"),
    (_no_architecture, r"the manifest's 'architecture' entry is missing"),
    (_version_not_int, r"the manifest's format_version must be a positive int; "
                       r"got '1'"),
    (_spec_without_checksum, r"the manifest's entry for '0.W' lacks shape, dtype "
                             r"or sha256"),
    (_node_without_class, r"the architecture entry at the top.3 has no class name"),
    (_node_config_not_a_dict, r"the architecture entry 'Dropout' at the top.3 is "
                              r"malformed"),
    (_param_without_array, r"the array '0.b' for Dense is missing"),
], ids=lambda v: v.__name__.strip("_") if callable(v) else "")
def test_edited_files_are_refused(saved, tmp_path, change, message):
    """Is each kind of edit to a saved file refused with a message naming it?"""
    _rewrite(saved, tmp_path / "baseline.npz", _edit)
    assert io.load(tmp_path / "baseline.npz") is not None
    _load_error(_rewrite(saved, tmp_path / "edited.npz", change), message)


def _composite_file(tmp_path, change):
    register(Block)
    return _rewrite(io.save(Block(2), tmp_path / "block.npz"), tmp_path / "e.npz",
                    change)


def test_composite_with_a_different_number_of_children(tmp_path):
    """Does a file listing more sublayers than the class builds fail?"""
    def change(arrays, manifest):
        top = manifest["architecture"]
        top["sublayers"].append(top["sublayers"][0])

    _load_error(_composite_file(tmp_path, change), r"Block at the top has 1 "
                r"sublayers when rebuilt; the file describes 2")


def test_composite_grandchildren_differ(tmp_path):
    """Does a file whose nested sublayer list is shorter than the built one fail?"""
    def change(arrays, manifest):
        manifest["architecture"]["sublayers"][0]["sublayers"].pop()

    _load_error(_composite_file(tmp_path, change), r"the sublayers of Sequential "
                r"at the top.0 differ from the file's")


def test_composite_child_entry_malformed(tmp_path):
    """Is a sublayer entry that is not an object refused?"""
    def change(arrays, manifest):
        manifest["architecture"]["sublayers"] = ["Sequential"]

    _load_error(_composite_file(tmp_path, change), r"the architecture entry at "
                r"the top.0 is malformed")


def test_bad_npy_header(tmp_path):
    """Is a file that starts like .npy but is broken refused?"""
    path = tmp_path / "broken.npy"
    path.write_bytes(b"\x93NUMPY\x01\x00garbage header")
    _load_error(path, r"it cannot be read as an .npz archive")


def test_manifest_that_is_not_an_object(saved, tmp_path):
    """Is a manifest holding a JSON list instead of an object refused?"""
    with np.load(saved, allow_pickle=False) as archive:
        arrays = {k: archive[k] for k in archive.files if k != io.MANIFEST_KEY}
    np.savez(tmp_path / "a.npz", **arrays,
             **{io.MANIFEST_KEY: np.frombuffer(b"[1, 2]", np.uint8)})
    _load_error(tmp_path / "a.npz", r"the manifest's format is \[1, 2\], not "
                                    r"'dlkit-model'")


def test_config_that_is_not_json(tmp_path):
    """Is a config() holding e.g. a dtype object refused at save time?"""
    class Typed(Scale):
        def config(self):
            return {"features": 2, "dtype": np.dtype("float32")}

    register(Typed)
    with pytest.raises(TypeError, match=r"save: Typed.config\(\) must hold JSON "
                                        r"values .*found dtype\('float32'\) of type"):
        io.save(Typed(2), tmp_path / "t.npz")


def test_manifest_that_is_not_json(saved, tmp_path):
    """Are manifest bytes that are not JSON, or not uint8, refused?"""
    with np.load(saved, allow_pickle=False) as archive:
        arrays = {k: archive[k] for k in archive.files if k != io.MANIFEST_KEY}
    np.savez(tmp_path / "a.npz", **arrays,
             **{io.MANIFEST_KEY: np.frombuffer(b"{not json", np.uint8)})
    _load_error(tmp_path / "a.npz", r"the manifest is not valid JSON")
    np.savez(tmp_path / "b.npz", **arrays, **{io.MANIFEST_KEY: np.zeros(3)})
    _load_error(tmp_path / "b.npz", r"the manifest must be a 1-d uint8 array; got "
                                    r"float64")


def test_read_manifest_refuses_foreign_files_too(tmp_path):
    """Does read_manifest give the same kind of ValueError as load?"""
    np.savez(tmp_path / "plain.npz", W=np.ones(3))
    with pytest.raises(ValueError, match=r"read_manifest: .* no dlkit manifest"):
        io.read_manifest(tmp_path / "plain.npz")


def test_zip_with_a_non_npy_member_is_refused(tmp_path):
    """Is a zip archive whose member is not an .npy file refused?"""
    path = tmp_path / "odd.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(io.MANIFEST_KEY + ".npy", b"not an npy header")
    _load_error(path, r"the entry '__manifest__' is damaged")


def test_io_can_be_imported_before_nn():
    """Does 'import dlkit.io' in a fresh interpreter work and see every layer?"""
    import subprocess
    import sys

    code = ("import dlkit.io as io; import dlkit.nn as nn; "
            "assert nn.register is io.register; "
            "assert {'Dense', 'Sequential', 'LayerNorm'} <= set(io.registered())")
    subprocess.run([sys.executable, "-c", code], check=True)
