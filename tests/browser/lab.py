"""A JupyterLab server for the browser tests, and what a test asks of a notebook page.

The server runs on a scratch copy of the course root with throw-away settings,
workspace and runtime folders, so nothing in the repository or the user's own
Jupyter set-up is read or changed. The page helpers talk to JupyterLab through
``window.jupyterapp`` (the server exposes it) and to the server's REST API.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]

# User settings of the throw-away settings folder: no news or update requests,
# and every cell kept in the DOM so that a test can see all of a notebook.
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none"},
}

# The tallest single screenshot, in pixels; a longer notebook is shot in parts.
TALLEST = 16_000
_SCROLLER = ".jp-NotebookPanel .jp-WindowedPanel-outer"

STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
# An output area that shows a widget (it carries no mime type of its own).
WIDGET_OUTPUT = ".jp-OutputArea-output:has(> .jupyter-widgets)"


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab server: its address, token, course root and log."""

    process: subprocess.Popen
    url: str
    token: str
    root: Path
    log: Path

    def api(self, path: str, method: str = "GET", body: dict | None = None):
        """The JSON answer of the server's REST API at ``path`` (None if empty)."""
        request = urllib.request.Request(
            f"{self.url}{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's log, for failure messages."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def address(self, path: str) -> str:
        """The browser address of ``path`` (e.g. ``lab/tree/x.ipynb``), logged in."""
        joiner = "&" if "?" in path else "?"
        return f"{self.url}/{path}{joiner}token={self.token}"

    def start_kernel(self, notebook: str) -> None:
        """Start the session of ``notebook`` on the server, so that its kernel
        boots while the page loads (the page then joins that session)."""
        self.api("/api/sessions", method="POST",
                 body={"path": notebook, "name": Path(notebook).name,
                       "type": "notebook", "kernel": {"name": "python3"}})

    def kernel_state(self, notebook: str) -> str | None:
        """The execution state of the kernel of ``notebook``'s session, if any."""
        for session in self.api("/api/sessions"):
            if session.get("path") == notebook and session.get("kernel"):
                return session["kernel"].get("execution_state")
        return None

    def wait_kernel_idle(self, notebook: str, timeout: float) -> None:
        """Wait until the kernel of ``notebook`` reports idle on the server."""
        deadline = time.monotonic() + timeout
        state = None
        while time.monotonic() < deadline:
            state = self.kernel_state(notebook)
            if state == "idle":
                return
            time.sleep(0.25)
        raise TimeoutError(f"the kernel of {notebook} is still {state!r} after "
                           f"{timeout:.0f} s; server log:\n{self.log_tail()}")

    def stop_sessions(self) -> None:
        """Shut down every session (and so every kernel) the server runs."""
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")

    def stop(self) -> None:
        """Stop the server and its kernels."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_lab(root: Path, scratch: Path, timeout: float = 90) -> Lab:
    """Start JupyterLab on ``root`` with its own settings under ``scratch``.

    Returns once the server answers its status API. The caller stops it with
    :meth:`Lab.stop`.
    """
    env = dict(os.environ)
    for name, folder in (("JUPYTERLAB_SETTINGS_DIR", "settings"),
                         ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"),
                         ("JUPYTER_CONFIG_DIR", "config")):
        (scratch / folder).mkdir(parents=True, exist_ok=True)
        env[name] = str(scratch / folder)
    for relative, values in SETTINGS.items():
        target = scratch / "settings" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    env.pop("JUPYTER_TOKEN", None)

    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}",
               f"--IdentityProvider.token={token}",
               "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = scratch / "jupyterlab.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=sink,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    lab = Lab(process, f"http://127.0.0.1:{port}", token, root, log)

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {process.returncode} "
                               f"while starting; its log:\n{lab.log_tail()}")
        try:
            lab.api("/api/status")
            return lab
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    lab.stop()
    raise TimeoutError(f"JupyterLab did not answer within {timeout:.0f} s; "
                       f"its log:\n{lab.log_tail()}")


# --- a notebook page ---------------------------------------------------------

_PANEL = "window.jupyterapp && window.jupyterapp.shell.currentWidget"

_STATE = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.widgets.filter(c => c.model.type === 'code');
    const state = {total: cells.length, numbered: 0, pending: 0, errors: []};
    cells.forEach(cell => {
        const prompt = cell.node.querySelector('.jp-InputPrompt');
        const text = prompt ? prompt.textContent : '';
        if (text.includes('*')) { state.pending += 1; }
        else if (/\\[\\d+\\]/.test(text)) { state.numbered += 1; }
    });
    panel.content.widgets.forEach((cell, index) => {
        if (cell.model.type !== 'code') { return; }
        for (const out of cell.model.outputs.toJSON()) {
            if (out.output_type === 'error') {
                state.errors.push({cell: index, ename: out.ename, evalue: out.evalue});
            }
        }
    });
    return state;
}"""


def open_notebook(page, lab: Lab, notebook: str, timeout: float = 90) -> None:
    """Open ``notebook`` (a path under the course root) alone in a fresh workspace
    and wait until its kernel is started and idle."""
    lab.start_kernel(notebook)
    page.goto(lab.address(f"lab/tree/{notebook}?reset"))
    page.wait_for_function(
        f"""(path) => {{
            const panel = {_PANEL};
            return !!(panel && panel.context && panel.context.path === path
                      && panel.content && panel.content.widgets.length > 0);
        }}""", arg=notebook, timeout=timeout * 1000)
    page.evaluate(f"""async () => {{
        const panel = {_PANEL};
        await panel.context.ready;
        await panel.sessionContext.ready;
    }}""")
    lab.wait_kernel_idle(notebook, timeout)


def notebook_state(page) -> dict:
    """How many code cells there are, how many ran (numbered prompt), how many
    wait or run (``[*]``), and the error outputs by cell index."""
    return page.evaluate(_STATE)


def run_all(page, lab: Lab, notebook: str, timeout: float = 300) -> dict:
    """Clear every output, run all cells, and wait until the notebook is done.

    Done means: no prompt is ``[*]`` and every code cell has a number, or an
    error stopped the run; then the kernel must report idle. Returns the final
    :func:`notebook_state`.
    """
    page.evaluate("""async () => {
        const commands = window.jupyterapp.commands;
        await commands.execute('notebook:clear-all-cell-outputs');
        commands.execute('notebook:run-all-cells');
    }""")
    deadline = time.monotonic() + timeout
    while True:
        state = notebook_state(page)
        finished = state["pending"] == 0 and (
            state["numbered"] == state["total"] or state["errors"])
        if finished:
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"{notebook} still running after {timeout:.0f} s: "
                               f"{state}")
        time.sleep(0.5)
    lab.wait_kernel_idle(notebook, timeout)
    return notebook_state(page)


