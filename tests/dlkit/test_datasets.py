"""Tests for the bundled and generated data sets in dlkit.data."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys

import numpy as np
import pytest

from dlkit.data import (
    GRADE_CLASSES,
    GRADE_COLUMNS,
    VOWELS,
    CharVocab,
    ChecksumError,
    bundled,
    chirp,
    corrupt_table,
    load_digits,
    load_text,
    load_xor,
    make_adding_problem,
    make_blobs,
    make_circles,
    make_grades,
    make_moons,
    make_parity,
    make_sine_waves,
    make_spirals,
    make_vowels,
    spectrogram,
    tone,
    white_noise,
)


@pytest.fixture
def no_network(monkeypatch):
    """Make every attempt to open a network connection fail."""
    def refuse(*args, **kwargs):
        raise AssertionError("dlkit.data tried to use the network")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def tampered(tmp_path, monkeypatch):
    """A copy of the bundled files in which one named file has one byte changed."""
    for entry in bundled.FILES:
        shutil.copy(bundled.FILES_DIR / entry, tmp_path / entry)
    monkeypatch.setattr(bundled, "FILES_DIR", tmp_path)

    def spoil(name):
        data = bytearray((tmp_path / name).read_bytes())
        data[len(data) // 2] ^= 0x01
        (tmp_path / name).write_bytes(bytes(data))
    return spoil


# ---------------------------------------------------------------- bundled files

def test_sources_md_lists_every_file_with_its_checksum():
    """Does SOURCES.md name every shipped file, with the checksum the code checks?"""
    text = (bundled.FILES_DIR / "SOURCES.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", text,
                             flags=re.MULTILINE))
    assert listed == {name: entry.sha256 for name, entry in bundled.FILES.items()}
    shipped = {p.name for p in bundled.FILES_DIR.iterdir()} - {"SOURCES.md"}
    assert shipped == set(bundled.FILES)


@pytest.mark.parametrize("name", sorted(bundled.FILES))
def test_every_bundled_file_has_source_and_licence(name):
    """Does each bundled file record where it came from and its licence?"""
    entry = bundled.FILES[name]
    assert entry.source and entry.licence
    assert re.fullmatch(r"[0-9a-f]{64}", entry.sha256)


def test_everything_loads_without_network(no_network):
    """Do all data sets load with every network connection refused?"""
    load_digits()
    load_text("guide_zh")
    load_text("networks_en")
    make_vowels(n_per_class=2)
    corrupt_table(*make_grades(50))


@pytest.mark.parametrize("name, loader", [
    ("digits.npz", load_digits),
    ("guide.zh.txt", lambda: load_text("guide_zh")),
    ("neural_networks.en.txt", lambda: load_text("networks_en")),
])
def test_tampered_file_raises_checksum_error(tampered, name, loader):
    """Does a bundled file with one changed byte fail to load, saying so?"""
    tampered(name)
    with pytest.raises(ChecksumError, match=rf"{re.escape(name)} is damaged or was "
                                            r"changed: its SHA-256 is [0-9a-f]{64}"):
        loader()


def test_untouched_copy_still_loads(tampered):
    """Does the checksum accept an exact copy of the files (no false alarm)?"""
    x, y = load_digits()
    assert x.shape == (1797, 64)


def test_missing_file_says_how_to_restore(tmp_path, monkeypatch):
    """Does a missing data file raise FileNotFoundError naming the fix?"""
    monkeypatch.setattr(bundled, "FILES_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"digits.npz is missing\. Restore"):
        load_digits()


def test_unknown_bundled_name_lists_the_choices():
    """Does asking for a file that is not bundled list the ones that are?"""
    with pytest.raises(ValueError, match=r"name must be one of the bundled files "
                                         r"\['digits.npz'"):
        bundled.read_bundled("mnist.npz")


def test_library_does_not_import_scikit_learn():
    """Does loading the digits work without importing scikit-learn at all?"""
    code = ("import sys, dlkit.data; dlkit.data.load_digits(); "
            "print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- digits

def test_digits_flat_by_default():
    """Are the digits 1797 rows of 64 float64 pixels with labels 0..9?"""
    x, y = load_digits()
    assert x.shape == (1797, 64) and x.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert set(np.unique(y)) == set(range(10))
    assert x.min() == 0 and x.max() == 16


def test_digits_as_images_in_chosen_dtype():
    """Does return_images give (1797, 8, 8) in the dtype asked for?"""
    images, _ = load_digits(return_images=True, dtype=np.uint8)
    flat, _ = load_digits(dtype=np.float32)
    assert images.shape == (1797, 8, 8) and images.dtype == np.uint8
    assert flat.dtype == np.float32
    np.testing.assert_array_equal(images.reshape(1797, 64), flat)


def test_digits_match_their_origin():
    """Do the shipped digits equal the UCI set as scikit-learn carries it?"""
    datasets = pytest.importorskip("sklearn.datasets")
    reference = datasets.load_digits()
    x, y = load_digits(return_images=True)
    np.testing.assert_array_equal(x, reference.images)
    np.testing.assert_array_equal(y, reference.target)


@pytest.mark.parametrize("dtype, message", [
    (str, r"dtype must be an integer or floating type such as np\.float32; got <U0"),
    ("no-such-type", r"dtype must be a NumPy number type such as np\.float32; got "
                     r"'no-such-type'"),
])
def test_digits_reject_a_non_number_dtype(dtype, message):
    """Does a dtype that is not a number type fail with a clear TypeError?"""
    with pytest.raises(TypeError, match=message):
        load_digits(dtype=dtype)


# ---------------------------------------------------------------- text

def test_corpora_are_the_expected_texts():
    """Are the two corpora the Chinese guide and the English passage?"""
    guide = load_text("guide_zh")
    english = load_text("networks_en")
    assert guide.lstrip().startswith("深度学习指南")
    assert "neural network" in english and len(english) > 1500


def test_unknown_corpus_lists_the_choices():
    """Does an unknown corpus name list the available ones?"""
    with pytest.raises(ValueError, match=r"name must be one of \['guide_zh', "
                                         r"'networks_en'\]; got 'wiki'"):
        load_text("wiki")


@pytest.mark.parametrize("name", ["guide_zh", "networks_en"])
def test_vocab_round_trips_a_corpus(name):
    """Does decode(encode(text)) give back the whole corpus?"""
    text = load_text(name)
    vocab = CharVocab(text)
    ids = vocab.encode(text)
    assert ids.dtype == np.int64 and ids.shape == (len(text),)
    assert ids.min() == 0 and ids.max() == len(vocab) - 1
    assert vocab.decode(ids) == text


def test_vocab_ids_follow_sorted_characters():
    """Are ids assigned in sorted character order, the same for every build?"""
    vocab = CharVocab("hello")
    assert vocab.chars == ("e", "h", "l", "o")
    np.testing.assert_array_equal(vocab.encode("hole"), [1, 3, 2, 0])
    assert CharVocab(["he", "llo"]).chars == vocab.chars
    assert "l" in vocab and "z" not in vocab


def test_vocab_rejects_unknown_characters():
    """Does encoding a character outside the vocabulary name it?"""
    with pytest.raises(ValueError, match=r"1 character\(s\) not in the vocabulary: "
                                         r"'z'"):
        CharVocab("hello").encode("hollz")


@pytest.mark.parametrize("ids, error, message", [
    ([0, 7], ValueError, r"ids must lie in 0\.\.3; got 7"),
    ([[0, 1]], ValueError, r"ids must be 1-D, of shape \(T,\); got shape \(1, 2\)"),
    ([0.5, 1.0], TypeError, r"ids must be integers; got dtype float64"),
])
def test_vocab_decode_checks_ids(ids, error, message):
    """Does decode reject ids of the wrong range, shape or type?"""
    with pytest.raises(error, match=message):
        CharVocab("hello").decode(ids)


@pytest.mark.parametrize("call, message", [
    (lambda: CharVocab(["ab", 3]), r"text must be a str or an iterable of str; "
                                   r"found a int"),
    (lambda: CharVocab("ab").encode(["a"]), r"text must be a str; got list"),
])
def test_vocab_type_errors(call, message):
    """Does the vocabulary reject texts that are not strings?"""
    with pytest.raises(TypeError, match=message):
        call()


def test_vocab_repr_gives_its_size():
    """Does the repr say how many characters the vocabulary holds?"""
    assert repr(CharVocab("hello")) == "CharVocab(4 characters)"


def test_vocab_needs_a_text():
    """Does an empty text give an error instead of an empty vocabulary?"""
    with pytest.raises(ValueError, match=r"text must contain at least one character"):
        CharVocab("")


# ---------------------------------------------------------------- toy sets

def test_xor_is_the_truth_table():
    """Are the XOR points the four input pairs with label 1 for unequal inputs?"""
    x, y = load_xor()
    np.testing.assert_array_equal(x, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    assert x.dtype == np.float64 and y.dtype == np.int64


TOY_SETS = [
    (make_moons, {"n_samples": 101}, 2),
    (make_spirals, {"n_samples": 101, "n_arms": 4}, 4),
    (make_circles, {"n_samples": 101}, 2),
    (make_blobs, {"n_samples": 101, "centers": 5}, 5),
]


@pytest.mark.parametrize("make, kwargs, n_classes", TOY_SETS)
def test_toy_set_shapes_and_balanced_labels(make, kwargs, n_classes):
    """Does each toy set give (N, 2) floats and near-equal class sizes?"""
    x, y = make(**kwargs)
    assert x.shape == (101, 2) and x.dtype == np.float64
    assert y.shape == (101,) and y.dtype == np.int64
    counts = np.bincount(y, minlength=n_classes)
    assert len(counts) == n_classes and counts.max() - counts.min() <= 1


@pytest.mark.parametrize("make, kwargs, n_classes", TOY_SETS)
def test_toy_set_is_seeded(make, kwargs, n_classes):
    """Does the same seed give the same set, and another seed a different one?"""
    x1, y1 = make(**kwargs, seed=3)
    x2, y2 = make(**kwargs, seed=3)
    x3, _ = make(**kwargs, seed=4)
    np.testing.assert_array_equal(x1, x2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(x1, x3)
    x4, _ = make(**kwargs, seed=np.random.default_rng(3))
    assert x4.shape == x1.shape


@pytest.mark.parametrize("make, kwargs, n_classes", TOY_SETS)
def test_toy_set_is_shuffled(make, kwargs, n_classes):
    """Are the classes mixed, so that the first rows are not all one class?"""
    _, y = make(**kwargs)
    assert len(np.unique(y[:20])) > 1


def test_moons_without_noise_lie_on_their_arcs():
    """With noise=0, is class 0 on the unit circle and class 1 on the shifted one?"""
    x, y = make_moons(200, noise=0.0)
    np.testing.assert_allclose(np.hypot(*x[y == 0].T), 1.0)
    np.testing.assert_allclose(np.hypot(x[y == 1, 0] - 1, x[y == 1, 1] - 0.5), 1.0)
    assert (x[y == 0, 1] >= 0).all() and (x[y == 1, 1] <= 0.5).all()


def test_circles_without_noise_have_two_radii():
    """With noise=0, are the rings at radius 1 and radius factor?"""
    x, y = make_circles(200, factor=0.3, noise=0.0)
    np.testing.assert_allclose(np.hypot(*x[y == 0].T), 1.0)
    np.testing.assert_allclose(np.hypot(*x[y == 1].T), 0.3)


def test_spiral_arms_start_at_evenly_spaced_angles():
    """Without noise, does the radius stay within 1 and arm k start at 2 pi k / K?"""
    x, y = make_spirals(300, n_arms=3, noise=0.0, turns=0.0)
    assert np.hypot(*x.T).max() <= 1.0
    angles = np.arctan2(x[:, 1], x[:, 0]) % (2 * np.pi)
    np.testing.assert_allclose(angles, 2 * np.pi * y / 3, atol=1e-9)


def test_blobs_with_given_centres_and_no_spread():
    """With std=0, is every point exactly on its class centre?"""
    centres = np.array([[0.0, 0.0, 1.0], [5.0, 5.0, 5.0]])
    x, y = make_blobs(10, centers=centres, std=0.0)
    np.testing.assert_array_equal(x, centres[y])


@pytest.mark.parametrize("call, error, message", [
    (lambda: make_moons(n_samples=10.5), TypeError, r"n_samples must be an int; got "
                                                    r"float 10\.5"),
    (lambda: make_moons(n_samples=1), ValueError, r"n_samples must be at least 2"),
    (lambda: make_moons(noise=-1), ValueError, r"noise must be at least 0; got -1"),
    (lambda: make_spirals(n_arms=1), ValueError, r"n_arms must be at least 2"),
    (lambda: make_circles(factor=1.5), ValueError, r"factor must lie strictly "
                                                   r"between 0 and 1; got 1\.5"),
    (lambda: make_blobs(centers=[1, 2]), ValueError, r"centers must be an int or an "
                                                     r"array of shape \(K, D\)"),
    (lambda: make_moons(seed="a"), TypeError, r"seed must be an int or a "
                                              r"numpy\.random\.Generator; got str"),
    (lambda: make_moons(seed=-1), ValueError, r"seed must be a non-negative int"),
    (lambda: make_moons(noise=float("nan")), ValueError, r"noise must be finite; "
                                                         r"got nan"),
])
def test_toy_set_argument_errors(call, error, message):
    """Does each wrong argument raise an error that names it?"""
    with pytest.raises(error, match=message):
        call()


# ---------------------------------------------------------------- signals

def test_tone_has_its_frequency_and_length():
    """Does a 50 Hz tone of 0.1 s at 1 kHz have 100 samples and 5 cycles?"""
    wave = tone(50, duration=0.1, sample_rate=1000, amplitude=2.0)
    assert wave.shape == (100,)
    np.testing.assert_allclose(wave[:5], 2 * np.sin(2 * np.pi * 50 * np.arange(5)
                                                    / 1000))
    rising = np.sum((wave[:-1] < 0) & (wave[1:] >= 0))
    assert rising == 4           # 5 cycles, the first starts at sample 0


def test_chirp_sweeps_from_start_to_end_frequency():
    """Does a chirp's loudest frequency move from f_start to f_end?"""
    freqs, _, power = spectrogram(chirp(500, 3000, 1.0, 8000), 8000)
    loudest = freqs[power.argmax(axis=0)]
    assert abs(loudest[0] - 500) < 150 and abs(loudest[-1] - 3000) < 150
    assert np.all(np.diff(loudest) >= 0)


