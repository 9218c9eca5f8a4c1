"""Tests for dlkit.data.splits: train/validation/test splits and mini-batches."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.data import batches, splits, train_test_split, train_val_test_split

# ---------------------------------------------------------------- splits

def _labels(counts):
    rng = np.random.default_rng(0)
    return rng.permutation(np.repeat(np.arange(len(counts)), counts))


def test_train_test_split_partitions_the_rows():
    """Does every row land in exactly one part, the same rows for x and y?"""
    x = np.arange(50)[:, None] * [1, 10]
    y = np.arange(50)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=0.2, seed=1)
    assert len(x_te) == 10 and len(x_tr) == 40
    np.testing.assert_array_equal(x_tr[:, 0], y_tr)
    np.testing.assert_array_equal(np.sort(np.concatenate([y_tr, y_te])), y)


def test_split_is_seeded():
    """Does the same seed give the same split, and another seed another one?"""
    y = np.arange(40)
    a = train_test_split(y, seed=3)[1]
    np.testing.assert_array_equal(a, train_test_split(y, seed=3)[1])
    assert not np.array_equal(a, train_test_split(y, seed=4)[1])


def test_split_without_shuffle_holds_out_the_end():
    """With shuffle=False, is the test part the last samples, in order?"""
    y_tr, y_te = train_test_split(np.arange(10), test_size=3, shuffle=False)
    np.testing.assert_array_equal(y_tr, np.arange(7))
    np.testing.assert_array_equal(y_te, [7, 8, 9])


@pytest.mark.parametrize("counts", [(50, 30, 20), (90, 10), (33, 33, 34, 7)])
def test_stratified_split_keeps_class_proportions(counts):
    """Does each of train, validation and test keep every class's share (to one)?"""
    y = _labels(counts)
    n = len(y)
    parts = train_val_test_split(np.arange(n), y, val_size=0.2, test_size=0.2,
                                 stratify=y, seed=0)
    index, labels = parts[:3], parts[3:]
    for idx, lab in zip(index, labels, strict=True):
        np.testing.assert_array_equal(y[idx], lab)
        share = np.bincount(lab, minlength=len(counts)) / len(lab)
        assert np.all(np.abs(share * len(lab) - np.array(counts) * len(lab) / n) < 1)
    assert [len(i) for i in index] == [n - 2 * round(0.2 * n), round(0.2 * n),
                                       round(0.2 * n)]
    np.testing.assert_array_equal(np.sort(np.concatenate(index)), np.arange(n))


