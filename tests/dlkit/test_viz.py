"""Tests for dlkit.viz: every plot returns a closed, fully labelled Figure."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from dlkit.data import load_digits, make_moons, spectrogram, tone  # noqa: E402
from dlkit.nn import functional as F  # noqa: E402
from dlkit.viz import (  # noqa: E402
    plot_activations,
    plot_attention,
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_feature_maps,
    plot_filters,
    plot_history,
    plot_images,
    plot_plane,
    plot_spectrogram,
    plot_waveform,
)

RNG = np.random.default_rng(0)
MOONS_X, MOONS_Y = make_moons(60, seed=0)
DIGITS, DIGIT_LABELS = load_digits(return_images=True)
HISTORY = {"loss": [1.0, 0.6, 0.4], "val_loss": [1.1, 0.8, 0.7],
           "accuracy": [0.5, 0.7, 0.8], "val_accuracy": [0.4, 0.6, 0.7],
           "lr": [0.1, 0.1, 0.05]}
ATTENTION = RNG.random((5, 5))
ATTENTION /= ATTENTION.sum(axis=1, keepdims=True)


@pytest.fixture(autouse=True)
def no_figure_left_open():
    """Every plot must close its figure in pyplot before returning it."""
    yield
    assert plt.get_fignums() == [], "a plot left a figure open in pyplot"


def colorbar_axes(fig) -> list:
    """The Axes of every colour bar drawn in ``fig``."""
    bars = []
    for ax in fig.axes:
        for artist in [*ax.images, *ax.collections]:
            bar = getattr(artist, "colorbar", None)
            if bar is not None and bar.ax not in bars:
                bars.append(bar.ax)
    return bars


def data_axes(fig) -> list:
    """The visible Axes of ``fig`` that are not colour bars."""
    bars = colorbar_axes(fig)
    return [ax for ax in fig.axes if ax.get_visible() and ax not in bars]


def suptitle(fig) -> str:
    return fig._suptitle.get_text() if fig._suptitle is not None else ""


PLOTS = {
    "activations": (lambda: plot_activations({"sigmoid": F.sigmoid, "relu": F.relu},
                                             derivatives=True), True),
    "plane": (lambda: plot_plane(RNG.random((20, 20)), (0, 1, 0, 1),
                                 MOONS_X[:4], np.array([0, 1, 1, 0]),
                                 title="a plane"), True),
    "boundary": (lambda: plot_decision_boundary(
        lambda g: F.sigmoid(3 * g[:, 1]), MOONS_X, MOONS_Y), True),
    "history": (lambda: plot_history(HISTORY), True),
    "confusion": (lambda: plot_confusion_matrix([[5, 1], [2, 7]]), True),
    "images": (lambda: plot_images(DIGITS[:12], DIGIT_LABELS[:12]), False),
    "filters": (lambda: plot_filters(RNG.normal(size=(4, 2, 3, 3))), True),
    "feature_maps": (lambda: plot_feature_maps(RNG.random((6, 8, 8))), False),
    "attention": (lambda: plot_attention(ATTENTION, list("hello")), True),
    "spectrogram": (lambda: plot_spectrogram(*spectrogram(tone(440, 0.3, 8000),
                                                          8000)), True),
    "waveform": (lambda: plot_waveform(tone(440, 0.01, 8000), 8000), True),
}


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_plot_returns_a_labelled_figure(name):
    """Does each plot return a Figure with titles, axis labels and colour-bar labels?"""
    make, has_axis_labels = PLOTS[name]
    fig = make()
    assert isinstance(fig, Figure)
    axes = data_axes(fig)
    assert axes
    for ax in axes:
        assert ax.get_title() or suptitle(fig), f"{name}: a panel has no title"
        if has_axis_labels:
            assert ax.get_xlabel() and ax.get_ylabel(), f"{name}: unlabelled axis"
    for bar in colorbar_axes(fig):
        assert bar.get_ylabel(), f"{name}: a colour bar has no label"


@pytest.mark.parametrize("name", sorted(PLOTS))
def test_plot_renders_to_png(name):
    """Can each figure be drawn to a PNG without an error or a warning?"""
    fig = PLOTS[name][0]()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=40)
    assert buffer.getvalue().startswith(b"\x89PNG")


# ---------------------------------------------------------------- decision boundary

def only_colorbar_label(fig) -> str:
    (bar,) = colorbar_axes(fig)
    return bar.get_ylabel()


@pytest.mark.parametrize("predict, label", [
    (lambda g: F.sigmoid(g[:, 0]), "P(class 1)"),
    (lambda g: F.sigmoid(g[:, :1]), "P(class 1)"),
    (lambda g: 2 * g[:, 0] - 1, "model score (boundary at 0)"),
    (lambda g: (g[:, 0] > 0.5).astype(int), "predicted class"),
    (lambda g: np.column_stack([g[:, 0], -g[:, 0], g[:, 1]]), "predicted class"),
])
def test_boundary_reads_what_predict_returns(predict, label):
    """Are probabilities, scores, classes and per-class outputs each shown right?"""
    fig = plot_decision_boundary(predict, MOONS_X, MOONS_Y)
    assert only_colorbar_label(fig) == label


def test_boundary_calls_predict_once_on_a_grid_over_the_data():
    """Is predict called once, on (R*R, 2) points spanning the data?"""
    calls = []

    def predict(grid):
        calls.append(grid.copy())
        return np.zeros(len(grid), dtype=int)

    plot_decision_boundary(predict, MOONS_X, MOONS_Y, resolution=30)
    (grid,) = calls
    assert grid.shape == (900, 2)
    assert (grid.min(axis=0) < MOONS_X.min(axis=0)).all()
    assert (grid.max(axis=0) > MOONS_X.max(axis=0)).all()


def test_boundary_uses_class_names_in_legend_and_colour_bar():
    """Do class names appear in the legend and on the colour-bar ticks?"""
    fig = plot_decision_boundary(lambda g: (g[:, 1] > 0).astype(int), MOONS_X,
                                 MOONS_Y, class_names=["upper", "lower"])
    (ax,) = data_axes(fig)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["upper", "lower"]
    (bar,) = colorbar_axes(fig)
    assert [t.get_text() for t in bar.get_yticklabels()] == ["upper", "lower"]


@pytest.mark.parametrize("predict, x, message", [
    (lambda g: np.zeros(3), MOONS_X, r"predict must return one prediction per row "
                                     r"of its input: shape \(22500,\)"),
    (lambda g: np.zeros(len(g)), np.ones((5, 3)), r"x must have shape \(N, 2\): two "
                                                  r"inputs per point; got \(5, 3\)"),
    (lambda g: np.zeros(len(g)), np.ones(5), r"x must have shape \(N, 2\); got "
                                             r"\(5,\)"),
])
def test_boundary_errors(predict, x, message):
    """Does a wrong predict output or a wrong x shape raise a clear error?"""
    with pytest.raises(ValueError, match=message):
        plot_decision_boundary(predict, x)


def test_boundary_label_and_type_errors():
    """Are labels of the wrong length, and non-numeric points, rejected?"""
    with pytest.raises(ValueError, match=r"y must have one label per point \(60\); "
                                         r"got 59"):
        plot_decision_boundary(lambda g: np.zeros(len(g)), MOONS_X, MOONS_Y[:-1])
    with pytest.raises(TypeError, match=r"x must hold numbers; got dtype <U1"):
        plot_decision_boundary(lambda g: np.zeros(len(g)), [["a", "b"]])


def test_boundary_without_labels_draws_plain_points():
    """Without y, are the points drawn in one style and no legend made?"""
    fig = plot_decision_boundary(lambda g: F.sigmoid(g[:, 0]), MOONS_X)
    (ax,) = data_axes(fig)
    assert ax.get_legend() is None and len(ax.collections) >= 1


# ---------------------------------------------------------------- training

def test_history_draws_train_and_validation_per_quantity():
    """Is there one panel per quantity, each with a training and validation line?"""
    fig = plot_history(HISTORY)
    axes = data_axes(fig)
    assert [ax.get_ylabel() for ax in axes] == ["loss", "accuracy"]
    for ax in axes:
        assert ax.get_xlabel() == "epoch"
        assert [t.get_text() for t in ax.get_legend().get_texts()] == [
            "training", "validation"]
        np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])
    assert suptitle(fig) == "Training history"


def test_history_loss_on_a_log_scale():
    """With log_loss, is the loss panel logarithmic and the others linear?"""
    axes = data_axes(plot_history(HISTORY, log_loss=True))
    assert [ax.get_yscale() for ax in axes] == ["log", "linear"]


def test_history_accepts_a_history_object_and_marks_the_best_epoch():
    """Does a dlkit History work, with its best epoch drawn as a line?"""
    from dlkit.train import History
    history = History(loss=[1.0, 0.5, 0.6], val_loss=[1.2, 0.7, 0.9],
                      lr=[0.1] * 3, best_epoch=1)
    (ax,) = data_axes(plot_history(history))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["training", "validation", "best epoch"]


@pytest.mark.parametrize("history, kwargs, error, message", [
    (HISTORY, {"metrics": ["f1"]}, ValueError, r"history has no values for "
                                               r"\['f1'\]; it has \['accuracy'"),
    ([1, 2], {}, TypeError, r"history must be a dict of name to per-epoch values"),
])
def test_history_errors(history, kwargs, error, message):
    """Does asking for a missing quantity, or passing a list, say so?"""
    with pytest.raises(error, match=message):
        plot_history(history, **kwargs)


def test_confusion_matrix_writes_every_count():
    """Does each cell carry its count, with true classes down and predictions across?"""
    fig = plot_confusion_matrix(np.array([[5, 1, 0], [2, 7, 1], [0, 0, 9]]),
                                class_names=["cat", "dog", "bird"])
    (ax,) = data_axes(fig)
    assert [t.get_text() for t in ax.texts] == ["5", "1", "0", "2", "7", "1",
                                                "0", "0", "9"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted class", "true class")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cat", "dog", "bird"]
    assert only_colorbar_label(fig) == "number of examples"


def test_confusion_matrix_normalised_by_true_class():
    """With normalize, do cells add each row's share and the colour bar say so?"""
    fig = plot_confusion_matrix([[3, 1], [0, 4]], normalize=True)
    (ax,) = data_axes(fig)
    assert [t.get_text() for t in ax.texts] == ["3\n75%", "1\n25%", "0\n0%",
                                                "4\n100%"]
    assert only_colorbar_label(fig) == "share of the true class"