def test_white_noise_is_seeded_with_its_amplitude():
    """Is white noise reproducible, with the standard deviation asked for?"""
    a = white_noise(2.0, 8000, amplitude=0.5, seed=1)
    np.testing.assert_array_equal(a, white_noise(2.0, 8000, amplitude=0.5, seed=1))
    assert a.shape == (16000,) and abs(a.std() - 0.5) < 0.02


def test_vowels_shape_labels_and_seed():
    """Does make_vowels give N x T signals, balanced labels, and repeat per seed?"""
    x, y = make_vowels(n_per_class=4, duration=0.1, sample_rate=8000, seed=2)
    assert x.shape == (20, 800) and x.dtype == np.float64
    np.testing.assert_array_equal(np.bincount(y), [4] * len(VOWELS))
    np.testing.assert_array_equal(x, make_vowels(4, 0.1, 8000, seed=2)[0])


def test_vowels_carry_energy_at_their_first_formant():
    """Is the loudest band of an /a/ higher than that of an /i/ (F1 730 vs 270 Hz)?"""
    x, y = make_vowels(n_per_class=10, noise=0.0, seed=0)
    freqs, _, power = spectrogram(x, 8000, frame_length=512)
    spectrum = power.mean(axis=-1)                       # (N, F)
    peak = {v: np.median(freqs[spectrum[y == i].argmax(axis=1)])
            for i, v in enumerate(VOWELS)}
    assert 550 < peak["a"] < 950 and peak["i"] < 450


