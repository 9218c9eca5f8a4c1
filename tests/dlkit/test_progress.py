"""The progress bar: silent, in a terminal, in a notebook, and headless."""

import io

import IPython
import IPython.display
import nbformat
import pytest

from dlkit.progress import ProgressBar


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


class FakeShell:
    kernel = object()


class FakeHandle:
    def __init__(self):
        self.updates = []

    def update(self, obj):
        self.updates.append(obj)


@pytest.fixture
def fake_kernel(monkeypatch):
    """Pretend to run in a Jupyter kernel; collect what would be displayed."""
    shown = []
    handle = FakeHandle()

    def display(obj, display_id=False):
        shown.append((obj, display_id))
        return handle

    monkeypatch.setattr(IPython, "get_ipython", lambda: FakeShell())
    monkeypatch.setattr(IPython.display, "display", display)
    return shown, handle


def test_verbose_false_shows_nothing_anywhere(capsys, fake_kernel):
    """With verbose=False, is nothing displayed, printed or written to stderr?"""
    shown, handle = fake_kernel
    with ProgressBar(3, "work", verbose=False, min_interval=0) as bar:
        for _ in range(3):
            bar.update(text="step")
    assert bar.count == 3
    assert shown == [] and handle.updates == []
    assert capsys.readouterr() == ("", "")


def test_terminal_bar_redraws_one_line():
    """On a terminal, is each redraw a carriage return and the end a newline?"""
    stream = FakeTerminal()
    bar = ProgressBar(4, "epoch 1", stream=stream, min_interval=0)
    bar.update(2, text="loss 0.500")
    bar.update(2, text="loss 0.250")
    bar.close()

    out = stream.getvalue()
    assert out.count("\r") == 3 and out.endswith("\n") and out.count("\n") == 1
    last = out.split("\r")[-1]
    assert last.startswith("epoch 1 [====================] 4/4  loss 0.250  (")


def test_terminal_bar_covers_a_longer_previous_line():
    """When the text gets shorter, are the old characters blanked out?"""
    stream = FakeTerminal()
    bar = ProgressBar(2, stream=stream, min_interval=0)
    bar.update(text="a long piece of text")
    bar.update(text="short")
    first, second = stream.getvalue().split("\r")[1:]
    assert len(second) >= len(first)


def test_a_pipe_gets_one_line_at_the_end():
    """Writing to a file, does the bar write only its final state, once?"""
    stream = io.StringIO()
    with ProgressBar(100, "training", stream=stream, min_interval=0) as bar:
        for _ in range(100):
            bar.update()
    out = stream.getvalue()
    assert "\r" not in out and out.count("\n") == 1
    assert out.startswith("training [====================] 100/100")


def test_redraws_are_throttled():
    """With a long min_interval, do many updates cause no redraw before close?"""
    stream = FakeTerminal()
    bar = ProgressBar(1000, stream=stream, min_interval=3600)
    for _ in range(1000):
        bar.update()
    assert stream.getvalue() == ""
    bar.close()
    assert stream.getvalue().count("\r") == 1


def test_close_twice_draws_once_and_keeps_the_final_text():
    """Is close idempotent, and does its text end up in the last line?"""
    stream = io.StringIO()
    bar = ProgressBar(5, stream=stream)
    bar.update(3)
    bar.close(text="stopped early")
    bar.close(text="again")
    out = stream.getvalue()
    assert out.count("\n") == 1 and "3/5  stopped early" in out


def test_default_stream_is_stderr_outside_a_kernel(capsys):
    """Outside a kernel, does the bar go to stderr and never to stdout?"""
    with ProgressBar(2, "x") as bar:
        bar.update(2)
    out, err = capsys.readouterr()
    assert out == "" and "x [====================] 2/2" in err


def test_notebook_bar_is_displayed_once_then_updated(fake_kernel, capsys):
    """In a kernel, is one display made with an id, then updated in place?"""
    shown, handle = fake_kernel
    bar = ProgressBar(4, "epoch", min_interval=0)
    bar.update(1, text="loss 0.9 <ok>")
    bar.close()

    assert len(shown) == 1 and shown[0][1] is True
    assert len(handle.updates) == 2
    html = handle.updates[-1]._repr_html_()
    assert "<progress value='1' max='4'" in html
    assert "loss 0.9 &lt;ok&gt;" in html                  # text is escaped
    assert repr(handle.updates[-1]).startswith("epoch [=====")
    assert capsys.readouterr() == ("", "")


def test_a_failing_display_falls_back_to_text(monkeypatch, capsys):
    """If the frontend cannot display, does the bar fall back to stderr?"""
    def broken(*args, **kwargs):
        raise RuntimeError("no frontend")

    monkeypatch.setattr(IPython, "get_ipython", lambda: FakeShell())
    monkeypatch.setattr(IPython.display, "display", broken)
    with ProgressBar(1, "x") as bar:
        bar.update()
    assert "1/1" in capsys.readouterr().err


def test_terminal_ipython_is_not_a_kernel(monkeypatch, capsys):
    """A shell without a kernel (terminal IPython) gets the text bar."""
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    with ProgressBar(1) as bar:
        bar.update()
    assert "1/1" in capsys.readouterr().err


def test_zero_total_is_complete():
    """Is a bar with nothing to do shown as full?"""
    stream = io.StringIO()
    ProgressBar(0, stream=stream).close()
    assert "[====================] 0/0" in stream.getvalue()


@pytest.mark.parametrize("total", [-1, 2.5, None])
def test_total_must_be_a_count(total):
    """Is a negative or non-int total refused with its value named?"""
    with pytest.raises(ValueError, match="total must be an int of at least 0; got"):
        ProgressBar(total)


@pytest.mark.notebook
def test_headless_kernel_runs_the_bar_without_hanging():
    """Executed by nbclient with no browser, does a bar finish and save its HTML?"""
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "from dlkit.progress import ProgressBar\n"
        "with ProgressBar(50, 'demo', min_interval=0) as bar:\n"
        "    for i in range(50):\n"
        "        bar.update(text=f'step {i}')\n")]
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()

    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data"]
    assert "<progress value='50' max='50'" in outputs[0].data["text/html"]
    assert "demo [====================] 50/50  step 49" in outputs[0].data["text/plain"]
