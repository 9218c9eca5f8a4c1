"""A progress bar that fits where the code runs: notebook, terminal, or nowhere.

In a Jupyter kernel (JupyterLab, or a notebook executed headless by nbval or
nbgrader) the bar is an HTML ``<progress>`` element with a line of text,
displayed once and then updated in place through its display id; no widget
and no browser is needed, so headless execution neither waits nor fails, and
the final state stays in the saved notebook. Elsewhere the bar is one line on
standard error: redrawn with a carriage return when that is a terminal, and
written once, when the bar closes, when it is a file or a pipe (a log then
gets one line, not hundreds). With ``verbose=False`` nothing is shown at all.

Redrawing is throttled to one every ``min_interval`` seconds, so ``update``
may be called every mini-batch at the cost of a counter and a clock read.
"""

from __future__ import annotations

import html
import sys
import time

__all__ = ["ProgressBar"]


def _in_kernel() -> bool:
    """True inside a Jupyter kernel; False in plain Python or terminal IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _seconds(elapsed: float) -> str:
    if elapsed < 60:
        return f"{elapsed:.1f} s"
    minutes, seconds = divmod(int(elapsed), 60)
    return f"{minutes} min {seconds:02d} s"


class _Snapshot:
    """One state of the bar, shown as HTML in a notebook and as text elsewhere."""

    def __init__(self, count: int, total: int, line: str) -> None:
        self.count, self.total, self.line = count, total, line

    def __repr__(self) -> str:
        return self.line

    def _repr_html_(self) -> str:
        return (f"<div style='display:flex;align-items:center;gap:0.6em'>"
                f"<progress value='{self.count}' max='{max(self.total, 1)}' "
                f"style='width:16em'></progress>"
                f"<code>{html.escape(self.line)}</code></div>")


class _NotebookView:
    """Displays a snapshot once and replaces it on every redraw."""

    def __init__(self, snapshot: _Snapshot) -> None:
        from IPython.display import display

        self._handle = display(snapshot, display_id=True)

    def draw(self, snapshot: _Snapshot, final: bool) -> None:
        self._handle.update(snapshot)


class _TerminalView:
    """Redraws one line with a carriage return, or writes it once at the end."""

    def __init__(self, stream) -> None:
        self._stream = stream
        isatty = getattr(stream, "isatty", None)
        self._live = bool(isatty and isatty())
        self._width = 0

    def draw(self, snapshot: _Snapshot, final: bool) -> None:
        if not (self._live or final):
            return
        line = snapshot.line
        pad = " " * max(self._width - len(line), 0)  # cover a longer old line
        self._width = len(line)
        start = "\r" if self._live else ""
        self._stream.write(start + line + pad + ("\n" if final else ""))
        self._stream.flush()


class ProgressBar:
    """Count steps towards a total and show how far along they are.

    Parameters
    ----------
    total : int, at least 0
        The number of steps when done.
    description : str
        Shown before the bar, e.g. ``"training"``.
    verbose : bool
        False shows nothing; every method still works.
    stream : file-like, optional
        Where the terminal bar goes; standard error by default. Ignored in a
        notebook.
    min_interval : float
        The least number of seconds between two redraws.

    Examples
    --------
    >>> with ProgressBar(len(batches), description="epoch 1") as bar:
    ...     for batch in batches:
    ...         loss = train_on(batch)
    ...         bar.update(text=f"loss {loss:.3f}")
    """

    def __init__(self, total: int, description: str = "", *, verbose: bool = True,
                 stream=None, min_interval: float = 0.1) -> None:
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            raise ValueError(f"total must be an int of at least 0; got {total!r}.")
        self.total, self.count = total, 0
        self.description, self.text = description, ""
        self.min_interval = float(min_interval)
        self.closed = False
        self._start = self._last = time.monotonic()
        self._view = None
        if verbose:
            self._view = self._open_view(stream)

    def _open_view(self, stream):
        if stream is None and _in_kernel():
            try:
                return _NotebookView(self.snapshot())
            except Exception:              # a frontend without display ids
                pass
        return _TerminalView(sys.stderr if stream is None else stream)

    def snapshot(self) -> _Snapshot:
        """The current state: count, total and the text line."""
        done = self.count / self.total if self.total else 1.0
        filled = int(round(20 * min(done, 1.0)))
        line = (f"{self.description} [{'=' * filled}{' ' * (20 - filled)}] "
                f"{self.count}/{self.total}").lstrip()
        if self.text:
            line += f"  {self.text}"
        return _Snapshot(self.count, self.total,
                         f"{line}  ({_seconds(time.monotonic() - self._start)})")

    def update(self, n: int = 1, text: str | None = None) -> None:
        """Advance by ``n`` steps; ``text`` replaces the line after the bar."""
        self.count += n
        if text is not None:
            self.text = text
        if self._view is None or self.closed:
            return
        now = time.monotonic()
        if now - self._last >= self.min_interval:
            self._last = now
            self._view.draw(self.snapshot(), final=False)

    def close(self, text: str | None = None) -> None:
        """Draw the final state (with ``text``, if given); later calls do nothing."""
        if self.closed:
            return
        if text is not None:
            self.text = text
        self.closed = True
        if self._view is not None:
            self._view.draw(self.snapshot(), final=True)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
