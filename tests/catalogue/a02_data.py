"""Wrong answers for 02_data."""

WRONG = {
    "find_duplicates": {
        "marks the first occurrence too": '''
def find_duplicates(x):
    rows = [tuple(r) for r in np.asarray(x, dtype=float).tolist()]
    counts = {}
    for r in rows:
        counts[r] = counts.get(r, 0) + 1
    return np.array([i for i, r in enumerate(rows) if counts[r] > 1],
                    dtype=np.int64)
''',
        "returns the original's index, not the copy's": '''
def find_duplicates(x):
    first = {}
    originals = []
    for i, row in enumerate(np.asarray(x, dtype=float).tolist()):
        key = tuple(row)
        if key in first:
            originals.append(first[key])
        else:
            first[key] = i
    return np.array(originals, dtype=np.int64)
''',
        "compares only the first column": '''
def find_duplicates(x):
    seen = set()
    repeats = []
    for i, value in enumerate(np.asarray(x, dtype=float)[:, 0].tolist()):
        if value in seen:
            repeats.append(i)
        else:
            seen.add(value)
    return np.array(repeats, dtype=np.int64)
''',
        "compares row sums": '''
def find_duplicates(x):
    seen = set()
    repeats = []
    for i, total in enumerate(np.asarray(x, dtype=float).sum(axis=1).tolist()):
        if total in seen:
            repeats.append(i)
        else:
            seen.add(total)
    return np.array(repeats, dtype=np.int64)
''',
        "returns the distinct rows instead of indices": '''
def find_duplicates(x):
    return np.unique(x, axis=0)
''',
    },
    "stratified_split": {
        "one random cut of the whole set, not per class": '''
def stratified_split(y, val_fraction, test_fraction, seed):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(y))
    n_test = int(round(test_fraction * len(y)))
    n_val = int(round(val_fraction * len(y)))
    return (np.sort(order[n_test + n_val:]), np.sort(order[n_test:n_test + n_val]),
            np.sort(order[:n_test]))
''',
        "no shuffling: the first samples of each class": '''
def stratified_split(y, val_fraction, test_fraction, seed):
    y = np.asarray(y)
    train, val, test = [], [], []
    for c in np.unique(y):
        members = np.flatnonzero(y == c)
        n_test = int(round(test_fraction * len(members)))
        n_val = int(round(val_fraction * len(members)))
        test.append(members[:n_test])
        val.append(members[n_test:n_test + n_val])
        train.append(members[n_test + n_val:])
    return tuple(np.sort(np.concatenate(p)) for p in (train, val, test))
''',
        "validation and test sets overlap": '''
def stratified_split(y, val_fraction, test_fraction, seed):
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    train, val, test = [], [], []
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        n_test = int(round(test_fraction * len(members)))
        n_val = int(round(val_fraction * len(members)))
        test.append(members[:n_test])
        val.append(members[:n_val])
        train.append(members[n_test + n_val:])
    return tuple(np.sort(np.concatenate(p)) for p in (train, val, test))
''',
        "floors the counts with int() instead of rounding": '''
def stratified_split(y, val_fraction, test_fraction, seed):
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    train, val, test = [], [], []
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        n_test = int(test_fraction * len(members))
        n_val = int(val_fraction * len(members))
        test.append(members[:n_test])
        val.append(members[n_test:n_test + n_val])
        train.append(members[n_test + n_val:])
    return tuple(np.sort(np.concatenate(p)) for p in (train, val, test))
''',
        "swaps the validation and test fractions": '''
def stratified_split(y, val_fraction, test_fraction, seed):
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    train, val, test = [], [], []
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        n_test = int(round(val_fraction * len(members)))
        n_val = int(round(test_fraction * len(members)))
        test.append(members[:n_test])
        val.append(members[n_test:n_test + n_val])
        train.append(members[n_test + n_val:])
    return tuple(np.sort(np.concatenate(p)) for p in (train, val, test))
''',
    },
    "fill_missing_median": {
        "medians of the data being filled, not of the training split": '''
def fill_missing_median(x_train, x):
    x = np.asarray(x, dtype=float)
    return np.where(np.isnan(x), np.nanmedian(x, axis=0), x)
''',
        "the mean instead of the median": '''
def fill_missing_median(x_train, x):
    x = np.asarray(x, dtype=float)
    return np.where(np.isnan(x), np.nanmean(x_train, axis=0), x)
''',
        "np.median, which is NaN for a column with a gap": '''
def fill_missing_median(x_train, x):
    x = np.asarray(x, dtype=float)
    return np.where(np.isnan(x), np.median(x_train, axis=0), x)
''',
        "fills the caller's array in place": '''
def fill_missing_median(x_train, x):
    medians = np.nanmedian(x_train, axis=0)
    gaps = np.isnan(x)
    x[gaps] = np.broadcast_to(medians, x.shape)[gaps]
    return x
''',
        "fills every gap with 0": '''
def fill_missing_median(x_train, x):
    return np.nan_to_num(np.asarray(x, dtype=float))
''',
    },
    "min_max_scale": {
        "fitted on x instead of x_train (leakage)": '''
def min_max_scale(x_train, x):
    low = x.min(axis=0)
    spread = x.max(axis=0) - low
    return (x - low) / np.where(spread > 0, spread, 1.0)
''',
        "one min and max for the whole table": '''
def min_max_scale(x_train, x):
    low = x_train.min()
    return (x - low) / (x_train.max() - low)
''',
        "no guard for a constant column": '''
def min_max_scale(x_train, x):
    low = x_train.min(axis=0)
    return (x - low) / (x_train.max(axis=0) - low)
''',
        "divides by the maximum only": '''
def min_max_scale(x_train, x):
    low = x_train.min(axis=0)
    high = x_train.max(axis=0)
    return (x - low) / np.where(high != 0, high, 1.0)
''',
    },
    "standardize": {
        "fitted on x instead of x_train (leakage)": '''
def standardize(x_train, x):
    std = x.std(axis=0)
    return (x - x.mean(axis=0)) / np.where(std > 0, std, 1.0)
''',
        "sample standard deviation (ddof=1)": '''
def standardize(x_train, x):
    std = x_train.std(axis=0, ddof=1)
    return (x - x_train.mean(axis=0)) / np.where(std > 0, std, 1.0)
''',
        "divides by the variance": '''
def standardize(x_train, x):
    var = x_train.var(axis=0)
    return (x - x_train.mean(axis=0)) / np.where(var > 0, var, 1.0)
''',
        "no guard for a constant column": '''
def standardize(x_train, x):
    return (x - x_train.mean(axis=0)) / x_train.std(axis=0)
''',
        "one mean and std for the whole table": '''
def standardize(x_train, x):
    return (x - x_train.mean()) / x_train.std()
''',
    },
    "frame_signal": {
        "ignores the hop: frames side by side": '''
def frame_signal(signal, frame_length, hop):
    signal = np.asarray(signal, dtype=float)
    n_frames = len(signal) // frame_length
    return signal[:n_frames * frame_length].reshape(n_frames, frame_length)
''',
        "one frame too few": '''
def frame_signal(signal, frame_length, hop):
    signal = np.asarray(signal, dtype=float)
    n_frames = (len(signal) - frame_length) // hop
    starts = hop * np.arange(n_frames)
    return signal[starts[:, None] + np.arange(frame_length)[None]]
''',
        "transposed: (L, M)": '''
def frame_signal(signal, frame_length, hop):
    signal = np.asarray(signal, dtype=float)
    n_frames = 1 + (len(signal) - frame_length) // hop
    starts = hop * np.arange(n_frames)
    return signal[starts[None, :] + np.arange(frame_length)[:, None]]
''',
        "len(signal) // hop frames, padding the last with zeros": '''
def frame_signal(signal, frame_length, hop):
    signal = np.asarray(signal, dtype=float)
    n_frames = len(signal) // hop
    padded = np.concatenate([signal, np.zeros(frame_length)])
    starts = hop * np.arange(n_frames)
    return padded[starts[:, None] + np.arange(frame_length)[None]]
''',
    },
    "power_spectrogram": {
        "no window": '''
def power_spectrogram(signal, frame_length, hop):
    frames = data.frame_signal(signal, frame_length, hop)
    spectrum = np.fft.rfft(frames, axis=-1)
    return (np.abs(spectrum) ** 2 / frame_length ** 2).T
''',
        "magnitude, not squared": '''
def power_spectrogram(signal, frame_length, hop):
    frames = data.frame_signal(signal, frame_length, hop)
    window = np.hanning(frame_length)
    spectrum = np.fft.rfft(frames * window, axis=-1)
    return (np.abs(spectrum) / window.sum()).T
''',
        "not transposed: (M, F)": '''
def power_spectrogram(signal, frame_length, hop):
    frames = data.frame_signal(signal, frame_length, hop)
    window = np.hanning(frame_length)
    spectrum = np.fft.rfft(frames * window, axis=-1)
    return np.abs(spectrum) ** 2 / window.sum() ** 2
''',
        "full FFT: L frequencies instead of L // 2 + 1": '''
def power_spectrogram(signal, frame_length, hop):
    frames = data.frame_signal(signal, frame_length, hop)
    window = np.hanning(frame_length)
    spectrum = np.fft.fft(frames * window, axis=-1)
    return (np.abs(spectrum) ** 2 / window.sum() ** 2).T
''',
        "not divided by the window's sum squared": '''
def power_spectrogram(signal, frame_length, hop):
    frames = data.frame_signal(signal, frame_length, hop)
    window = np.hanning(frame_length)
    return (np.abs(np.fft.rfft(frames * window, axis=-1)) ** 2).T
''',
        "Hamming window instead of Hann": '''
def power_spectrogram(signal, frame_length, hop):
    frames = data.frame_signal(signal, frame_length, hop)
    window = np.hamming(frame_length)
    spectrum = np.fft.rfft(frames * window, axis=-1)
    return (np.abs(spectrum) ** 2 / window.sum() ** 2).T
''',
    },
    "one_hot": {
        "number of classes from the largest id": '''
def one_hot(ids, num_classes):
    ids = np.asarray(ids)
    out = np.zeros((len(ids), ids.max() + 1))
    out[np.arange(len(ids)), ids] = 1.0
    return out
''',
        "transposed: (C, N)": '''
def one_hot(ids, num_classes):
    ids = np.asarray(ids)
    out = np.zeros((num_classes, len(ids)))
    out[ids, np.arange(len(ids))] = 1.0
    return out
''',
        "sets whole columns": '''
def one_hot(ids, num_classes):
    ids = np.asarray(ids)
    out = np.zeros((len(ids), num_classes))
    out[:, ids] = 1.0
    return out
''',
        "off by one: ids counted from 1": '''
def one_hot(ids, num_classes):
    ids = np.asarray(ids)
    out = np.zeros((len(ids), num_classes))
    out[np.arange(len(ids)), ids - 1] = 1.0
    return out
''',
        "integer identity rows": '''
def one_hot(ids, num_classes):
    return np.eye(num_classes, dtype=int)[ids]
''',
    },
    "minibatches": {
        "no shuffling": '''
def minibatches(x, y, batch_size, rng):
    for start in range(0, len(x), batch_size):
        yield x[start:start + batch_size], y[start:start + batch_size]
''',
        "drops the last, shorter batch": '''
def minibatches(x, y, batch_size, rng):
    order = rng.permutation(len(x))
    for start in range(0, len(x) - batch_size + 1, batch_size):
        take = order[start:start + batch_size]
        yield x[take], y[take]
''',
        "shuffles x and y with different orders": '''
def minibatches(x, y, batch_size, rng):
    order_x = rng.permutation(len(x))
    order_y = rng.permutation(len(y))
    for start in range(0, len(x), batch_size):
        yield (x[order_x[start:start + batch_size]],
               y[order_y[start:start + batch_size]])
''',
        "a new generator inside: the same order every epoch": '''
def minibatches(x, y, batch_size, rng):
    order = np.random.default_rng(0).permutation(len(x))
    for start in range(0, len(x), batch_size):
        take = order[start:start + batch_size]
        yield x[take], y[take]
''',
        "shuffles the caller's arrays in place": '''
def minibatches(x, y, batch_size, rng):
    order = rng.permutation(len(x))
    x[:] = x[order]
    y[:] = y[order]
    for start in range(0, len(x), batch_size):
        yield x[start:start + batch_size], y[start:start + batch_size]
''',
    },
}
