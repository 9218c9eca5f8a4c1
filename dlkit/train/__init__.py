"""Training on arrays: ``fit``, ``evaluate``, ``predict`` and the ``History``.

>>> history = fit(model, SoftmaxCrossEntropy(), Adam(model), x, y, epochs=20,
...               validation_data=(x_val, y_val), early_stopping=3)
>>> evaluate(model, SoftmaxCrossEntropy(), x_test, y_test, metrics=["accuracy"])
"""

from dlkit.train.evaluation import evaluate, predict
from dlkit.train.history import History
from dlkit.train.loop import DivergenceWarning, fit

__all__ = ["DivergenceWarning", "History", "evaluate", "fit", "predict"]