@pytest.mark.parametrize("matrix, names, message", [
    (np.ones((2, 3)), None, r"matrix must be square, of shape \(K, K\); got \(2, 3\)"),
    (np.ones((2, 2)), ["a"], r"class_names must name all 2 classes; got 1"),
])
def test_confusion_matrix_errors(matrix, names, message):
    """Does a non-square matrix or a wrong number of names raise an error?"""
    with pytest.raises(ValueError, match=message):
        plot_confusion_matrix(matrix, class_names=names)


# ---------------------------------------------------------------- image grids

def test_images_show_label_and_prediction_red_when_wrong():
    """Is each tile headed "label → prediction", in red exactly where they differ?"""
    predictions = DIGIT_LABELS[:6].copy()
    predictions[2] = 9
    fig = plot_images(DIGITS[:6], DIGIT_LABELS[:6], predictions, ncols=3)
    (ax,) = data_axes(fig)
    assert [t.get_text() for t in ax.texts] == [
        f"{a} → {b}" for a, b in zip(DIGIT_LABELS[:6], predictions, strict=True)]
    reds = [t.get_color() == "red" for t in ax.texts]
    assert reds == [False, False, True, False, False, False]
    assert ax.get_title() == "Images (label → prediction)"
    assert only_colorbar_label(fig) == "pixel value"


