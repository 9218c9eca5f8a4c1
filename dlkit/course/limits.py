"""Resource limits for the grading kernel.

nbgrader starts one kernel per submission. :class:`LimitedExecute` starts it
through :func:`main` below, which caps the kernel's address space (a memory
bomb then fails with MemoryError instead of taking the machine) and the size
of any file it writes, and then becomes the ordinary kernel.
"""

from __future__ import annotations

import os
import sys

from jupyter_client import AsyncKernelManager
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer

MEMORY_MB = 4096
FILE_MB = 64


class LimitedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels start under :func:`main`'s limits."""

    memory_mb = Integer(MEMORY_MB, help="address-space limit of a grading kernel "
                        "in MiB").tag(config=True)
    file_mb = Integer(FILE_MB, help="largest file a grading kernel may write, in "
                      "MiB").tag(config=True)

    def format_kernel_cmd(self, extra_arguments=None):
        command = super().format_kernel_cmd(extra_arguments)
        return [sys.executable, "-m", "dlkit.course.limits",
                str(self.memory_mb), str(self.file_mb), "--", *command]


class LimitedExecute(Execute):
    """nbgrader's Execute, with kernels started by :class:`LimitedKernelManager`."""

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = LimitedKernelManager
        super().__init__(*args, **kwargs)


def main(argv: list[str]) -> None:
    """``python -m dlkit.course.limits MEMORY_MB FILE_MB -- COMMAND...``"""
    import resource
    import signal

    memory_mb, file_mb, separator, *command = argv
    if separator != "--" or not command:
        raise SystemExit("usage: python -m dlkit.course.limits MEMORY_MB FILE_MB "
                         "-- COMMAND...")
    memory = int(memory_mb) * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    size = int(file_mb) * 2**20
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    # Past the file limit a write then fails with an error instead of the
    # signal killing the kernel (an ignored signal stays ignored across exec).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])


class TrimOutput(NbGraderPreprocessor):
    """Cut every text output of a graded notebook to ``max_chars`` characters.

    nbgrader's LimitOutput counts lines; a cell that prints a few enormous
    lines would otherwise leave a graded notebook of hundreds of megabytes in
    autograded/ and in the feedback.
    """

    max_chars = Integer(100_000, help="characters kept of each text output"
                        ).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = self._trim(output.get("text", ""))
            for mime in ("text/plain", "text/html"):
                data = output.get("data", {})
                if isinstance(data.get(mime), str):
                    data[mime] = self._trim(data[mime])
        return cell, resources

    def _trim(self, text: str) -> str:
        if len(text) <= self.max_chars:
            return text
        cut = len(text) - self.max_chars
        return text[: self.max_chars] + f"\n... [{cut} more characters not kept]\n"
