"""Classification metrics: accuracy, precision, recall, F1, confusion matrix.

Every function takes ``y_true`` and ``y_pred``, integer class labels in arrays
of shape (N,) (a column of shape (N, 1) is accepted too; floats are accepted
when they hold whole numbers, such as 0.0 and 1.0). Scores and probabilities
are not labels: turn them into labels first with :func:`predicted_labels`.

For one class ``c``, with tp the examples of class ``c`` predicted as ``c``::

    precision = tp / (number predicted as c)
    recall    = tp / (number of class c in y_true)
    f1        = 2 tp / (number predicted as c + number of class c in y_true)

``f1`` is the harmonic mean of precision and recall, written so that it stays
defined when only one of the two is.

Zero division. A ratio whose denominator is zero is undefined: precision for
a class nobody predicted, recall for a class absent from ``y_true``, F1 for a
class absent from both. With the default ``zero_division="warn"`` such a value
is set to 0.0 (as scikit-learn does) and an :class:`UndefinedMetricWarning`
names the labels; ``zero_division=0.0`` or ``1.0`` sets that value silently.
The same holds for a micro average whose totals are zero, and for a weighted
average whose weights (the supports) are all zero.

The functions live in :mod:`dlkit.metrics.scores` (accuracy, precision,
recall, F1) and :mod:`dlkit.metrics.confusion` (the confusion matrix and the
classification report).
"""

from dlkit.metrics.confusion import (
    ClassificationReport,
    classification_report,
    confusion_matrix,
)
from dlkit.metrics.scores import (
    UndefinedMetricWarning,
    accuracy,
    f1,
    precision,
    predicted_labels,
    recall,
)

__all__ = [
    "ClassificationReport",
    "UndefinedMetricWarning",
    "accuracy",
    "classification_report",
    "confusion_matrix",
    "f1",
    "precision",
    "predicted_labels",
    "recall",
]