def test_images_are_tiled_into_one_picture():
    """Do 6 images of 8x8 in 3 columns fill 2 rows of tiles, with blank gaps?"""
    fig = plot_images(DIGITS[:6], ncols=3)
    (ax,) = data_axes(fig)
    picture = ax.images[0].get_array()
    gap = 1
    assert picture.shape == (2 * 8 + gap, 3 * 8 + 2 * gap)
    np.testing.assert_array_equal(picture[:8, 9:17], DIGITS[1])
    assert picture.mask[:, 8].all()               # a gap column between tiles


def test_images_unflatten_square_rows_and_respect_max_images():
    """Are flat 64-value rows drawn as 8x8 images, at most max_images of them?"""
    flat, labels = load_digits()
    (ax,) = data_axes(plot_images(flat[:30], labels[:30], max_images=7))
    assert len(ax.texts) == 7


def test_colour_images_are_drawn_without_a_colour_bar():
    """Are (N, H, W, 3) images shown in colour, scaled from 0..255 to 0..1?"""
    rgb = RNG.integers(0, 256, size=(4, 5, 5, 3))
    fig = plot_images(rgb)
    (ax,) = data_axes(fig)
    assert colorbar_axes(fig) == []
    np.testing.assert_allclose(ax.images[0].get_array()[:5, :5], rgb[0] / 255)