def test_sine_waves_target_is_the_next_step():
    """Is y[:, t] the input at step t + 1, for every series?"""
    x, y = make_sine_waves(n_series=7, length=30, seed=1)
    assert x.shape == y.shape == (7, 30, 1)
    np.testing.assert_array_equal(y[:, :-1], x[:, 1:])


def test_parity_labels_count_the_ones():
    """Is each parity label 1 exactly when the sequence holds an odd number of ones?"""
    x, y = make_parity(n_sequences=50, length=6, seed=0)
    assert x.shape == (50, 6, 1) and set(np.unique(x)) <= {0.0, 1.0}
    np.testing.assert_array_equal(y, x[:, :, 0].sum(axis=1) % 2)
    assert 0 < y.mean() < 1


def test_adding_problem_marks_two_numbers_and_sums_them():
    """Does each sequence mark one number per half, with their sum as target?"""
    x, y = make_adding_problem(n_sequences=40, length=10, seed=0)
    assert x.shape == (40, 10, 2)
    markers = x[:, :, 1]
    np.testing.assert_array_equal(markers[:, :5].sum(axis=1), 1)
    np.testing.assert_array_equal(markers[:, 5:].sum(axis=1), 1)
    np.testing.assert_allclose(y, (x[:, :, 0] * markers).sum(axis=1))


