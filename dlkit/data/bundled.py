"""Data files shipped inside dlkit, each checked against its SHA-256 when read.

Nothing is downloaded: the files live in ``dlkit/data/files/``, and
``files/SOURCES.md`` says where each came from and under which licence. Every
read computes the file's SHA-256 and compares it with the value recorded here,
so a damaged or edited file fails loudly instead of teaching with wrong data.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dlkit.data._validate import check_dtype

__all__ = ["FILES", "BundledFile", "ChecksumError", "load_digits", "read_bundled"]

FILES_DIR = Path(__file__).resolve().parent / "files"


@dataclass(frozen=True)
class BundledFile:
    """One shipped data file: its name, checksum, origin and licence."""

    name: str
    sha256: str
    source: str
    licence: str


FILES: dict[str, BundledFile] = {
    entry.name: entry
    for entry in (
        BundledFile(
            "digits.npz",
            "b2dab7b501728c22e9119ad76740b2e17c77a231e42d1e592380d90886f1a05e",
            "UCI Machine Learning Repository, Optical Recognition of Handwritten "
            "Digits (E. Alpaydin, C. Kaynak, 1998), doi:10.24432/C50P49; the "
            "1797 samples of its test part",
            "CC BY 4.0",
        ),
        BundledFile(
            "guide.zh.txt",
            "42cc91db0be148e9efa7d50861fb47729a0276db5f956470bbc941607cc40a3b",
            "the deep-learning guide (深度学习指南) this course follows",
            "MIT, as dlkit",
        ),
        BundledFile(
            "neural_networks.en.txt",
            "63e45102e5370f6e869043d564d0ada7bc66d29c61bbe40def61279e715591f2",
            "written for dlkit: a short English passage about neural networks",
            "MIT, as dlkit",
        ),
    )
}


class ChecksumError(OSError):
    """A bundled data file's SHA-256 differs from the recorded one."""


def read_bundled(name: str) -> bytes:
    """Read a bundled file's bytes after verifying its SHA-256.

    Parameters
    ----------
    name : str
        A key of :data:`FILES`, e.g. ``"digits.npz"``.

    Raises
    ------
    ValueError
        If ``name`` is not a bundled file.
    FileNotFoundError
        If the file is missing from the installation.
    ChecksumError
        If the file's content does not match its recorded checksum.
    """
    if name not in FILES:
        raise ValueError(f"name must be one of the bundled files {sorted(FILES)}; "
                         f"got {name!r}.")
    path = FILES_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"The bundled data file {path} is missing. Restore "
                                "it (git checkout -- dlkit/data/files) or reinstall "
                                "dlkit with pip install -e .")

    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != FILES[name].sha256:
        raise ChecksumError(f"The bundled data file {path} is damaged or was "
                            f"changed: its SHA-256 is {digest}, expected "
                            f"{FILES[name].sha256}. Restore it (git checkout -- "
                            "dlkit/data/files) or reinstall dlkit.")
    return data


def load_digits(return_images: bool = False, dtype=np.float64):
    """Handwritten digits: 1797 grey images of 8x8 pixels, labels 0 to 9.

    Each pixel counts the inked dots in a 4x4 block of a 32x32 scan, so values
    are whole numbers from 0 (blank) to 16 (full). They are returned as they
    are; scale them (e.g. divide by 16) before training.

    Parameters
    ----------
    return_images : bool
        True: ``x`` has shape (1797, 8, 8), one image per sample. False: each
        image is flattened row by row, ``x`` has shape (1797, 64).
    dtype : NumPy number type
        The dtype of ``x``; ``np.uint8`` gives the stored values unchanged.

    Returns
    -------
    x : ndarray of shape (1797, 64) or (1797, 8, 8)
    y : ndarray of shape (1797,), int64, values 0..9

    Raises
    ------
    ChecksumError
        If the shipped file does not match its recorded SHA-256.
    """
    dtype = check_dtype(dtype)
    with np.load(io.BytesIO(read_bundled("digits.npz")), allow_pickle=False) as f:
        images, labels = f["images"], f["labels"]

    x = images.astype(dtype)
    if not return_images:
        x = x.reshape(len(x), -1)               # (N, 8, 8) -> (N, 64)
    return x, labels.astype(np.int64)
