"""Wrong answers for 09_recurrent."""

WRONG = {
    "rnn_step": {
        "recurrent weights transposed": '''
def rnn_step(x_t, h_prev, Wx, Wh, b):
    return np.tanh(x_t @ Wx + h_prev @ Wh.T + b)
''',
        "forgets the tanh": '''
def rnn_step(x_t, h_prev, Wx, Wh, b):
    return x_t @ Wx + h_prev @ Wh + b
''',
        "forgets the bias": '''
def rnn_step(x_t, h_prev, Wx, Wh, b):
    return np.tanh(x_t @ Wx + h_prev @ Wh)
''',
        "ignores the previous state": '''
def rnn_step(x_t, h_prev, Wx, Wh, b):
    return np.tanh(x_t @ Wx + b)
''',
        "sigmoid instead of tanh": '''
def rnn_step(x_t, h_prev, Wx, Wh, b):
    return 1 / (1 + np.exp(-(x_t @ Wx + h_prev @ Wh + b)))
''',
    },
    "rnn_forward": {
        "never updates the state: every step reads h0": '''
def rnn_forward(x, h0, Wx, Wh, b):
    states = [np.tanh(x[:, t] @ Wx + h0 @ Wh + b) for t in range(x.shape[1])]
    return np.stack(states, axis=1)
''',
        "keeps the state before each step (off by one)": '''
def rnn_forward(x, h0, Wx, Wh, b):
    h = h0
    states = []
    for t in range(x.shape[1]):
        states.append(h)
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
    return np.stack(states, axis=1)
''',
        "returns only the last state": '''
def rnn_forward(x, h0, Wx, Wh, b):
    h = h0
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
    return h
''',
        "starts from zeros instead of h0": '''
def rnn_forward(x, h0, Wx, Wh, b):
    h = np.zeros_like(h0)
    states = []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        states.append(h)
    return np.stack(states, axis=1)
''',
        "stacks on the wrong axis: (T, N, H)": '''
def rnn_forward(x, h0, Wx, Wh, b):
    h = h0
    states = []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        states.append(h)
    return np.stack(states, axis=0)
''',
        "reads the sequence backwards": '''
def rnn_forward(x, h0, Wx, Wh, b):
    h = h0
    states = []
    for t in reversed(range(x.shape[1])):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        states.append(h)
    return np.stack(states, axis=1)
''',
    },
    "rnn_backward": {
        "no gradient carried back from the future": '''
def rnn_backward(dhs, x, h0, hs, Wx, Wh):
    grads = {"x": np.zeros_like(x), "Wx": np.zeros_like(Wx),
             "Wh": np.zeros_like(Wh), "b": np.zeros(Wh.shape[0])}
    delta = None
    for t in reversed(range(x.shape[1])):
        delta = dhs[:, t] * (1.0 - hs[:, t] ** 2)
        h_prev = hs[:, t - 1] if t > 0 else h0
        grads["Wx"] += x[:, t].T @ delta
        grads["Wh"] += h_prev.T @ delta
        grads["b"] += delta.sum(axis=0)
        grads["x"][:, t] = delta @ Wx.T
    grads["h0"] = delta @ Wh.T
    return grads
''',
        "first step uses hs[:, -1] instead of h0": '''
def rnn_backward(dhs, x, h0, hs, Wx, Wh):
    grads = {"x": np.zeros_like(x), "Wx": np.zeros_like(Wx),
             "Wh": np.zeros_like(Wh), "b": np.zeros(Wh.shape[0])}
    carry = np.zeros_like(h0)
    for t in reversed(range(x.shape[1])):
        delta = (dhs[:, t] + carry) * (1.0 - hs[:, t] ** 2)
        grads["Wx"] += x[:, t].T @ delta
        grads["Wh"] += hs[:, t - 1].T @ delta
        grads["b"] += delta.sum(axis=0)
        grads["x"][:, t] = delta @ Wx.T
        carry = delta @ Wh.T
    grads["h0"] = carry
    return grads
''',
        "weight gradients overwritten, not summed over steps": '''
def rnn_backward(dhs, x, h0, hs, Wx, Wh):
    grads = {"x": np.zeros_like(x)}
    carry = np.zeros_like(h0)
    for t in reversed(range(x.shape[1])):
        delta = (dhs[:, t] + carry) * (1.0 - hs[:, t] ** 2)
        h_prev = hs[:, t - 1] if t > 0 else h0
        grads["Wx"] = x[:, t].T @ delta
        grads["Wh"] = h_prev.T @ delta
        grads["b"] = delta.sum(axis=0)
        grads["x"][:, t] = delta @ Wx.T
        carry = delta @ Wh.T
    grads["h0"] = carry
    return grads
''',
        "carry multiplied by Wh instead of Wh.T": '''
def rnn_backward(dhs, x, h0, hs, Wx, Wh):
    grads = {"x": np.zeros_like(x), "Wx": np.zeros_like(Wx),
             "Wh": np.zeros_like(Wh), "b": np.zeros(Wh.shape[0])}
    carry = np.zeros_like(h0)
    for t in reversed(range(x.shape[1])):
        delta = (dhs[:, t] + carry) * (1.0 - hs[:, t] ** 2)
        h_prev = hs[:, t - 1] if t > 0 else h0
        grads["Wx"] += x[:, t].T @ delta
        grads["Wh"] += h_prev.T @ delta
        grads["b"] += delta.sum(axis=0)
        grads["x"][:, t] = delta @ Wx.T
        carry = delta @ Wh
    grads["h0"] = carry
    return grads
''',
        "tanh slope taken at the previous state": '''
def rnn_backward(dhs, x, h0, hs, Wx, Wh):
    grads = {"x": np.zeros_like(x), "Wx": np.zeros_like(Wx),
             "Wh": np.zeros_like(Wh), "b": np.zeros(Wh.shape[0])}
    carry = np.zeros_like(h0)
    for t in reversed(range(x.shape[1])):
        h_prev = hs[:, t - 1] if t > 0 else h0
        delta = (dhs[:, t] + carry) * (1.0 - h_prev ** 2)
        grads["Wx"] += x[:, t].T @ delta
        grads["Wh"] += h_prev.T @ delta
        grads["b"] += delta.sum(axis=0)
        grads["x"][:, t] = delta @ Wx.T
        carry = delta @ Wh.T
    grads["h0"] = carry
    return grads
''',
        "adds the carry into dhs in place": '''
def rnn_backward(dhs, x, h0, hs, Wx, Wh):
    grads = {"x": np.zeros_like(x), "Wx": np.zeros_like(Wx),
             "Wh": np.zeros_like(Wh), "b": np.zeros(Wh.shape[0])}
    carry = np.zeros_like(h0)
    for t in reversed(range(x.shape[1])):
        dhs[:, t] += carry
        delta = dhs[:, t] * (1.0 - hs[:, t] ** 2)
        h_prev = hs[:, t - 1] if t > 0 else h0
        grads["Wx"] += x[:, t].T @ delta
        grads["Wh"] += h_prev.T @ delta
        grads["b"] += delta.sum(axis=0)
        grads["x"][:, t] = delta @ Wx.T
        carry = delta @ Wh.T
    grads["h0"] = carry
    return grads
''',
    },
    "clip_by_global_norm": {
        "clips each array by its own norm": '''
def clip_by_global_norm(grads, max_norm):
    clipped = {}
    for name, g in grads.items():
        n = np.linalg.norm(g)
        clipped[name] = g * (max_norm / n) if n > max_norm else g.copy()
    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    return clipped, norm
''',
        "forgets the square root": '''
def clip_by_global_norm(grads, max_norm):
    norm = float(sum(np.sum(g * g) for g in grads.values()))
    scale = max_norm / norm if norm > max_norm else 1.0
    return {name: g * scale for name, g in grads.items()}, norm
''',
        "always rescales to max_norm, also small gradients": '''
def clip_by_global_norm(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    return {name: g * (max_norm / norm) for name, g in grads.items()}, norm
''',
        "clips every entry to [-max_norm, max_norm]": '''
def clip_by_global_norm(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    return {name: np.clip(g, -max_norm, max_norm)
            for name, g in grads.items()}, norm
''',
        "scales in place, changing the caller's arrays": '''
def clip_by_global_norm(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm
    return grads, norm
''',
        "returns the norm after clipping": '''
def clip_by_global_norm(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads.values())))
    scale = max_norm / norm if norm > max_norm else 1.0
    return {name: g * scale for name, g in grads.items()}, norm * scale
''',
    },
    "char_windows": {
        "target not shifted: y equals x": '''
def char_windows(ids, seq_len, stride):
    starts = range(0, len(ids) - seq_len, stride)
    x = np.stack([ids[s:s + seq_len] for s in starts])
    return x, x.copy()
''',
        "stops one window early": '''
def char_windows(ids, seq_len, stride):
    starts = range(0, len(ids) - seq_len - 1, stride)
    x = np.stack([ids[s:s + seq_len] for s in starts])
    y = np.stack([ids[s + 1:s + seq_len + 1] for s in starts])
    return x, y
''',
        "last window runs past the end": '''
def char_windows(ids, seq_len, stride):
    starts = range(0, len(ids) - seq_len + 1, stride)
    x = np.stack([ids[s:s + seq_len] for s in starts])
    y = np.stack([ids[s + 1:s + seq_len + 1] for s in starts])
    return x, y
''',
        "windows filled into a float array": '''
def char_windows(ids, seq_len, stride):
    starts = list(range(0, len(ids) - seq_len, stride))
    x = np.zeros((len(starts), seq_len))
    y = np.zeros((len(starts), seq_len))
    for m, s in enumerate(starts):
        x[m] = ids[s:s + seq_len]
        y[m] = ids[s + 1:s + seq_len + 1]
    return x, y
''',
        "ignores the stride: every start": '''
def char_windows(ids, seq_len, stride):
    starts = range(0, len(ids) - seq_len)
    x = np.stack([ids[s:s + seq_len] for s in starts])
    y = np.stack([ids[s + 1:s + seq_len + 1] for s in starts])
    return x, y
''',
    },
    "sample_next": {
        "multiplies by the temperature": '''
def sample_next(logits, temperature, rng):
    z = np.asarray(logits, dtype=float) * temperature
    p = np.exp(z - z.max())
    p /= p.sum()
    return int(rng.choice(len(p), p=p))
''',
        "no max-subtraction, overflows": '''
def sample_next(logits, temperature, rng):
    p = np.exp(np.asarray(logits, dtype=float) / temperature)
    p /= p.sum()
    return int(rng.choice(len(p), p=p))
''',
        "always takes the most likely character": '''
def sample_next(logits, temperature, rng):
    return int(np.argmax(logits))
''',
        "ignores the given rng": '''
def sample_next(logits, temperature, rng):
    z = np.asarray(logits, dtype=float) / temperature
    p = np.exp(z - z.max())
    p /= p.sum()
    return int(np.random.default_rng().choice(len(p), p=p))
''',
        "forgets the temperature": '''
def sample_next(logits, temperature, rng):
    z = np.asarray(logits, dtype=float)
    p = np.exp(z - z.max())
    p /= p.sum()
    return int(rng.choice(len(p), p=p))
''',
        "returns the probabilities, not an index": '''
def sample_next(logits, temperature, rng):
    z = np.asarray(logits, dtype=float) / temperature
    p = np.exp(z - z.max())
    return p / p.sum()
''',
        "divides the logits in place": '''
def sample_next(logits, temperature, rng):
    logits /= temperature
    p = np.exp(logits - logits.max())
    p /= p.sum()
    return int(rng.choice(len(p), p=p))
''',
    },
}
