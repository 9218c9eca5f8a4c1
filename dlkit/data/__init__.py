"""Data for the course, all offline, and the steps that prepare it.

Bundled files (digits, two text corpora) are verified against their SHA-256
on every read; everything else is generated from a seed. ``files/SOURCES.md``
names the source and licence of each file.

- Toy sets: :func:`load_xor`, :func:`make_moons`, :func:`make_spirals`,
  :func:`make_circles`, :func:`make_blobs`.
- Images and text: :func:`load_digits`, :func:`load_text`, :class:`CharVocab`.
- Sequences and sound: :func:`make_sine_waves`, :func:`make_parity`,
  :func:`make_adding_problem`, :func:`tone`, :func:`chirp`,
  :func:`white_noise`, :func:`make_vowels`.
- A table to clean: :func:`make_grades`, :func:`corrupt_table`.
- Preparation: scalers, :func:`one_hot`, splits, :func:`batches`, cleaning
  helpers, :func:`spectrogram`.
"""

from dlkit.data.bundled import ChecksumError, load_digits
from dlkit.data.cleaning import (
    Imputer,
    drop_duplicates,
    fill_missing,
    find_label_noise,
    find_outliers,
)
from dlkit.data.features import frame_signal, power_to_db, spectrogram
from dlkit.data.messy import (
    GRADE_CLASSES,
    GRADE_COLUMNS,
    Corruption,
    corrupt_table,
    make_grades,
)
from dlkit.data.preprocessing import (
    MinMaxScaler,
    NotFittedError,
    StandardScaler,
    one_hot,
)
from dlkit.data.signals import (
    VOWELS,
    chirp,
    make_adding_problem,
    make_parity,
    make_sine_waves,
    make_vowels,
    tone,
    white_noise,
)
from dlkit.data.splits import batches, train_test_split, train_val_test_split
from dlkit.data.text import CharVocab, load_text
from dlkit.data.toy import load_xor, make_blobs, make_circles, make_moons, make_spirals

__all__ = [
    "GRADE_CLASSES",
    "GRADE_COLUMNS",
    "VOWELS",
    "CharVocab",
    "ChecksumError",
    "Corruption",
    "Imputer",
    "MinMaxScaler",
    "NotFittedError",
    "StandardScaler",
    "batches",
    "chirp",
    "corrupt_table",
    "drop_duplicates",
    "fill_missing",
    "find_label_noise",
    "find_outliers",
    "frame_signal",
    "load_digits",
    "load_text",
    "load_xor",
    "make_adding_problem",
    "make_blobs",
    "make_circles",
    "make_grades",
    "make_moons",
    "make_parity",
    "make_sine_waves",
    "make_spirals",
    "make_vowels",
    "one_hot",
    "power_to_db",
    "spectrogram",
    "tone",
    "train_test_split",
    "train_val_test_split",
    "white_noise",
]