def run_cell(page, lab: Lab, notebook: str, index: int, timeout: float = 120) -> list:
    """Run the code cell at ``index`` alone; return its outputs as nbformat dicts.

    Waits until the cell has a new execution count and the kernel is idle.
    """
    before = page.evaluate("""async (index) => {
        const panel = window.jupyterapp.shell.currentWidget;
        const cell = panel.content.widgets[index];
        if (cell.model.type !== 'code') {
            throw new Error('cell ' + index + ' is ' + cell.model.type + ', not code');
        }
        const count = cell.model.executionCount;
        panel.content.activeCellIndex = index;
        panel.content.deselectAll();
        window.jupyterapp.commands.execute('notebook:run-cell');
        return count;
    }""", index)
    page.wait_for_function("""([index, before]) => {
        const cell = window.jupyterapp.shell.currentWidget.content.widgets[index];
        const count = cell.model.executionCount;
        const prompt = cell.node.querySelector('.jp-InputPrompt').textContent;
        return count !== null && count !== before && !prompt.includes('*');
    }""", arg=[index, before], timeout=timeout * 1000)
    lab.wait_kernel_idle(notebook, timeout)
    return cell_outputs(page, index)


def set_source(page, index: int, source: str) -> None:
    """Replace the source of the cell at ``index``, as if typed in."""
    page.evaluate("""([index, source]) => {
        const cell = window.jupyterapp.shell.currentWidget.content.widgets[index];
        cell.model.sharedModel.setSource(source);
    }""", [index, source])


def cell_outputs(page, index: int) -> list[dict]:
    """The outputs of the cell at ``index``, as nbformat dicts."""
    return page.evaluate("""(index) => {
        const cell = window.jupyterapp.shell.currentWidget.content.widgets[index];
        return cell.model.outputs.toJSON();
    }""", index)


def cell_sources(page) -> list[tuple[str, str]]:
    """Each cell's type and source, in notebook order."""
    return page.evaluate("""() => window.jupyterapp.shell.currentWidget.content
        .widgets.map(c => [c.model.type, c.model.sharedModel.getSource()])""")


