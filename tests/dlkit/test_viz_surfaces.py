"""Tests for dlkit.viz.plot_surface: contour maps with paths."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlkit import viz  # noqa: E402
from dlkit.optim.surfaces import SURFACES  # noqa: E402


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_plot_surface_returns_a_closed_labelled_figure(name):
    """Is the figure closed in pyplot, with labelled axes and a colour bar?"""
    path = np.array([SURFACES[name].start, (0.5, 0.5)])
    fig = viz.plot_surface(SURFACES[name], {"a path": path})
    assert plt.get_fignums() == []
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title() == name
    assert "loss" in fig.axes[1].get_ylabel()
    assert "a path" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_plot_surface_draws_into_given_axes():
    """Does it draw into a caller's axes and leave the figure open to them?"""
    fig, ax = plt.subplots()
    assert viz.plot_surface(SURFACES["valley"], ax=ax, colorbar=False) is fig
    plt.close(fig)


def test_plot_surface_refuses_a_path_of_the_wrong_shape():
    """Is a path that is not (T + 1, 2) refused with its name?"""
    with pytest.raises(ValueError, match="paths\\['bad'\\]"):
        viz.plot_surface(SURFACES["valley"], {"bad": np.zeros((4, 3))})
    plt.close("all")


def test_plot_surface_without_legend_or_colorbar():
    """Do legend=False and colorbar=False leave out both?"""
    fig = viz.plot_surface(SURFACES["saddle"], {"p": np.zeros((3, 2))},
                           legend=False, colorbar=False)
    assert len(fig.axes) == 1 and fig.axes[0].get_legend() is None