SEEDED = [
    lambda seed: make_vowels(n_per_class=2, duration=0.05, seed=seed),
    lambda seed: make_sine_waves(n_series=4, length=10, seed=seed),
    lambda seed: make_parity(n_sequences=20, length=6, seed=seed),
    lambda seed: make_adding_problem(n_sequences=5, length=6, seed=seed),
    lambda seed: (white_noise(0.01, 8000, seed=seed),),
    lambda seed: make_grades(30, seed=seed),
    lambda seed: corrupt_table(*make_grades(60), seed=seed)[:2],
]


@pytest.mark.parametrize("make", SEEDED, ids=["vowels", "sine_waves", "parity",
                                              "adding", "white_noise", "grades",
                                              "corrupt_table"])
def test_generated_data_is_seeded(make):
    """Does each generator repeat itself for one seed and change for another?"""
    first, again, other = make(5), make(5), make(6)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert any(not np.array_equal(a, c, equal_nan=True)
               for a, c in zip(first, other, strict=True))


# ---------------------------------------------------------------- messy table

def test_grades_table_shape_and_class_shares():
    """Does make_grades give 5 columns and the 30/50/20 outcome shares?"""
    x, y = make_grades(200, seed=0)
    assert x.shape == (200, len(GRADE_COLUMNS)) and y.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(y), [60, 100, 40])
    assert len(GRADE_CLASSES) == 3 and not np.isnan(x).any()


