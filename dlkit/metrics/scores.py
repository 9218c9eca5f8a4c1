"""Accuracy, precision, recall and F1 from integer class labels.

The conventions (label arrays, zero division) are those of :mod:`dlkit.metrics`.
For one class ``c``, with tp the examples of class ``c`` predicted as ``c``::

    precision = tp / (number predicted as c)
    recall    = tp / (number of class c in y_true)
    f1        = 2 tp / (number predicted as c + number of class c in y_true)

Letters: N examples, K classes reported on.
"""

from __future__ import annotations

import warnings

import numpy as np

__all__ = [
    "UndefinedMetricWarning",
    "accuracy",
    "f1",
    "precision",
    "predicted_labels",
    "recall",
]

AVERAGES = ("binary", "macro", "micro", "weighted", None)


class UndefinedMetricWarning(UserWarning):
    """A metric divided by zero and was set to the ``zero_division`` value."""


# ---------------------------------------------------------------- validation

def _as_labels(y, name: str) -> np.ndarray:
    """``y`` as an int64 array of shape (N,), or an error that says the fix."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        fix = (f" For scores or one-hot rows, take {name}.argmax(axis=1)."
               if y.ndim == 2 else "")
        raise ValueError(f"{name} must be a 1-D array of class labels, shape (N,); "
                         f"got shape {y.shape}.{fix}")
    if y.dtype.kind in "iub":
        return y.astype(np.int64, copy=False)
    if y.dtype.kind != "f":
        raise TypeError(f"{name} must hold integer class labels; got dtype "
                        f"{y.dtype}. Map class names to 0, 1, 2, ... first.")
    whole = np.isfinite(y) & (y == np.round(y))
    if not whole.all():
        bad = y[~whole][0]
        raise ValueError(f"{name} must hold integer class labels; got non-integer "
                         f"values such as {bad:g}. Turn scores into labels first: "
                         f"predicted_labels(scores), i.e. (p > 0.5) for one "
                         f"output or p.argmax(axis=1) for several.")
    return y.astype(np.int64)


def _pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    t, p = _as_labels(y_true, "y_true"), _as_labels(y_pred, "y_pred")
    if len(t) != len(p):
        raise ValueError(f"y_true and y_pred must have the same length; got "
                         f"{len(t)} and {len(p)} labels. Pass the predictions "
                         f"for exactly the examples of y_true.")
    if len(t) == 0:
        raise ValueError("y_true and y_pred are empty; a metric needs at least "
                         "one example.")
    return t, p


def _label_set(t: np.ndarray, p: np.ndarray, labels, num_classes) -> np.ndarray:
    """The classes to report on, in order: given, 0..num_classes-1, or present."""
    if labels is not None and num_classes is not None:
        raise ValueError("pass labels or num_classes, not both; got "
                         f"labels={labels!r} and num_classes={num_classes!r}.")
    if num_classes is not None:
        if isinstance(num_classes, bool) or not isinstance(num_classes,
                                                           (int, np.integer)):
            raise TypeError(f"num_classes must be an int; got "
                            f"{type(num_classes).__name__}.")
        if num_classes < 1:
            raise ValueError(f"num_classes must be at least 1; got {num_classes}.")
        for name, y in (("y_true", t), ("y_pred", p)):
            outside = y[(y < 0) | (y >= num_classes)]
            if outside.size:
                raise ValueError(f"{name} holds label {outside[0]}, outside 0 .. "
                                 f"{num_classes - 1} for num_classes={num_classes}. "
                                 "Pass the right num_classes, or labels=[...].")
        return np.arange(num_classes, dtype=np.int64)
    if labels is None:
        return np.union1d(t, p)
    labels = _as_labels(labels, "labels")
    if labels.size == 0 or np.unique(labels).size != labels.size:
        raise ValueError(f"labels must be a non-empty list of distinct class "
                         f"labels; got {labels.tolist()}.")
    return labels


def _check_zero_division(zero_division) -> float | None:
    """None for "warn" (0.0 and a warning), else the value to use."""
    if isinstance(zero_division, str) and zero_division == "warn":
        return None
    if zero_division in (0, 1) and not isinstance(zero_division, bool):
        return float(zero_division)
    raise ValueError(f"zero_division must be 'warn', 0.0 or 1.0; got "
                     f"{zero_division!r}.")


# ---------------------------------------------------------------- counting

def _counts(t, p, labels) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per label: true positives, number predicted, number true; each (K,)."""
    known = np.union1d(np.union1d(t, p), labels)      # sorted, so searchsorted works
    ti, pi = np.searchsorted(known, t), np.searchsorted(known, p)
    size = len(known)
    n_true = np.bincount(ti, minlength=size)
    n_pred = np.bincount(pi, minlength=size)
    tp = np.bincount(ti[t == p], minlength=size)
    at = np.searchsorted(known, labels)
    return tp[at], n_pred[at], n_true[at]


