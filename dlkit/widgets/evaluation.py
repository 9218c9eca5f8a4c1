"""The decision-threshold explorer of the evaluation notebook.

A binary classifier gives each example a score; the example is called positive
when its score is at least the threshold. Moving the threshold trades
precision against recall. The explorer shows that trade as three panels: the
scores of each class with the threshold on top, the confusion matrix at that
threshold, and the precision-recall curve with the current point marked.

Letters: N examples.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from dlkit.viz import plot_confusion_matrix
from dlkit.widgets.base import explorer

__all__ = ["precision_recall_points", "threshold_explorer"]


def _check_binary(y_true, scores) -> tuple[np.ndarray, np.ndarray]:
    """Labels 0/1 and finite scores of shape (N,), or an error naming the fix."""
    y = np.asarray(y_true)
    s = np.asarray(scores)
    if y.ndim != 1 or s.ndim != 1:
        raise ValueError(f"y_true and scores must be 1-D arrays of shape (N,); got "
                         f"shapes {y.shape} and {s.shape}. Pass one score per "
                         "example, e.g. scores.ravel() for an (N, 1) output.")
    if len(y) != len(s):
        raise ValueError(f"y_true and scores must have the same length; got {len(y)} "
                         f"labels and {len(s)} scores.")
    if s.dtype.kind not in "biuf":
        raise TypeError(f"scores must hold numbers; got dtype {s.dtype}.")
    if not np.all(np.isfinite(s)):
        raise ValueError("scores must be finite; got NaN or inf. Check the model's "
                         "outputs before plotting them.")
    if not np.isin(y, (0, 1)).all():
        raise ValueError(f"y_true must hold the labels 0 and 1 only; got "
                         f"{np.unique(y).tolist()}. Map the positive class to 1 "
                         "and every other class to 0.")
    if not (np.any(y == 1) and np.any(y == 0)):
        raise ValueError("y_true must contain both classes, 0 and 1; a precision-"
                         "recall trade-off needs positives and negatives.")
    return y.astype(np.int64), s.astype(np.float64)


def _counts_at(y: np.ndarray, s: np.ndarray, threshold: float) -> np.ndarray:
    """The 2x2 confusion matrix [[TN, FP], [FN, TP]] at ``threshold``."""
    pred = s >= threshold
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    tn = int(np.sum(~pred & (y == 0)))
    return np.array([[tn, fp], [fn, tp]])


def precision_recall_points(y_true, scores) -> tuple[np.ndarray, ...]:
    """Precision and recall at every distinct score used as the threshold.

    An example is predicted positive when its score is at least the threshold.

    Parameters
    ----------
    y_true : array-like of shape (N,), labels 0 and 1 (both present)
    scores : array-like of shape (N,), higher means "more likely positive"

    Returns
    -------
    thresholds, precision, recall : ndarrays of shape (T,)
        T distinct scores, highest first; recall rises from its smallest
        value to 1.0 along them.
    """
    y, s = _check_binary(y_true, scores)
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    tp = np.cumsum(y_sorted)                        # positives among the top k
    predicted = np.arange(1, len(s) + 1)
    last = np.r_[s_sorted[1:] != s_sorted[:-1], True]   # end of each tie group
    return (s_sorted[last], tp[last] / predicted[last],
            tp[last] / max(int(y.sum()), 1))


def threshold_explorer(y_true, scores, threshold: float = 0.5,
                       class_names: tuple[str, str] = ("negative", "positive")
                       ) -> widgets.Widget:
    """A threshold slider over a binary classifier's scores.

    Parameters
    ----------
    y_true : array-like of shape (N,), labels 0 and 1 (both present)
    scores : array-like of shape (N,)
        The classifier's score for each example, e.g. a probability.
    threshold : float
        Where the slider starts.
    class_names : (str, str)
        Names of class 0 and class 1 in the plots.

    Returns
    -------
    ipywidgets.HBox
        The slider and the figure; the image widget is ``panel.children[1]``.
    """
    y, s = _check_binary(y_true, scores)
    low, high = float(s.min()), float(s.max())
    step = (high - low) / 200 or 0.01
    start = float(np.clip(threshold, low, high))
    thresholds, precision, recall = precision_recall_points(y, s)
    bins = np.linspace(low, high, 31)
    controls = {
        "threshold": widgets.FloatSlider(
            value=start, min=low, max=high, step=step, description="threshold",
            readout_format=".3f", continuous_update=False),
    }

    def draw(threshold):
        matrix = _counts_at(y, s, threshold)
        tp, fp, fn = matrix[1, 1], matrix[0, 1], matrix[1, 0]
        p_now = tp / (tp + fp) if tp + fp else 0.0
        r_now = tp / (tp + fn)

        fig, (hist, conf, curve) = plt.subplots(1, 3, figsize=(13, 4),
                                                layout="constrained")
        for label, colour in ((0, "tab:blue"), (1, "tab:red")):
            chosen = s[y == label]
            hist.hist(chosen, bins=bins, alpha=0.6, color=colour,
                      weights=np.full(len(chosen), 1 / len(chosen)),
                      label=f"{class_names[label]} ({len(chosen)})")
        hist.axvline(threshold, color="black", lw=1.5, label="threshold")
        hist.set(xlabel="score", ylabel="share of the class",
                 title="scores; predicted positive right of the line")
        hist.legend(fontsize=8)

        plot_confusion_matrix(matrix, class_names=list(class_names), ax=conf,
                              title=f"at threshold {threshold:.3f}")

        curve.plot(recall, precision, lw=1.8, label="all thresholds")
        curve.plot([r_now], [p_now], "o", color="black", ms=8,
                   label=f"now: P = {p_now:.2f}, R = {r_now:.2f}")
        curve.set(xlabel="recall", ylabel="precision", xlim=(0, 1.02),
                  ylim=(0, 1.02), title="precision-recall curve")
        curve.grid(alpha=0.3)
        curve.legend(fontsize=8, loc="lower left")
        return fig

    return explorer(controls, draw)
