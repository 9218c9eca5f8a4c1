"""Tests of dlkit.viz.plot_unrolled_rnn, the picture of a cell unrolled in time."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from dlkit.viz import plot_unrolled_rnn  # noqa: E402


def _texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_draws_one_cell_per_step_and_is_closed():
    """Does the picture have one input, one cell and one output per step, a
    title, and is it closed in pyplot?"""
    fig = plot_unrolled_rnn(steps=3, cell="RNN")
    assert isinstance(fig, Figure)
    assert fig.number not in plt.get_fignums()
    texts = _texts(fig)
    assert texts.count("RNN") == 3
    assert {"$x_1$", "$x_3$", "$h_0$", "$h_3$"} <= set(texts)
    assert "$x_4$" not in texts
    assert texts.count("$W_h$") == 3
    assert "W_x" in fig.axes[0].get_title()


@pytest.mark.parametrize("steps", [0, 9, 2.0, True])
def test_rejects_a_bad_number_of_steps(steps):
    """Is a step count that is not an int from 1 to 8 refused with its range?"""
    with pytest.raises(ValueError, match="int from 1 to 8"):
        plot_unrolled_rnn(steps=steps)