@pytest.mark.parametrize("seed", range(20))
def test_rounded_table_keeps_margins_and_stays_within_one(seed):
    """For random class counts, is every cell floor or ceil, with exact sums?"""
    rng = np.random.default_rng(seed)
    totals = rng.integers(1, 40, size=rng.integers(2, 9))
    n = totals.sum()
    held = rng.integers(1, max(2, n // 4), size=2)
    sizes = np.array([n - held.sum(), *held])
    ideal = totals[:, None] * sizes[None, :] / n
    counts = splits._round_table(ideal)
    np.testing.assert_array_equal(counts.sum(axis=1), totals)
    np.testing.assert_array_equal(counts.sum(axis=0), sizes)
    assert np.all(np.abs(counts - ideal) < 1)


def test_rounding_that_greedy_alone_gets_wrong(monkeypatch):
    """Is a table where largest-fraction-first fills the wrong column repaired?"""
    used = []
    path = splits._alternating_path
    monkeypatch.setattr(splits, "_alternating_path",
                        lambda *args: used.append(1) or path(*args))
    totals, sizes = np.array([5, 4, 5]), np.array([10, 2, 2])
    ideal = totals[:, None] * sizes[None, :] / 14
    counts = splits._round_table(ideal)
    assert used                             # the greedy pass alone got stuck
    np.testing.assert_array_equal(counts.sum(axis=1), totals)
    np.testing.assert_array_equal(counts.sum(axis=0), sizes)
    assert np.all(np.abs(counts - ideal) < 1)


def test_stratified_split_accepts_string_labels():
    """Can stratify take class names instead of integers?"""
    names = np.array(["cat", "dog"] * 10)
    tr, te = train_test_split(names, test_size=0.5, stratify=names)
    assert sorted(te.tolist()) == ["cat"] * 5 + ["dog"] * 5


@pytest.mark.parametrize("call, error, message", [
    (lambda: train_test_split(np.arange(5), np.arange(6)), ValueError,
     r"All arrays must have the same number of samples; got lengths \[5, 6\]"),
    (lambda: train_test_split(np.arange(5), test_size=1.0), ValueError,
     r"test_size as a fraction must lie strictly between 0 and 1; got 1"),
    (lambda: train_test_split(np.arange(5), test_size=0.05), ValueError,
     r"test_size gives an empty split of 5 samples"),
    (lambda: train_val_test_split(np.arange(5), val_size=3, test_size=2), ValueError,
     r"The held-out splits take 5 of 5 samples, leaving none to train on"),
    (lambda: train_test_split(np.arange(6), stratify=np.arange(6), shuffle=False),
     ValueError, r"stratify needs shuffle=True"),
    (lambda: train_test_split(np.arange(6), stratify=np.arange(5)), ValueError,
     r"stratify must have one label per sample \(6\); got 5"),
    (lambda: train_test_split(), TypeError, r"Pass at least one array to split"),
    (lambda: train_test_split(np.arange(4), stratify=np.eye(4)), ValueError,
     r"stratify must be 1-D, of shape \(N,\); got shape \(4, 4\)"),
])
def test_split_argument_errors(call, error, message):
    """Does each impossible split say what is wrong?"""
    with pytest.raises(error, match=message):
        call()


# ---------------------------------------------------------------- batches

@pytest.mark.parametrize("n, batch_size", [(10, 3), (12, 4), (5, 8)])
def test_batches_cover_every_sample_once_per_epoch(n, batch_size):
    """In a shuffled epoch, is each sample in exactly one batch?"""
    x = np.arange(n)[:, None] * [1.0, -1.0]
    y = np.arange(n)
    rng = np.random.default_rng(0)
    seen = []
    for xb, yb in batches(x, y, batch_size=batch_size, shuffle=True, rng=rng):
        assert len(xb) <= batch_size
        np.testing.assert_array_equal(xb[:, 0], yb)
        seen.append(yb)
    np.testing.assert_array_equal(np.sort(np.concatenate(seen)), y)
    assert len(seen) == -(-n // batch_size)


def test_batches_without_shuffle_keep_the_order():
    """Without shuffling, are the batches consecutive slices?"""
    out = list(batches(np.arange(7), batch_size=3))
    assert [b.tolist() for b in out] == [[0, 1, 2], [3, 4, 5], [6]]


def test_drop_last_drops_the_short_batch():
    """With drop_last, do only full batches come out?"""
    out = list(batches(np.arange(7), batch_size=3, drop_last=True))
    assert [len(b) for b in out] == [3, 3]


def test_one_generator_gives_a_new_order_each_epoch():
    """Does reusing one Generator across epochs change the order reproducibly?"""
    def two_epochs(seed):
        rng = np.random.default_rng(seed)
        return [np.concatenate(list(batches(np.arange(20), batch_size=5,
                                            shuffle=True, rng=rng)))
                for _ in range(2)]
    first, second = two_epochs(0)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, two_epochs(0)[0])


@pytest.mark.parametrize("kwargs, error, message", [
    ({"shuffle": True}, ValueError, r"batches\(shuffle=True\) needs rng"),
    ({"batch_size": 0}, ValueError, r"batch_size must be at least 1; got 0"),
    ({"batch_size": 2.0}, TypeError, r"batch_size must be an int; got float"),
    ({"y": np.arange(3)}, ValueError, r"same number of samples; got lengths \[4, 3\]"),
])
def test_batches_check_arguments_when_called(kwargs, error, message):
    """Are wrong batch arguments reported at the call, before any iteration?"""
    with pytest.raises(error, match=message):
        batches(np.arange(4), **kwargs)
