"""One reported figure: a ratio (or a time) with its target and verdict."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Figure"]


@dataclass
class Figure:
    """A line of the results table.

    Attributes
    ----------
    group : str
        What was measured, e.g. ``"MLP epoch"``.
    name : str
        Which comparison, e.g. ``"dlkit / PyTorch"``.
    value : float or None
        The measured figure in ``unit``; None when it could not be measured
        (a missing reference), with the reason in ``note``.
    unit : str
        ``"x"`` for a ratio of times, ``"s"``, ``"/min"``, ``"of peak"``.
    target : float or None
        The largest acceptable value, if there is a target.
    detail : str
        The raw times behind a ratio.
    note : str
        Why a figure is missing, or a caveat.
    failed : bool
        The measured thing did not work (a notebook raised): the target is
        missed whatever the time.
    """

    group: str
    name: str
    value: float | None
    unit: str = "x"
    target: float | None = None
    detail: str = ""
    note: str = ""
    failed: bool = False

    @property
    def status(self) -> str:
        """``"met"``, ``"missed"``, ``"failed"``, ``"not measured"`` or ``""``
        (no target)."""
        if self.failed:
            return "failed"
        if self.value is None:
            return "not measured"
        if self.target is None:
            return ""
        return "met" if self.value <= self.target else "missed"

    def shown(self) -> str:
        """The value as the table prints it."""
        if self.value is None:
            return "-"
        if self.unit == "x":
            return f"{self.value:.2f}x"
        if self.unit == "of peak":
            return f"{self.value:.0%}"
        if self.unit == "/min":
            return f"{self.value:.1f}/min"
        return f"{self.value:.1f} {self.unit}"

    def shown_target(self) -> str:
        if self.target is None:
            return ""
        if self.unit == "x":
            return f"<= {self.target:g}x"
        return f"<= {self.target:g} {self.unit}"
