"""The confusion matrix and the classification report.

Label conventions and zero division as in :mod:`dlkit.metrics`. Letters: N
examples, K classes reported on.
"""

from __future__ import annotations

import numpy as np

from dlkit.metrics.scores import REASONS, _label_set, _pair, _prf, _warn

__all__ = ["ClassificationReport", "classification_report", "confusion_matrix"]


def confusion_matrix(y_true, y_pred, *, labels=None, num_classes: int | None = None,
                     normalize: str | None = None) -> np.ndarray:
    """Counts of (true label, predicted label) pairs.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (N,), integer labels
    labels : sequence of int, optional
        The K classes, in the order of rows and columns; examples whose true
        or predicted label is not listed are left out. By default every label
        in ``y_true`` or ``y_pred``, sorted.
    num_classes : int, optional
        Shorthand for ``labels=range(num_classes)``; a label outside that
        range is an error.
    normalize : {"true", "pred", "all"} or None
        Divide each row by its sum ("true": row i then shows how examples of
        class i were classified), each column ("pred"), or everything
        ("all"). A row or column of zeros stays zero.

    Returns
    -------
    ndarray of shape (K, K)
        Entry ``[i, j]``: examples of class ``labels[i]`` predicted as
        ``labels[j]``. int64, or float64 when normalised.
    """
    t, p = _pair(y_true, y_pred)
    labels = _label_set(t, p, labels, num_classes)
    if normalize not in ("true", "pred", "all", None):
        raise ValueError(f"normalize must be 'true', 'pred', 'all' or None; got "
                         f"{normalize!r}.")

    # position of each example's labels in `labels`, and whether it is listed
    order = np.argsort(labels)
    ordered = labels[order]
    k = len(labels)
    ti = np.minimum(np.searchsorted(ordered, t), k - 1)
    pi = np.minimum(np.searchsorted(ordered, p), k - 1)
    keep = (ordered[ti] == t) & (ordered[pi] == p)
    flat = order[ti[keep]] * k + order[pi[keep]]
    matrix = np.bincount(flat, minlength=k * k).reshape(k, k).astype(np.int64)

    if normalize is None:
        return matrix
    axis = {"true": 1, "pred": 0, "all": None}[normalize]
    sums = matrix.sum(axis=axis, keepdims=axis is not None).astype(np.float64)
    return np.divide(matrix, sums, out=np.zeros((k, k)), where=sums != 0)


class ClassificationReport(str):
    """The text of :func:`classification_report`; shown as a table in a notebook."""

    def __repr__(self) -> str:
        return str(self)


def classification_report(y_true, y_pred, *, labels=None,
                          num_classes: int | None = None, target_names=None,
                          digits: int = 2, output_dict: bool = False,
                          zero_division="warn"):
    """Precision, recall, F1 and support for every class, and their averages.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (N,), integer labels
    labels, num_classes : optional
        The classes to report, as in :func:`precision`.
    target_names : sequence of str, optional
        A name for each class, in the order of ``labels``.
    digits : int
        Decimals in the text table.
    output_dict : bool
        Return a dict instead of the text.
    zero_division : "warn", 0.0 or 1.0

    Returns
    -------
    ClassificationReport (a str) or dict
        The dict maps each class name to ``{"precision", "recall", "f1",
        "support"}``, then ``"accuracy"`` (a float; ``"micro avg"``, a dict,
        when ``labels`` leaves out a class that occurs), ``"macro avg"`` and
        ``"weighted avg"``.
    """
    t, p = _pair(y_true, y_pred)
    classes = _label_set(t, p, labels, num_classes)
    names = [str(c) for c in classes] if target_names is None else list(target_names)
    if len(names) != len(classes):
        raise ValueError(f"target_names must name each of the {len(classes)} "
                         f"classes {classes.tolist()}; got {len(names)} names.")

    def scores(average, warn_for=()):
        return _prf(t, p, average, 1, classes, None, zero_division, warn_for)

    per_class, support, problems = scores(None, warn_for=tuple(REASONS))
    _warn(problems)
    report = {}
    for i, name in enumerate(names):
        report[name] = {k: float(v[i]) for k, v in per_class.items()}
        report[name]["support"] = int(support[i])
    total = int(support.sum())
    micro = scores("micro")[0]
    if np.isin(np.union1d(t, p), classes).all():
        report["accuracy"] = micro["f1"]
    else:
        report["micro avg"] = {**micro, "support": total}
    for average in ("macro", "weighted"):
        report[f"{average} avg"] = {**scores(average)[0], "support": total}

    if output_dict:
        return report
    return ClassificationReport(_as_table(report, digits))


def _as_table(report: dict, digits: int) -> str:
    width = max(len(name) for name in report)
    col = max(digits + 3, len("precision")) + 2

    def line(name, cells, support) -> str:
        return (f"{name:<{width}}" + "".join(f"{c:>{col}}" for c in cells)
                + f"{support:>{col}}")

    def fmt(value: float) -> str:
        return f"{value:.{digits}f}"

    lines = [line("", ("precision", "recall", "f1"), "support"), ""]
    for name, entry in report.items():
        if name in ("accuracy", "micro avg"):
            lines.append("")
        if name == "accuracy":
            lines.append(line(name, ("", "", fmt(entry)),
                              report["macro avg"]["support"]))
        else:
            lines.append(line(name, [fmt(entry[k]) for k in ("precision", "recall",
                                                             "f1")],
                              entry["support"]))
    return "\n".join(lines)
