"""Wrong answers for 06_deployment."""

WRONG = {
    "fit_scaler": {
        "statistics of each row instead of each column": '''
def fit_scaler(x_train, min_scale=0.0):
    x = np.asarray(x_train, dtype=np.float64)
    scale = np.maximum(x.std(axis=1), min_scale)
    return x.mean(axis=1), np.where(scale > 0, scale, 1.0)
''',
        "sample standard deviation (ddof=1)": '''
def fit_scaler(x_train, min_scale=0.0):
    x = np.asarray(x_train, dtype=np.float64)
    scale = np.maximum(x.std(axis=0, ddof=1), min_scale)
    return x.mean(axis=0), np.where(scale > 0, scale, 1.0)
''',
        "no guard for a constant column": '''
def fit_scaler(x_train, min_scale=0.0):
    x = np.asarray(x_train, dtype=np.float64)
    return x.mean(axis=0), np.maximum(x.std(axis=0), min_scale)
''',
        "adds min_scale instead of using it as a floor": '''
def fit_scaler(x_train, min_scale=0.0):
    x = np.asarray(x_train, dtype=np.float64)
    scale = x.std(axis=0) + min_scale
    return x.mean(axis=0), np.where(scale > 0, scale, 1.0)
''',
        "one mean and scale for all pixels": '''
def fit_scaler(x_train, min_scale=0.0):
    x = np.asarray(x_train, dtype=np.float64)
    return x.mean(), max(x.std(), min_scale, 1e-12)
''',
    },
    "scaler_metadata": {
        "keeps the NumPy arrays, which JSON cannot hold": '''
def scaler_to_metadata(mean, scale):
    return {"mean": mean, "scale": scale}


def scaler_from_metadata(metadata):
    return (np.asarray(metadata["mean"], dtype=np.float64),
            np.asarray(metadata["scale"], dtype=np.float64))
''',
        "reads back the notebook's own mean and scale": '''
def scaler_to_metadata(mean, scale):
    return {"mean": np.asarray(mean).tolist(),
            "scale": np.asarray(scale).tolist()}


def scaler_from_metadata(metadata):
    return mean, scale
''',
        "returns the lists, not arrays": '''
def scaler_to_metadata(mean, scale):
    return {"mean": np.asarray(mean).tolist(),
            "scale": np.asarray(scale).tolist()}


def scaler_from_metadata(metadata):
    return metadata["mean"], metadata["scale"]
''',
        "mean and scale swapped on the way back": '''
def scaler_to_metadata(mean, scale):
    return {"mean": np.asarray(mean).tolist(),
            "scale": np.asarray(scale).tolist()}


def scaler_from_metadata(metadata):
    return np.asarray(metadata["scale"]), np.asarray(metadata["mean"])
''',
        "rounds the numbers to keep the file short": '''
def scaler_to_metadata(mean, scale):
    return {"mean": [round(float(v), 4) for v in mean],
            "scale": [round(float(v), 4) for v in scale]}


def scaler_from_metadata(metadata):
    return (np.asarray(metadata["mean"], dtype=np.float64),
            np.asarray(metadata["scale"], dtype=np.float64))
''',
        "list(array) keeps NumPy scalars": '''
def scaler_to_metadata(mean, scale):
    return {"mean": list(mean), "scale": list(scale)}


def scaler_from_metadata(metadata):
    return (np.asarray(metadata["mean"], dtype=np.float64),
            np.asarray(metadata["scale"], dtype=np.float64))
''',
    },
    "validate_input": {
        "assert statements instead of exceptions": '''
def validate_input(x, n_features=64, low=0.0, high=16.0):
    x = np.asarray(x)
    assert x.dtype.kind in "iuf", f"dtype {x.dtype} is not numeric"
    assert x.ndim == 2 and len(x) > 0 and x.shape[1] == n_features, \\
        f"bad shape {x.shape}"
    x = x.astype(np.float64)
    assert np.isfinite(x).all(), "NaN in x"
    assert low <= x.min() and x.max() <= high, "x out of range"
    return x
''',
        "no NaN check (NaN fails every comparison)": '''
def validate_input(x, n_features=64, low=0.0, high=16.0):
    x = np.asarray(x)
    if x.dtype.kind not in "iuf":
        raise TypeError(f"x must hold numbers; got dtype {x.dtype}")
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] != n_features:
        raise ValueError(f"x must have shape (N, {n_features}); got shape "
                         f"{x.shape}")
    x = x.astype(np.float64)
    if x.min() < low or x.max() > high:
        raise ValueError(f"x must lie in the range [{low}, {high}]")
    return x
''',
        "the top of the range excluded": '''
def validate_input(x, n_features=64, low=0.0, high=16.0):
    x = np.asarray(x)
    if x.dtype.kind not in "iuf":
        raise TypeError(f"x must hold numbers; got dtype {x.dtype}")
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] != n_features:
        raise ValueError(f"x must have shape (N, {n_features}); got shape "
                         f"{x.shape}")
    x = x.astype(np.float64)
    if not np.isfinite(x).all():
        raise ValueError("x contains NaN or infinite values")
    if x.min() < low or x.max() >= high:
        raise ValueError(f"x must lie in the range [{low}, {high})")
    return x
''',
        "a ValueError for a wrong dtype": '''
def validate_input(x, n_features=64, low=0.0, high=16.0):
    x = np.asarray(x)
    if x.dtype.kind not in "iuf":
        raise ValueError(f"x must hold numbers; got dtype {x.dtype}")
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] != n_features:
        raise ValueError(f"x must have shape (N, {n_features}); got shape "
                         f"{x.shape}")
    x = x.astype(np.float64)
    if not np.isfinite(x).all():
        raise ValueError("x contains NaN or infinite values")
    if x.min() < low or x.max() > high:
        raise ValueError(f"x must lie in the range [{low}, {high}]")
    return x
''',
        "converts to float first, so text becomes numbers": '''
def validate_input(x, n_features=64, low=0.0, high=16.0):
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] != n_features:
        raise ValueError(f"x must have shape (N, {n_features}); got shape "
                         f"{x.shape}")
    if not np.isfinite(x).all():
        raise ValueError("x contains NaN or infinite values")
    if x.min() < low or x.max() > high:
        raise ValueError(f"x must lie in the range [{low}, {high}]")
    return x
''',
        "reshapes instead of checking the shape": '''
def validate_input(x, n_features=64, low=0.0, high=16.0):
    x = np.asarray(x)
    if x.dtype.kind not in "iuf":
        raise TypeError(f"x must hold numbers; got dtype {x.dtype}")
    x = x.reshape(-1, n_features).astype(np.float64)
    if not np.isfinite(x).all():
        raise ValueError("x contains NaN or infinite values")
    if x.min() < low or x.max() > high:
        raise ValueError(f"x must lie in the range [{low}, {high}]")
    return x
''',
    },
    "predict_proba": {
        "forgets the preprocessing": '''
def predict_proba(model, mean, scale, x, batch_size=128):
    x = validate_input(x)
    parts = [F.softmax(model.forward(x[i:i + batch_size]))
             for i in range(0, len(x), batch_size)]
    return np.concatenate(parts)
''',
        "standardises with the statistics of the incoming batch": '''
def predict_proba(model, mean, scale, x, batch_size=128):
    x = validate_input(x)
    batch_mean, batch_scale = fit_scaler(x)
    z = standardise(x, batch_mean, batch_scale)
    parts = [F.softmax(model.forward(z[i:i + batch_size]))
             for i in range(0, len(z), batch_size)]
    return np.concatenate(parts)
''',
        "drops the last, partial batch": '''
def predict_proba(model, mean, scale, x, batch_size=128):
    x = validate_input(x)
    z = standardise(x, mean, scale)
    parts = [F.softmax(model.forward(z[i:i + batch_size]))
             for i in range(0, len(z) - batch_size + 1, batch_size)]
    return np.concatenate(parts) if parts else np.zeros((0, 10))
''',
        "returns the scores, not probabilities": '''
def predict_proba(model, mean, scale, x, batch_size=128):
    x = validate_input(x)
    z = standardise(x, mean, scale)
    parts = [model.forward(z[i:i + batch_size])
             for i in range(0, len(z), batch_size)]
    return np.concatenate(parts)
''',
        "no batching: one call for everything": '''
def predict_proba(model, mean, scale, x, batch_size=128):
    x = validate_input(x)
    return F.softmax(model.forward(standardise(x, mean, scale)))
''',
        "skips the validation": '''
def predict_proba(model, mean, scale, x, batch_size=128):
    z = standardise(np.asarray(x, dtype=np.float64), mean, scale)
    parts = [F.softmax(model.forward(z[i:i + batch_size]))
             for i in range(0, len(z), batch_size)]
    return np.concatenate(parts)
''',
        "uses the notebook's scaler, not the arguments": '''
def predict_proba(model, mean_given, scale_given, x, batch_size=128):
    x = validate_input(x)
    z = standardise(x, mean, scale)
    parts = [F.softmax(model.forward(z[i:i + batch_size]))
             for i in range(0, len(z), batch_size)]
    return np.concatenate(parts)
''',
    },
    "latency_summary": {
        "the mean instead of the median": '''
def latency_summary(seconds):
    ms = np.asarray(seconds, dtype=np.float64) * 1000.0
    return {"median_ms": float(ms.mean()),
            "p95_ms": float(np.percentile(ms, 95)),
            "p99_ms": float(np.percentile(ms, 99))}
''',
        "percentiles given as fractions (0.95)": '''
def latency_summary(seconds):
    ms = np.asarray(seconds, dtype=np.float64) * 1000.0
    return {"median_ms": float(np.median(ms)),
            "p95_ms": float(np.percentile(ms, 0.95)),
            "p99_ms": float(np.percentile(ms, 0.99))}
''',
        "left in seconds": '''
def latency_summary(seconds):
    s = np.asarray(seconds, dtype=np.float64)
    return {"median_ms": float(np.median(s)),
            "p95_ms": float(np.percentile(s, 95)),
            "p99_ms": float(np.percentile(s, 99))}
''',
        "the maximum as p99": '''
def latency_summary(seconds):
    ms = np.asarray(seconds, dtype=np.float64) * 1000.0
    return {"median_ms": float(np.median(ms)),
            "p95_ms": float(np.percentile(ms, 95)),
            "p99_ms": float(ms.max())}
''',
        "sorts the caller's timings in place": '''
def latency_summary(seconds):
    seconds.sort()
    ms = np.asarray(seconds, dtype=np.float64) * 1000.0
    return {"median_ms": float(np.median(ms)),
            "p95_ms": float(np.percentile(ms, 95)),
            "p99_ms": float(np.percentile(ms, 99))}
''',
    },
    "shift_images": {
        "np.roll: the pixels wrap around": '''
def shift_images(images, dx, dy):
    return np.roll(images, (dy, dx), axis=(1, 2))
''',
        "dx and dy swapped (dx moves rows)": '''
def shift_images(images, dx, dy):
    height, width = images.shape[1:]
    out = np.zeros_like(images)
    out[:, max(dx, 0):height + min(dx, 0), max(dy, 0):width + min(dy, 0)] = \\
        images[:, max(-dx, 0):height + min(-dx, 0),
               max(-dy, 0):width + min(-dy, 0)]
    return out
''',
        "the opposite direction": '''
def shift_images(images, dx, dy):
    height, width = images.shape[1:]
    out = np.zeros_like(images)
    out[:, max(-dy, 0):height + min(-dy, 0), max(-dx, 0):width + min(-dx, 0)] = \\
        images[:, max(dy, 0):height + min(dy, 0), max(dx, 0):width + min(dx, 0)]
    return out
''',
        "slices that only work for positive shifts": '''
def shift_images(images, dx, dy):
    height, width = images.shape[1:]
    out = np.zeros_like(images)
    out[:, dy:, dx:] = images[:, :height - dy, :width - dx]
    return out
''',
        "edits the input in place": '''
def shift_images(images, dx, dy):
    images[:] = np.roll(images, (dy, dx), axis=(1, 2))
    if dy > 0:
        images[:, :dy] = 0
    elif dy < 0:
        images[:, dy:] = 0
    if dx > 0:
        images[:, :, :dx] = 0
    elif dx < 0:
        images[:, :, dx:] = 0
    return images
''',
    },
}