def test_grades_rows_differ_in_at_least_two_columns():
    """Can no single missing value make two clean rows look identical?"""
    x, _ = make_grades(300, seed=5)
    for skip in range(x.shape[1]):
        assert len(np.unique(np.delete(x, skip, axis=1), axis=0)) == len(x)


def test_corruption_is_seeded():
    """Does the same seed spoil the table the same way?"""
    x, y = make_grades(100, seed=1)
    a, b = corrupt_table(x, y, seed=7), corrupt_table(x, y, seed=7)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[2].flipped, b[2].flipped)


def test_corruption_record_describes_the_messy_table():
    """Does the record say exactly which cells and rows were damaged, and how?"""
    x, y = make_grades(200, seed=0)
    xm, ym, rec = corrupt_table(x, y, missing=0.05, duplicates=0.03, outliers=0.02,
                                flipped=0.03, seed=0)
    clean_x, clean_y = x[rec.source_row], y[rec.source_row]

    assert xm.shape == (206, 5) and ym.shape == (206,)
    np.testing.assert_array_equal(np.isnan(xm), rec.missing)
    assert rec.missing.sum() == 50 and rec.outliers.sum() == 20
    assert rec.missing.sum(axis=1).max() == 1 and rec.outliers.sum(axis=1).max() == 1
    low, high = x.min(axis=0), x.max(axis=0)
    cols = np.nonzero(rec.outliers)[1]
    outside = (xm[rec.outliers] < low[cols]) | (xm[rec.outliers] > high[cols])
    assert outside.all()
    untouched = ~(rec.missing | rec.outliers)
    np.testing.assert_array_equal(xm[untouched], clean_x[untouched])
    np.testing.assert_array_equal(np.flatnonzero(ym != clean_y), rec.flipped)
    assert len(rec.flipped) == 6
    np.testing.assert_array_equal(xm[rec.duplicates], xm[rec.duplicate_of])
    assert len(rec.duplicates) == 6 and (rec.duplicate_of < rec.duplicates).all()


def test_corruption_leaves_the_input_alone():
    """Is the clean table unchanged after corrupt_table?"""
    x, y = make_grades(50, seed=0)
    x0, y0 = x.copy(), y.copy()
    corrupt_table(x, y)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(y, y0)


@pytest.mark.parametrize("kwargs, message", [
    ({"missing": 0.9}, r"The table has 50 rows but the damage asked for needs"),
    ({"flipped": 1.5}, r"flipped must be at most 1; got 1\.5"),
])
def test_corruption_rejects_impossible_damage(kwargs, message):
    """Does asking for more damage than the table can take say so?"""
    with pytest.raises(ValueError, match=message):
        corrupt_table(*make_grades(50), **kwargs)


def test_corruption_accepts_column_and_whole_float_labels():
    """Are labels of shape (N, 1), or floats like 1.0, taken as class labels?"""
    x, y = make_grades(50)
    _, y_messy, _ = corrupt_table(x, y[:, None].astype(float), flipped=0.0)
    assert y_messy.dtype == np.int64 and y_messy.ndim == 1


def test_corruption_needs_one_label_per_row():
    """Does a label array of the wrong length raise an error naming both?"""
    x, y = make_grades(50)
    with pytest.raises(ValueError, match=r"x and y must have the same number of "
                                         r"rows; got 50 and 49"):
        corrupt_table(x, y[:-1])


def test_corruption_needs_clean_input_and_two_classes():
    """Does corrupt_table refuse a table with NaN, or flips with one class?"""
    x, y = make_grades(50)
    x[0, 0] = np.nan
    with pytest.raises(ValueError, match=r"x must be a clean table without NaN"):
        corrupt_table(x, y)
    with pytest.raises(ValueError, match=r"flipped needs at least two classes"):
        corrupt_table(np.ones((50, 2)) * np.arange(50)[:, None], np.zeros(50, int))