def _ratio(num, den, zero_value) -> tuple[np.ndarray, np.ndarray]:
    """``num / den`` per label, ``zero_value`` (0.0 for "warn") where ``den`` is 0.

    Also returns the mask of those undefined entries.
    """
    num, den = np.asarray(num, dtype=np.float64), np.asarray(den, dtype=np.float64)
    empty = den == 0
    out = np.divide(num, den, out=np.zeros_like(num), where=~empty)
    out[empty] = 0.0 if zero_value is None else zero_value
    return out, empty


REASONS = {            # why a ratio is undefined: for one class, for the sums
    "precision": ("no example was predicted as that class",
                  "no example was predicted as any of the labels"),
    "recall": ("no example of that class is in y_true",
               "no example of any of the labels is in y_true"),
    "f1": ("that class is in neither y_true nor y_pred",
           "none of the labels is in y_true or y_pred"),
}


def _warn(problems: list[str]) -> None:
    """Issue one warning per undefined metric, pointing at the caller's caller."""
    for problem in problems:
        warnings.warn(f"{problem}; it is set to 0.0. Pass zero_division=0.0 to "
                      "accept this silently, or 1.0 to count it as perfect.",
                      UndefinedMetricWarning, stacklevel=3)


def _scores(tp, n_pred, n_true, labels, zero_value, warn_for, problems, micro=False):
    """Precision, recall and F1 from counts; undefined ones noted in ``problems``."""
    parts = {"precision": (tp, n_pred), "recall": (tp, n_true),
             "f1": (2 * tp, n_pred + n_true)}
    scores = {}
    for name, (num, den) in parts.items():
        scores[name], empty = _ratio(num, den, zero_value)
        if zero_value is None and name in warn_for and np.any(empty):
            if micro:
                problems.append(f"micro-averaged {name} is undefined: "
                                f"{REASONS[name][1]}")
            else:
                which = np.asarray(labels)[empty].tolist()
                problems.append(f"{name} is undefined for label(s) {which}: "
                                f"{REASONS[name][0]}")
    return scores


def _prf(y_true, y_pred, average, pos_label, labels, num_classes, zero_division,
         warn_for) -> tuple[dict, np.ndarray, list[str]]:
    """The three scores under ``average``, the support of each label, and the
    messages of the warnings to give.
    """
    t, p = _pair(y_true, y_pred)
    zero_value = _check_zero_division(zero_division)
    if average not in AVERAGES:
        raise ValueError(f"average must be one of {AVERAGES}; got {average!r}.")

    if average == "binary":
        if labels is not None or num_classes is not None:
            raise ValueError("labels and num_classes choose classes for a macro, "
                             "micro or weighted average; average='binary' uses "
                             "pos_label alone. Drop them, or pass "
                             "average='macro'.")
        present = np.union1d(t, p)
        if present.size > 2:
            raise ValueError(f"average='binary' needs two classes, but y_true and "
                             f"y_pred hold {present.size}: {present.tolist()}. "
                             "Pass average='macro', 'micro' or 'weighted'.")
        if pos_label not in present and present.size == 2:
            raise ValueError(f"pos_label={pos_label!r} is not one of the labels "
                             f"{present.tolist()}. Pass pos_label={present[1]}, "
                             "for example.")
        labels = np.array([pos_label], dtype=np.int64)
    else:
        labels = _label_set(t, p, labels, num_classes)
    tp, n_pred, n_true = _counts(t, p, labels)
    problems: list[str] = []

    if average == "micro":
        scores = _scores(tp.sum(), n_pred.sum(), n_true.sum(), labels, zero_value,
                         warn_for, problems, micro=True)
        return {k: float(v) for k, v in scores.items()}, n_true, problems

    scores = _scores(tp, n_pred, n_true, labels, zero_value, warn_for, problems)
    if average is None:
        pass
    elif average == "binary":
        scores = {k: float(v[0]) for k, v in scores.items()}
    elif average == "macro":
        scores = {k: float(v.mean()) for k, v in scores.items()}
    elif n_true.sum() == 0:                            # weighted, nothing to weigh
        scores = dict.fromkeys(scores, 0.0 if zero_value is None else zero_value)
    else:
        scores = {k: float(np.average(v, weights=n_true)) for k, v in scores.items()}
    return scores, n_true, problems


