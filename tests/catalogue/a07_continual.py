"""Wrong answers for 07_continual."""

WRONG = {
    "snapshot": {
        "keeps the arrays themselves, not copies": '''
def copy_weights(model):
    return [p for layer in model.layers() for p in layer.params.values()]


def restore_weights(model, saved):
    params = [p for layer in model.layers() for p in layer.params.values()]
    for p, s in zip(params, saved):
        p[...] = s
''',
        "restores by putting the saved arrays into the model": '''
def copy_weights(model):
    return [p.copy() for layer in model.layers() for p in layer.params.values()]


def restore_weights(model, saved):
    arrays = iter(saved)
    for layer in model.layers():
        for key in layer.params:
            layer.params[key] = next(arrays)
''',
        "restores new copies instead of writing in place": '''
def copy_weights(model):
    return [p.copy() for layer in model.layers() for p in layer.params.values()]


def restore_weights(model, saved):
    arrays = iter(saved)
    for layer in model.layers():
        for key in layer.params:
            layer.params[key] = next(arrays).copy()
''',
        "walks only the top-level layers": '''
def copy_weights(model):
    return [p.copy() for layer in model for p in layer.params.values()]


def restore_weights(model, saved):
    params = [p for layer in model for p in layer.params.values()]
    if len(saved) != len(params):
        raise ValueError("saved does not fit")
    for p, s in zip(params, saved):
        p[...] = s
''',
        "no check: a list that does not fit is half written": '''
def copy_weights(model):
    return [p.copy() for layer in model.layers() for p in layer.params.values()]


def restore_weights(model, saved):
    params = [p for layer in model.layers() for p in layer.params.values()]
    for p, s in zip(params, saved):
        p[...] = s
''',
    },
    "forgetting": {
        "the diagonal instead of the best value": '''
def forgetting(R):
    R = np.asarray(R, dtype=np.float64)
    return np.diag(R)[:-1] - R[-1, :-1]
''',
        "rows and columns swapped": '''
def forgetting(R):
    R = np.asarray(R, dtype=np.float64)
    return R[:-1, :-1].max(axis=1) - R[:-1, -1]
''',
        "the last row inside the maximum": '''
def forgetting(R):
    R = np.asarray(R, dtype=np.float64)
    return R[:, :-1].max(axis=0) - R[-1, :-1]
''',
        "final minus best (sign flipped)": '''
def forgetting(R):
    R = np.asarray(R, dtype=np.float64)
    return R[-1, :-1] - R[:-1, :-1].max(axis=0)
''',
        "keeps the last task": '''
def forgetting(R):
    R = np.asarray(R, dtype=np.float64)
    return R.max(axis=0) - R[-1]
''',
        "the first row instead of the best": '''
def forgetting(R):
    R = np.asarray(R, dtype=np.float64)
    return R[0, :-1] - R[-1, :-1]
''',
    },
    "rehearsal_mix": {
        "draws old examples with replacement": '''
def rehearsal_mix(x_new, y_new, x_old, y_old, n_old, rng):
    if n_old > len(x_old):
        raise ValueError("too many")
    keep = rng.integers(0, len(x_old), n_old)
    x = np.concatenate([x_new, x_old[keep]])
    y = np.concatenate([y_new, y_old[keep]])
    order = rng.permutation(len(x))
    return x[order], y[order]
''',
        "shuffles x and y with two different permutations": '''
def rehearsal_mix(x_new, y_new, x_old, y_old, n_old, rng):
    if n_old > len(x_old):
        raise ValueError("too many")
    keep = rng.choice(len(x_old), size=n_old, replace=False)
    x = np.concatenate([x_new, x_old[keep]])
    y = np.concatenate([y_new, y_old[keep]])
    return x[rng.permutation(len(x))], y[rng.permutation(len(y))]
''',
        "takes the first n_old old examples": '''
def rehearsal_mix(x_new, y_new, x_old, y_old, n_old, rng):
    if n_old > len(x_old):
        raise ValueError("too many")
    x = np.concatenate([x_new, x_old[:n_old]])
    y = np.concatenate([y_new, y_old[:n_old]])
    order = rng.permutation(len(x))
    return x[order], y[order]
''',
        "no final shuffle: the old examples come last": '''
def rehearsal_mix(x_new, y_new, x_old, y_old, n_old, rng):
    if n_old > len(x_old):
        raise ValueError("too many")
    keep = rng.choice(len(x_old), size=n_old, replace=False)
    return (np.concatenate([x_new, x_old[keep]]),
            np.concatenate([y_new, y_old[keep]]))
''',
        "a fixed seed of its own instead of rng": '''
def rehearsal_mix(x_new, y_new, x_old, y_old, n_old, rng):
    if n_old > len(x_old):
        raise ValueError("too many")
    own = np.random.default_rng(0)
    keep = own.choice(len(x_old), size=n_old, replace=False)
    x = np.concatenate([x_new, x_old[keep]])
    y = np.concatenate([y_new, y_old[keep]])
    order = own.permutation(len(x))
    return x[order], y[order]
''',
        "silently takes all old examples when n_old is too large": '''
def rehearsal_mix(x_new, y_new, x_old, y_old, n_old, rng):
    keep = rng.choice(len(x_old), size=min(n_old, len(x_old)), replace=False)
    x = np.concatenate([x_new, x_old[keep]])
    y = np.concatenate([y_new, y_old[keep]])
    order = rng.permutation(len(x))
    return x[order], y[order]
''',
    },
    "anchor_penalty": {
        "no 1/2 in the penalty": '''
def anchor_penalty(params, anchor, strength):
    diffs = [p - a for p, a in zip(params, anchor)]
    penalty = strength * sum(float(np.sum(d * d)) for d in diffs)
    return penalty, [strength * d for d in diffs]
''',
        "gradient with the wrong sign": '''
def anchor_penalty(params, anchor, strength):
    diffs = [p - a for p, a in zip(params, anchor)]
    penalty = 0.5 * strength * sum(float(np.sum(d * d)) for d in diffs)
    return penalty, [strength * (a - p) for p, a in zip(params, anchor)]
''',
        "weight decay: pulls towards zero": '''
def anchor_penalty(params, anchor, strength):
    penalty = 0.5 * strength * sum(float(np.sum(p * p)) for p in params)
    return penalty, [strength * p for p in params]
''',
        "mean instead of sum": '''
def anchor_penalty(params, anchor, strength):
    diffs = [p - a for p, a in zip(params, anchor)]
    penalty = 0.5 * strength * sum(float(np.mean(d * d)) for d in diffs)
    return penalty, [strength * d for d in diffs]
''',
        "strength left out of the gradient": '''
def anchor_penalty(params, anchor, strength):
    diffs = [p - a for p, a in zip(params, anchor)]
    penalty = 0.5 * strength * sum(float(np.sum(d * d)) for d in diffs)
    return penalty, [d for d in diffs]
''',
    },
    "psi": {
        "no eps: an empty bin gives log(0)": '''
def psi(reference, current, edges, eps=1e-4):
    edges = np.asarray(edges, dtype=np.float64)

    def fractions(values):
        values = np.clip(np.asarray(values, dtype=np.float64), edges[0], edges[-1])
        counts, _ = np.histogram(values, bins=edges)
        return counts / len(values)

    e, a = fractions(reference), fractions(current)
    return float(np.sum((a - e) * np.log(a / e)))
''',
        "one-sided (a Kullback-Leibler divergence)": '''
def psi(reference, current, edges, eps=1e-4):
    edges = np.asarray(edges, dtype=np.float64)

    def fractions(values):
        values = np.clip(np.asarray(values, dtype=np.float64), edges[0], edges[-1])
        counts, _ = np.histogram(values, bins=edges)
        return np.maximum(counts / len(values), eps)

    e, a = fractions(reference), fractions(current)
    return float(np.sum(a * np.log(a / e)))
''',
        "values beyond the edges dropped": '''
def psi(reference, current, edges, eps=1e-4):
    edges = np.asarray(edges, dtype=np.float64)

    def fractions(values):
        counts, _ = np.histogram(np.asarray(values, dtype=np.float64), bins=edges)
        return np.maximum(counts / counts.sum(), eps)

    e, a = fractions(reference), fractions(current)
    return float(np.sum((a - e) * np.log(a / e)))
''',
        "counts instead of fractions": '''
def psi(reference, current, edges, eps=1e-4):
    edges = np.asarray(edges, dtype=np.float64)

    def fractions(values):
        values = np.clip(np.asarray(values, dtype=np.float64), edges[0], edges[-1])
        counts, _ = np.histogram(values, bins=edges)
        return np.maximum(counts, eps)

    e, a = fractions(reference), fractions(current)
    return float(np.sum((a - e) * np.log(a / e)))
''',
        "ten equal-width bins of its own, edges ignored": '''
def psi(reference, current, edges, eps=1e-4):
    low = min(np.min(reference), np.min(current))
    high = max(np.max(reference), np.max(current))
    bins = np.linspace(low, high, 11)
    e = np.maximum(np.histogram(reference, bins=bins)[0] / len(reference), eps)
    a = np.maximum(np.histogram(current, bins=bins)[0] / len(current), eps)
    return float(np.sum((a - e) * np.log(a / e)))
''',
    },
    "retrain_rule": {
        "counts every value above, not a run in a row": '''
def retrain_day(values, threshold, patience):
    count = 0
    for day, value in enumerate(values):
        if value > threshold:
            count += 1
        if count >= patience:
            return day
    return None
''',
        "at or above the threshold": '''
def retrain_day(values, threshold, patience):
    run = 0
    for day, value in enumerate(values):
        run = run + 1 if value >= threshold else 0
        if run >= patience:
            return day
    return None
''',
        "returns the first day of the run": '''
def retrain_day(values, threshold, patience):
    run = 0
    for day, value in enumerate(values):
        run = run + 1 if value > threshold else 0
        if run >= patience:
            return day - patience + 1
    return None
''',
        "days counted from 1": '''
def retrain_day(values, threshold, patience):
    run = 0
    for day, value in enumerate(values):
        run = run + 1 if value > threshold else 0
        if run >= patience:
            return day + 1
    return None
''',
        "-1 instead of None when there is no alarm": '''
def retrain_day(values, threshold, patience):
    run = 0
    for day, value in enumerate(values):
        run = run + 1 if value > threshold else 0
        if run >= patience:
            return day
    return -1
''',
    },
    "run_log": {
        "appends the record itself, not a JSON line": '''
def log_run(log, params, metrics):
    record = {"run": len(log), "params": dict(params),
              "metrics": {k: float(v) for k, v in metrics.items()}}
    log.append(record)
    return record


def best_run(log, metric, size="n_params"):
    return max(log, key=lambda r: (r["metrics"][metric],
                                   -r["metrics"][size], -r["run"]))
''',
        "pretty-printed JSON over several lines": '''
def log_run(log, params, metrics):
    record = {"run": len(log), "params": dict(params),
              "metrics": {k: float(v) for k, v in metrics.items()}}
    log.append(json.dumps(record, indent=2))
    return record


def best_run(log, metric, size="n_params"):
    records = [json.loads(line) for line in log]
    return max(records, key=lambda r: (r["metrics"][metric],
                                       -r["metrics"][size], -r["run"]))
''',
        "NumPy numbers kept, which json cannot write": '''
def log_run(log, params, metrics):
    record = {"run": len(log), "params": dict(params), "metrics": dict(metrics)}
    log.append(json.dumps(record))
    return record


def best_run(log, metric, size="n_params"):
    records = [json.loads(line) for line in log]
    return max(records, key=lambda r: (r["metrics"][metric],
                                       -r["metrics"][size], -r["run"]))
''',
        "ties go to the larger model": '''
def log_run(log, params, metrics):
    record = {"run": len(log), "params": dict(params),
              "metrics": {k: float(v) for k, v in metrics.items()}}
    log.append(json.dumps(record))
    return record


def best_run(log, metric, size="n_params"):
    records = [json.loads(line) for line in log]
    return max(records, key=lambda r: (r["metrics"][metric],
                                       r["metrics"][size], -r["run"]))
''',
        "ties go to the later run": '''
def log_run(log, params, metrics):
    record = {"run": len(log), "params": dict(params),
              "metrics": {k: float(v) for k, v in metrics.items()}}
    log.append(json.dumps(record))
    return record


def best_run(log, metric, size="n_params"):
    best = None
    for line in log:
        r = json.loads(line)
        if best is None or (r["metrics"][metric], -r["metrics"][size]) >= (
                best["metrics"][metric], -best["metrics"][size]):
            best = r
    return best
''',
        "the lowest metric": '''
def log_run(log, params, metrics):
    record = {"run": len(log), "params": dict(params),
              "metrics": {k: float(v) for k, v in metrics.items()}}
    log.append(json.dumps(record))
    return record


def best_run(log, metric, size="n_params"):
    records = [json.loads(line) for line in log]
    return min(records, key=lambda r: (r["metrics"][metric],
                                       r["metrics"][size], r["run"]))
''',
        "runs numbered from 1": '''
def log_run(log, params, metrics):
    record = {"run": len(log) + 1, "params": dict(params),
              "metrics": {k: float(v) for k, v in metrics.items()}}
    log.append(json.dumps(record))
    return record


def best_run(log, metric, size="n_params"):
    records = [json.loads(line) for line in log]
    return max(records, key=lambda r: (r["metrics"][metric],
                                       -r["metrics"][size], -r["run"]))
''',
    },
    "mean_std": {
        "population standard deviation (n, not n - 1)": '''
def mean_std(values):
    values = np.asarray(values, dtype=np.float64)
    if values.size < 2:
        raise ValueError("need two values")
    return float(values.mean()), float(values.std())
''',
        "no check for a single value": '''
def mean_std(values):
    values = np.asarray(values, dtype=np.float64)
    return float(values.mean()), float(values.std(ddof=1))
''',
        "the variance instead of the standard deviation": '''
def mean_std(values):
    values = np.asarray(values, dtype=np.float64)
    if values.size < 2:
        raise ValueError("need two values")
    return float(values.mean()), float(values.var(ddof=1))
''',
        "the standard error instead of the spread": '''
def mean_std(values):
    values = np.asarray(values, dtype=np.float64)
    if values.size < 2:
        raise ValueError("need two values")
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(values.size))
''',
    },
}
