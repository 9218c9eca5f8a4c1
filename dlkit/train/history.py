"""The record of a training run: losses, metrics and learning rates per epoch."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["History"]


@dataclass
class History:
    """What happened in each epoch of :func:`fit`.

    Attributes
    ----------
    loss : list of float
        Mean training loss of each epoch, over its mini-batches.
    val_loss : list of float
        Loss on the validation data after each epoch (empty without it).
    metrics, val_metrics : dict of str to list of float
        Each metric's value per epoch, on the training and validation data.
    lr : list of float
        The learning rate at the start of each epoch.
    best_epoch : int or None
        With early stopping: the epoch (counted from 0) of the lowest
        validation loss, whose weights the model ends with.
    stopped_early : bool
        True when early stopping (or a diverging loss) ended the training.

    ``history["val_accuracy"]`` reads the same lists by name: ``"loss"``,
    ``"val_loss"``, ``"lr"``, a metric's name, or ``"val_"`` and a metric's name.
    """

    loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    metrics: dict[str, list[float]] = field(default_factory=dict)
    val_metrics: dict[str, list[float]] = field(default_factory=dict)
    lr: list[float] = field(default_factory=list)
    best_epoch: int | None = None
    stopped_early: bool = False

    @property
    def epochs(self) -> int:
        """The number of epochs run."""
        return len(self.loss)

    def as_dict(self) -> dict[str, list[float]]:
        """Every per-epoch list by name, e.g. for ``pandas.DataFrame(...)``."""
        out = {"loss": self.loss}
        if self.val_loss:
            out["val_loss"] = self.val_loss
        out.update(self.metrics)
        out.update({f"val_{k}": v for k, v in self.val_metrics.items()})
        out["lr"] = self.lr
        return out

    def __getitem__(self, key: str) -> list[float]:
        lists = self.as_dict()
        if key not in lists:
            raise KeyError(f"History has no {key!r}; it has {sorted(lists)}.")
        return lists[key]

    def __repr__(self) -> str:
        last = ", ".join(f"{k}={v[-1]:.4g}" for k, v in self.as_dict().items()
                         if v and k != "lr")
        return f"History(epochs={self.epochs}{', ' if last else ''}{last})"
