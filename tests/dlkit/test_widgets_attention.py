"""Tests of dlkit.widgets.attention, the attention explorer."""

import numpy as np
import pytest

from dlkit.widgets.attention import ALL_HEADS, attention_explorer

PNG = b"\x89PNG\r\n\x1a\n"


def _maps(seed=0, inputs=2, blocks=2, heads=2, length=4):
    rng = np.random.default_rng(seed)
    raw = rng.random((inputs, blocks, heads, length, length))
    return raw / raw.sum(axis=-1, keepdims=True)


@pytest.fixture
def panel():
    maps = {"trained": _maps(0), "untrained": _maps(1)}
    return attention_explorer(maps, [["1", "2", "3", "4"], ["5", "6", "7"]])


def test_builds_with_a_png_image(panel):
    """Does the explorer build and show a PNG image at once?"""
    image = panel.children[1]
    assert bytes(image.value).startswith(PNG)


@pytest.mark.parametrize("name, value", [("model", "untrained"), ("sample", 1),
                                         ("block", 0), ("head", 1),
                                         ("head", ALL_HEADS)])
def test_every_control_redraws(panel, name, value):
    """Does moving each dropdown change the image?"""
    controls = {c.description: c for c in panel.children[0].children}
    label = {"sample": "input"}.get(name, name)
    before = bytes(panel.children[1].value)
    controls[label].value = value
    after = bytes(panel.children[1].value)
    assert after.startswith(PNG)
    assert after != before


def test_a_short_input_crops_the_map():
    """Does an input with fewer tokens than T draw without error?"""
    panel = attention_explorer({"m": _maps(inputs=1, length=5)}, [["a", "b"]])
    assert bytes(panel.children[1].value).startswith(PNG)


def test_rejects_maps_of_the_wrong_shape():
    """Does a (S, H, T, T) array, without the block axis, get a clear error?"""
    with pytest.raises(ValueError, match=r"shape \(S, B, H, T, T\)"):
        attention_explorer({"m": np.ones((1, 2, 3, 3))}, [["a", "b", "c"]])


def test_rejects_a_wrong_number_of_token_lists():
    """Does a mismatch between inputs and token lists get a clear error?"""
    with pytest.raises(ValueError, match="one list of tokens per input"):
        attention_explorer({"m": _maps(inputs=2)}, [["a"]])


def test_rejects_an_array_instead_of_a_dict():
    """Does passing the array itself, not a dict, say how to fix it?"""
    with pytest.raises(TypeError, match="non-empty dict"):
        attention_explorer(_maps(), [["a"], ["b"]])


def test_rejects_tokens_longer_than_the_maps():
    """Does an input with more tokens than T get a clear error?"""
    with pytest.raises(ValueError, match="1 to T=4 tokens"):
        attention_explorer({"m": _maps(inputs=1)}, [list("abcde")])
