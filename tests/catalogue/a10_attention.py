"""Wrong answers for 10_attention."""

WRONG = {
    "scaled_dot_product_attention": {
        "forgets to divide by sqrt(d_k)": '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.swapaxes(-1, -2)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = weights / weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights
''',
        "divides by d_k instead of its square root": '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.swapaxes(-1, -2) / q.shape[-1]
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = weights / weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights
''',
        "scales by the number of keys, not their width": '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.swapaxes(-1, -2) / np.sqrt(k.shape[-2])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = weights / weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights
''',
        "softmax over the queries (axis -2)": '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = np.exp(scores - scores.max(axis=-2, keepdims=True))
    weights = weights / weights.sum(axis=-2, keepdims=True)
    return weights @ v, weights
''',
        "masks the weights after the softmax, without renormalising": '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = weights / weights.sum(axis=-1, keepdims=True)
    if mask is not None:
        weights = weights * mask
    return weights @ v, weights
''',
        "additive mask (~mask) * -inf, which makes 0 * inf = NaN": '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores + (~mask) * -np.inf
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = weights / weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights
''',
        "no max-subtraction, overflows for large scores": '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights
''',
        "returns only the output": '''
def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights = weights / weights.sum(axis=-1, keepdims=True)
    return weights @ v
''',
    },
    "causal_mask": {
        "upper triangle: every query sees the future": '''
def causal_mask(length):
    return np.triu(np.ones((length, length), dtype=bool))
''',
        "strictly below the diagonal: a token cannot see itself": '''
def causal_mask(length):
    return np.tril(np.ones((length, length), dtype=bool), k=-1)
''',
        "a float mask of ones and zeros": '''
def causal_mask(length):
    return np.tril(np.ones((length, length)))
''',
        "an additive mask of 0 and -inf": '''
def causal_mask(length):
    return np.where(np.tril(np.ones((length, length))) == 1, 0.0, -np.inf)
''',
    },
    "padding_mask": {
        "no query axis: shape (N, T)": '''
def padding_mask(lengths, max_len):
    return np.arange(max_len) < np.asarray(lengths)[:, None]
''',
        "off by one: j <= length": '''
def padding_mask(lengths, max_len):
    lengths = np.asarray(lengths)
    return (np.arange(max_len) <= lengths[:, None])[:, None, :]
''',
        "True on the padding instead of the real tokens": '''
def padding_mask(lengths, max_len):
    lengths = np.asarray(lengths)
    return (np.arange(max_len) >= lengths[:, None])[:, None, :]
''',
        "masks queries, not keys: shape (N, T, 1)": '''
def padding_mask(lengths, max_len):
    lengths = np.asarray(lengths)
    return (np.arange(max_len) < lengths[:, None])[:, :, None]
''',
    },
    "split_heads": {
        "reshapes straight to (N, h, T, d_k), no transpose": '''
def split_heads(x, num_heads):
    n, t, d = x.shape
    return x.reshape(n, num_heads, t, d // num_heads)
''',
        "forgets to move the head axis: (N, T, h, d_k)": '''
def split_heads(x, num_heads):
    n, t, d = x.shape
    return x.reshape(n, t, num_heads, d // num_heads)
''',
        "interleaved features: head i gets every h-th feature": '''
def split_heads(x, num_heads):
    n, t, d = x.shape
    return x.reshape(n, t, d // num_heads, num_heads).transpose(0, 3, 1, 2)
''',
        "d / h instead of d // h: a float in the shape": '''
def split_heads(x, num_heads):
    n, t, d = x.shape
    return x.reshape(n, t, num_heads, d / num_heads).transpose(0, 2, 1, 3)
''',
    },
    "merge_heads": {
        "reshapes without moving the positions first": '''
def merge_heads(x):
    n, h, t, d_k = x.shape
    return x.reshape(n, t, h * d_k)
''',
        "wrong transpose: features before heads": '''
def merge_heads(x):
    n, h, t, d_k = x.shape
    return x.transpose(0, 2, 3, 1).reshape(n, t, h * d_k)
''',
        "joins the heads along the positions: (N, h * T, d_k)": '''
def merge_heads(x):
    return np.concatenate([x[:, i] for i in range(x.shape[1])], axis=1)
''',
        "keeps the head axis: (N, T, h, d_k)": '''
def merge_heads(x):
    return x.transpose(0, 2, 1, 3)
''',
    },
    "multi_head_attention": {
        "forgets the output matrix W_o": '''
def multi_head_attention(x, W_q, W_k, W_v, W_o, num_heads, mask=None):
    q = split_heads(x @ W_q, num_heads)
    k = split_heads(x @ W_k, num_heads)
    v = split_heads(x @ W_v, num_heads)
    if mask is not None:
        mask = mask[:, None]
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    return merge_heads(out), weights
''',
        "one head over the full width": '''
def multi_head_attention(x, W_q, W_k, W_v, W_o, num_heads, mask=None):
    q, k, v = x @ W_q, x @ W_k, x @ W_v
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    weights = np.repeat(weights[:, None], num_heads, axis=1)
    return out @ W_o, weights
''',
        "the mask without a head axis": '''
def multi_head_attention(x, W_q, W_k, W_v, W_o, num_heads, mask=None):
    q = split_heads(x @ W_q, num_heads)
    k = split_heads(x @ W_k, num_heads)
    v = split_heads(x @ W_v, num_heads)
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    return merge_heads(out) @ W_o, weights
''',
        "keys made with the query matrix": '''
def multi_head_attention(x, W_q, W_k, W_v, W_o, num_heads, mask=None):
    q = split_heads(x @ W_q, num_heads)
    k = split_heads(x @ W_q, num_heads)
    v = split_heads(x @ W_v, num_heads)
    if mask is not None:
        mask = mask[:, None]
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    return merge_heads(out) @ W_o, weights
''',
        "W_o applied per head before merging": '''
def multi_head_attention(x, W_q, W_k, W_v, W_o, num_heads, mask=None):
    q = split_heads(x @ W_q, num_heads)
    k = split_heads(x @ W_k, num_heads)
    v = split_heads(x @ W_v, num_heads)
    if mask is not None:
        mask = mask[:, None]
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    d_k = out.shape[-1]
    return merge_heads(out @ W_o[:d_k, :d_k]), weights
''',
    },
    "sinusoidal_encoding": {
        "sines and cosines swapped": '''
def sinusoidal_encoding(length, d_model):
    angles = np.arange(length)[:, None] * 10000.0 ** (
        -np.arange(0, d_model, 2) / d_model)
    table = np.zeros((length, d_model))
    table[:, 0::2] = np.cos(angles)
    table[:, 1::2] = np.sin(angles)
    return table
''',
        "all sines first, then all cosines": '''
def sinusoidal_encoding(length, d_model):
    angles = np.arange(length)[:, None] * 10000.0 ** (
        -np.arange(0, d_model, 2) / d_model)
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)
''',
        "exponent i / D instead of 2i / D": '''
def sinusoidal_encoding(length, d_model):
    angles = np.arange(length)[:, None] * 10000.0 ** (
        -np.arange(d_model // 2) / d_model)
    table = np.zeros((length, d_model))
    table[:, 0::2] = np.sin(angles)
    table[:, 1::2] = np.cos(angles)
    return table
''',
        "positions start at 1": '''
def sinusoidal_encoding(length, d_model):
    angles = np.arange(1, length + 1)[:, None] * 10000.0 ** (
        -np.arange(0, d_model, 2) / d_model)
    table = np.zeros((length, d_model))
    table[:, 0::2] = np.sin(angles)
    table[:, 1::2] = np.cos(angles)
    return table
''',
        "multiplies by 10000 ** (2i / D) instead of dividing": '''
def sinusoidal_encoding(length, d_model):
    angles = np.arange(length)[:, None] * 10000.0 ** (
        np.arange(0, d_model, 2) / d_model)
    table = np.zeros((length, d_model))
    table[:, 0::2] = np.sin(angles)
    table[:, 1::2] = np.cos(angles)
    return table
''',
    },
    "transformer_block": {
        "no residual connections": '''
def transformer_block(x, attention, feed_forward, norm1, norm2):
    return feed_forward(norm2(attention(norm1(x))))
''',
        "post-norm instead of pre-norm": '''
def transformer_block(x, attention, feed_forward, norm1, norm2):
    y = norm1(x + attention(x))
    return norm2(y + feed_forward(y))
''',
        "the residual adds the normalised input": '''
def transformer_block(x, attention, feed_forward, norm1, norm2):
    u = norm1(x)
    y = u + attention(u)
    w = norm2(y)
    return w + feed_forward(w)
''',
        "the feed-forward part reads x, not y": '''
def transformer_block(x, attention, feed_forward, norm1, norm2):
    y = x + attention(norm1(x))
    return y + feed_forward(norm2(x))
''',
        "one norm for both parts": '''
def transformer_block(x, attention, feed_forward, norm1, norm2):
    y = x + attention(norm1(x))
    return y + feed_forward(norm1(y))
''',
    },
}
