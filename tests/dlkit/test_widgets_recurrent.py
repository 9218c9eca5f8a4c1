"""Tests of dlkit.widgets.recurrent: the hidden-state and temperature explorers."""

import numpy as np
import pytest

from dlkit.widgets.recurrent import (
    hidden_state_explorer,
    show_token,
    temperature_explorer,
)

PNG = b"\x89PNG\r\n\x1a\n"
STATES = np.tanh(np.random.default_rng(0).standard_normal((6, 5)))
LOGITS = np.array([2.0, 0.5, -1.0, 1.0])


def _image(panel) -> bytes:
    return bytes(panel.children[1].value)


def _slider(panel):
    return panel.children[0].children[0]


def _sampler(temperature: float) -> str:
    return f"text at {temperature:.1f}\nsecond line"


def test_hidden_state_explorer_builds_with_a_png():
    """Does the hidden-state explorer show a PNG image at once?"""
    panel = hidden_state_explorer(STATES, "hello\n")
    assert _image(panel).startswith(PNG)


def test_moving_the_time_step_redraws():
    """Does moving the time-step slider change the image?"""
    panel = hidden_state_explorer(STATES, list("ab cde"), step=2)
    before = _image(panel)
    _slider(panel).value = 5
    assert _image(panel).startswith(PNG)
    assert _image(panel) != before


def test_hidden_state_explorer_rejects_a_batch():
    """Does a (N, T, H) batch get an error that says to pass one sequence?"""
    with pytest.raises(ValueError, match=r"shape \(T, H\).*states\[0\]"):
        hidden_state_explorer(STATES[None], "hello!")


def test_hidden_state_explorer_rejects_too_few_labels():
    """Does a label list shorter than T get a clear error?"""
    with pytest.raises(ValueError, match="one input per time step, 6"):
        hidden_state_explorer(STATES, "abc")


def test_hidden_state_explorer_rejects_a_step_out_of_range():
    """Is step 0 (steps count from 1) refused?"""
    with pytest.raises(ValueError, match="from 1 to T=6"):
        hidden_state_explorer(STATES, "hello!", step=0)


def test_temperature_explorer_builds_and_redraws():
    """Does the temperature explorer show a PNG, and a new one at another
    temperature?"""
    panel = temperature_explorer(LOGITS, "abcd", _sampler, context="the ")
    before = _image(panel)
    assert before.startswith(PNG)
    _slider(panel).value = 2.0
    assert _image(panel).startswith(PNG)
    assert _image(panel) != before


def test_temperature_explorer_asks_the_sampler_at_the_slider_value():
    """Is sample called with the temperature the slider shows?"""
    seen = []

    def sample(temperature):
        seen.append(temperature)
        return "x"

    panel = temperature_explorer(LOGITS, "abcd", sample, temperature=0.5)
    _slider(panel).value = 1.5
    assert seen == [0.5, 1.5]


def test_temperature_explorer_rejects_a_batch_of_logits():
    """Does a (N, V) array of logits get an error that names the fix?"""
    with pytest.raises(ValueError, match=r"1-D array.*logits\[0, -1\]"):
        temperature_explorer(LOGITS[None], "abcd", _sampler)


def test_temperature_explorer_rejects_missing_tokens():
    """Does a token list shorter than V get a clear error?"""
    with pytest.raises(ValueError, match="all V=4 scores"):
        temperature_explorer(LOGITS, "abc", _sampler)


def test_temperature_explorer_rejects_a_text_instead_of_a_sampler():
    """Does passing a sampled string instead of a function say what is needed?"""
    with pytest.raises(TypeError, match="function of the temperature"):
        temperature_explorer(LOGITS, "abcd", "some text")


@pytest.mark.parametrize("token, shown", [("\n", "\u23ce"), (" ", "\u2423"),
                                          ("a", "a"), (3, "3")])
def test_show_token_makes_whitespace_visible(token, shown):
    """Are newline and space drawn as visible symbols, other tokens as text?"""
    assert show_token(token) == shown