@pytest.mark.parametrize("images, message", [
    (np.ones((3, 10)), r"flat rows of 10 values, not square images\. Pass "
                       r"shape=\(H, W\)"),
    (np.ones((2, 1, 8, 8)), r"images with 4 axes must be \(N, H, W, 3\) colour "
                            r"images; got \(2, 1, 8, 8\)"),
    (np.ones((0, 8, 8)), r"images must hold at least one image; got none"),
])
def test_images_errors(images, message):
    """Do images that cannot be shown as pictures raise an error saying why?"""
    with pytest.raises(ValueError, match=message):
        plot_images(images)


def test_filters_grid_is_filters_by_channels_on_a_symmetric_scale():
    """Is there a row per filter and a column per channel, coloured about 0?"""
    weights = RNG.normal(size=(3, 2, 3, 3))
    fig = plot_filters(weights)
    (ax,) = data_axes(fig)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0", "1", "2"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("input channel", "filter")
    low, high = ax.images[0].get_clim()
    assert low == -high == -np.abs(weights).max()
    np.testing.assert_array_equal(ax.images[0].get_array()[:3, 4:7], weights[0, 1])
    assert only_colorbar_label(fig) == "weight"


def test_single_channel_filters_are_headed_by_number():
    """Are (F, KH, KW) kernels drawn as tiles named filter 0..F-1?"""
    (ax,) = data_axes(plot_filters(RNG.normal(size=(5, 3, 3))))
    assert [t.get_text() for t in ax.texts] == [f"filter {i}" for i in range(5)]


def test_feature_maps_one_tile_per_channel():
    """Does a (1, C, H, W) activation give C tiles headed by channel?"""
    fig = plot_feature_maps(RNG.random((1, 4, 6, 6)))
    (ax,) = data_axes(fig)
    assert [t.get_text() for t in ax.texts] == [
        "channel 0", "channel 1", "channel 2", "channel 3"]
    assert only_colorbar_label(fig) == "activation"
    with pytest.raises(ValueError, match=r"maps must be the activations of one "
                                         r"image; got a batch of 2"):
        plot_feature_maps(RNG.random((2, 4, 6, 6)))


# ---------------------------------------------------------------- sequences

def test_attention_labels_queries_and_keys_with_tokens():
    """Are the rows labelled by query tokens and the columns by key tokens?"""
    weights = ATTENTION[:2]
    fig = plot_attention(weights, ["I", "am"], key_tokens=list("hello"))
    (ax,) = data_axes(fig)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["I", "am"]
    assert [t.get_text() for t in ax.get_xticklabels()] == list("hello")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("key (attended to)", "query")
    assert only_colorbar_label(fig) == "attention weight"
    assert ax.texts[0].get_text() == f"{weights[0, 0]:.2f}"


def test_attention_draws_one_panel_per_head():
    """Does a (H, Tq, Tk) array give H panels titled head 0..H-1, 4 to a row?"""
    fig = plot_attention(np.stack([ATTENTION] * 6), list("hello"))
    assert [ax.get_title() for ax in data_axes(fig)] == [
        f"head {h}" for h in range(6)]
    assert suptitle(fig) == "Attention weights"


def test_attention_needs_one_token_per_row_and_column():
    """Does a token list of the wrong length raise an error naming both counts?"""
    with pytest.raises(ValueError, match=r"weights of shape \(5, 5\) need 5 query "
                                         r"tokens and 5 key tokens; got 3 and 3"):
        plot_attention(ATTENTION, ["a", "b", "c"])


def test_spectrogram_axes_in_seconds_and_hertz():
    """Does the spectrogram put time across, frequency up, and power in dB?"""
    freqs, times, power = spectrogram(tone(440, 0.3, 8000), 8000)
    fig = plot_spectrogram(freqs, times, power)
    (ax,) = data_axes(fig)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("time (s)", "frequency (Hz)")
    assert ax.get_ylim() == (0.0, 4000.0)
    assert only_colorbar_label(fig) == "power (dB)"
    assert only_colorbar_label(plot_spectrogram(freqs, times, power,
                                                db=False)) == "power"
    with pytest.raises(ValueError, match=r"power must have shape \(len\(freqs\), "
                                         r"len\(times\)\) = \(129, 17\); got "
                                         r"\(17, 129\)"):
        plot_spectrogram(freqs, times, power.T)


def test_plot_into_a_given_axes_leaves_the_figure_to_the_caller():
    """With ax given, does a plot draw into it and return the caller's figure?"""
    fig, axes = plt.subplots(1, 2)
    try:
        out = plot_confusion_matrix([[1, 0], [0, 1]], ax=axes[0])
        plot_waveform(np.zeros(10), 10, ax=axes[1])
        assert out is fig and axes[0].get_title() == "Confusion matrix"
    finally:
        plt.close(fig)