# ---------------------------------------------------------------- public API

def predicted_labels(scores, threshold: float = 0.5) -> np.ndarray:
    """Class labels from a model's outputs.

    Parameters
    ----------
    scores : ndarray of shape (N, C) with C > 1, or of shape (N,) or (N, 1)
        Several outputs: the label is the index of the largest (argmax), for
        scores and probabilities alike. One output: the label is 1 where the
        output exceeds ``threshold``, else 0.
    threshold : float
        0.5 for probabilities (after a sigmoid), 0.0 for raw scores (logits).

    Returns
    -------
    ndarray of shape (N,), int64
    """
    scores = np.asarray(scores)
    if scores.ndim == 2 and scores.shape[1] > 1:
        return scores.argmax(axis=1).astype(np.int64, copy=False)
    if scores.ndim == 1 or (scores.ndim == 2 and scores.shape[1] == 1):
        return (scores.reshape(-1) > threshold).astype(np.int64)
    raise ValueError(f"scores must have shape (N,), (N, 1) or (N, C); got "
                     f"{scores.shape}.")


def accuracy(y_true, y_pred) -> float:
    """The fraction of examples whose predicted label equals the true one.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (N,), integer labels

    Returns
    -------
    float in [0, 1]
    """
    t, p = _pair(y_true, y_pred)
    return float(np.mean(t == p))


_COMMON = """
    Parameters
    ----------
    y_true, y_pred : array-like of shape (N,), integer labels
    average : {"binary", "macro", "micro", "weighted"} or None
        "binary": the score of class ``pos_label`` (two classes at most).
        "macro": the plain mean over the classes. "micro": computed from
        counts summed over the classes (equals accuracy when every class is
        included). "weighted": the mean weighted by each class's count in
        ``y_true``. None: one score per class, an ndarray of shape (K,).
    pos_label : int
        The positive class for average="binary".
    labels : sequence of int, optional
        The classes to include and their order; by default every label in
        ``y_true`` or ``y_pred``. A class that never occurs may be listed.
    num_classes : int, optional
        Shorthand for ``labels=range(num_classes)``.
    zero_division : "warn", 0.0 or 1.0
        The value of an undefined ratio; see :mod:`dlkit.metrics`.

    Returns
    -------
    float, or ndarray of shape (K,) when average is None
"""


def precision(y_true, y_pred, *, average: str | None = "binary", pos_label: int = 1,
              labels=None, num_classes: int | None = None, zero_division="warn"):
    """Precision: of the examples predicted as a class, the fraction in it.
    """
    scores, _, problems = _prf(y_true, y_pred, average, pos_label, labels,
                               num_classes, zero_division, warn_for=("precision",))
    _warn(problems)
    return scores["precision"]


def recall(y_true, y_pred, *, average: str | None = "binary", pos_label: int = 1,
           labels=None, num_classes: int | None = None, zero_division="warn"):
    """Recall: of the examples of a class, the fraction predicted as it.
    """
    scores, _, problems = _prf(y_true, y_pred, average, pos_label, labels,
                               num_classes, zero_division, warn_for=("recall",))
    _warn(problems)
    return scores["recall"]


def f1(y_true, y_pred, *, average: str | None = "binary", pos_label: int = 1,
       labels=None, num_classes: int | None = None, zero_division="warn"):
    """F1: the harmonic mean of precision and recall, ``2 P R / (P + R)``.
    """
    scores, _, problems = _prf(y_true, y_pred, average, pos_label, labels,
                               num_classes, zero_division, warn_for=("f1",))
    _warn(problems)
    return scores["f1"]


for _function in (precision, recall, f1):
    _function.__doc__ += _COMMON
