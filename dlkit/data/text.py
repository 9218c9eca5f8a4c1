"""Two small text corpora and a character vocabulary for character models.

``"guide_zh"`` is the Chinese deep-learning guide the course follows (about
2,800 characters); ``"networks_en"`` is a short English passage about neural
networks (about 2,100 characters). Both ship with dlkit and are checked
against their SHA-256 when read.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from dlkit.data.bundled import read_bundled

__all__ = ["CORPORA", "CharVocab", "load_text"]

CORPORA = {
    "guide_zh": "guide.zh.txt",
    "networks_en": "neural_networks.en.txt",
}


def load_text(name: str = "networks_en") -> str:
    """Return one of the bundled corpora as a string.

    Parameters
    ----------
    name : {"networks_en", "guide_zh"}

    Returns
    -------
    str
        The whole text, lines separated by ``"\\n"``.
    """
    if name not in CORPORA:
        raise ValueError(f"name must be one of {sorted(CORPORA)}; got {name!r}.")
    return read_bundled(CORPORA[name]).decode("utf-8")


class CharVocab:
    """A fixed mapping between characters and integer ids 0..V-1.

    Ids follow the sorted order of the distinct characters of the text the
    vocabulary was built from, so the same text always gives the same ids.

    Parameters
    ----------
    text : str or iterable of str
        Every character that will ever be encoded must occur in it.

    Attributes
    ----------
    chars : tuple of str
        ``chars[i]`` is the character with id ``i``.

    Examples
    --------
    >>> vocab = CharVocab("hello")
    >>> vocab.encode("hole")
    array([1, 3, 2, 0])
    >>> vocab.decode([1, 0, 2, 2, 3])
    'hello'
    """

    def __init__(self, text: str | Iterable[str]) -> None:
        if isinstance(text, str):
            chars = set(text)
        else:
            chars = set()
            for piece in text:
                if not isinstance(piece, str):
                    raise TypeError("text must be a str or an iterable of str; "
                                    f"found a {type(piece).__name__}.")
                chars.update(piece)
        if not chars:
            raise ValueError("text must contain at least one character; got an "
                             "empty text. Build the vocabulary from the corpus.")
        self.chars: tuple[str, ...] = tuple(sorted(chars))
        self._ids = {c: i for i, c in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def __contains__(self, char: object) -> bool:
        return char in self._ids

    def __repr__(self) -> str:
        return f"CharVocab({len(self)} characters)"

    def encode(self, text: str) -> np.ndarray:
        """Map a string to its ids: ndarray of shape (T,), int64, T = len(text)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str; got {type(text).__name__}.")
        unknown = sorted(set(text) - self._ids.keys())
        if unknown:
            shown = "".join(unknown[:10])
            raise ValueError(f"text contains {len(unknown)} character(s) not in the "
                             f"vocabulary: {shown!r}. Build the vocabulary from a "
                             "text that contains every character you encode.")
        return np.fromiter((self._ids[c] for c in text), dtype=np.int64,
                           count=len(text))

    def decode(self, ids) -> str:
        """Map ids, array-like of shape (T,), back to the string they encode."""
        ids = np.asarray(ids)
        if ids.ndim != 1:
            raise ValueError(f"ids must be 1-D, of shape (T,); got shape {ids.shape}. "
                             "Decode one sequence at a time.")
        if ids.size and ids.dtype.kind not in "iu":
            raise TypeError(f"ids must be integers; got dtype {ids.dtype}. If these "
                            "are probabilities, take ids = p.argmax(axis=-1).")
        bad = (ids < 0) | (ids >= len(self))
        if bad.any():
            raise ValueError(f"ids must lie in 0..{len(self) - 1}; got "
                             f"{int(ids[bad][0])}.")
        return "".join(self.chars[i] for i in ids.tolist())