def cell_text(page, index: int) -> str:
    """The text the output area of the cell at ``index`` shows."""
    return page.evaluate("""(index) => {
        const cell = window.jupyterapp.shell.currentWidget.content.widgets[index];
        const area = cell.node.querySelector('.jp-OutputArea');
        return area ? area.innerText : '';
    }""", index)


def stderr_tracebacks(page) -> list[str]:
    """The stderr outputs on the page that hold a traceback."""
    texts = page.locator(STDERR).all_inner_texts()
    return [text for text in texts if "Traceback" in text]


def wait_images_loaded(page, timeout: float = 30) -> None:
    """Wait until every image of the notebook finished loading (or failed)."""
    page.wait_for_function("""() => Array.from(
        document.querySelectorAll('.jp-Notebook img')).every(img => img.complete)""",
                           timeout=timeout * 1000)


def broken_images(page) -> list[dict]:
    """The notebook's images that did not render: where they are and their size."""
    return page.evaluate("""() => {
        const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'));
        const broken = [];
        cells.forEach((cell, index) => {
            cell.querySelectorAll('img').forEach(img => {
                if (!(img.naturalWidth > 0 && img.naturalHeight > 0)) {
                    broken.push({cell: index, src: (img.src || '').slice(0, 60)});
                }
            });
        });
        return broken;
    }""")


def image_count(page) -> int:
    """How many images the notebook's output areas show."""
    return page.locator(".jp-Notebook .jp-OutputArea-output img").count()


def widget_cells(page) -> list[dict]:
    """Per code cell that outputs widgets: how many widget views its outputs hold
    (in the notebook model), how many its output area renders as widgets, and
    how many of those show a picture."""
    return page.evaluate("""() => {
        const found = [];
        window.jupyterapp.shell.currentWidget.content.widgets.forEach((cell, i) => {
            if (cell.model.type !== 'code') { return; }
            const views = cell.model.outputs.toJSON().filter(out => out.data
                && out.data['application/vnd.jupyter.widget-view+json']).length;
            if (!views) { return; }
            const areas = Array.from(cell.node.querySelectorAll(
                '.jp-OutputArea-output')).filter(area => Array.from(area.children)
                .some(child => child.classList.contains('jupyter-widgets')));
            const pictured = areas.filter(
                area => area.querySelector('img.widget-image')).length;
            found.push({cell: i, views: views, rendered: areas.length,
                        pictured: pictured});
        });
        return found;
    }""")


def full_page_screenshot(page, path: Path) -> list[Path]:
    """Pictures of the whole notebook, side panel closed.

    The window is made as tall as the notebook for the shot (at most
    ``TALLEST`` pixels; a longer notebook is shot in parts, ``path`` then
    ``NAME-2.png`` and so on), then put back. Returns the files written.
    """
    size = page.viewport_size
    height = page.evaluate(f"""() => {{
        window.jupyterapp.shell.collapseLeft();
        const scroller = document.querySelector('{_SCROLLER}');
        scroller.scrollTop = 0;
        return scroller.scrollHeight;
    }}""")
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f"{path.stem}-*{path.suffix}"):
        stale.unlink()
    page.set_viewport_size({"width": size["width"],
                            "height": min(max(size["height"], height + 200), TALLEST)})
    tall = page.viewport_size["height"]
    step = page.wait_for_function(       # the notebook laid out at the new size
        f"""(tall) => {{
            const seen = document.querySelector('{_SCROLLER}').clientHeight;
            return seen > tall - 400 && seen;
        }}""", arg=tall).json_value()
    # Where each part starts; the last one ends at the notebook's end. A few
    # hundred pixels more than one window are the notebook's bottom margin.
    tops = [0] if height <= step + 300 else [
        *range(0, height - step, step), height - step]
    shots = []
    for part, top in enumerate(tops, start=1):
        page.evaluate(f"""(top) => new Promise(done => {{
            document.querySelector('{_SCROLLER}').scrollTop = top;
            requestAnimationFrame(() => requestAnimationFrame(done));
        }})""", top)                                  # laid out, then shot
        shot = path if part == 1 else path.with_name(f"{path.stem}-{part}{path.suffix}")
        page.screenshot(path=str(shot))
        shots.append(shot)
    page.set_viewport_size(size)
    return shots
