"""Wrong answers for 03_models."""

WRONG = {
    "dense_layer": {
        "weights stored transposed, (M, D)": '''
class DenseLayer(Layer):
    def __init__(self, in_features, out_features, rng):
        super().__init__()
        self.params = {
            "W": rng.standard_normal((out_features, in_features))
            / np.sqrt(in_features),
            "b": np.zeros(out_features),
        }

    def forward(self, x):
        self.x = x
        return x @ self.params["W"].T + self.params["b"]
''',
        "draws from np.random instead of the rng it was given": '''
class DenseLayer(Layer):
    def __init__(self, in_features, out_features, rng):
        super().__init__()
        self.params = {
            "W": np.random.randn(in_features, out_features)
            / np.sqrt(in_features),
            "b": np.zeros(out_features),
        }

    def forward(self, x):
        self.x = x
        return x @ self.params["W"] + self.params["b"]
''',
        "weights not scaled by 1 / sqrt(D)": '''
class DenseLayer(Layer):
    def __init__(self, in_features, out_features, rng):
        super().__init__()
        self.params = {"W": rng.standard_normal((in_features, out_features)),
                       "b": np.zeros(out_features)}

    def forward(self, x):
        self.x = x
        return x @ self.params["W"] + self.params["b"]
''',
        "scaled by the number of outputs instead of inputs": '''
class DenseLayer(Layer):
    def __init__(self, in_features, out_features, rng):
        super().__init__()
        self.params = {
            "W": rng.standard_normal((in_features, out_features))
            / np.sqrt(out_features),
            "b": np.zeros(out_features),
        }

    def forward(self, x):
        self.x = x
        return x @ self.params["W"] + self.params["b"]
''',
        "bias of shape (1, M) instead of (M,)": '''
class DenseLayer(Layer):
    def __init__(self, in_features, out_features, rng):
        super().__init__()
        self.params = {
            "W": rng.standard_normal((in_features, out_features))
            / np.sqrt(in_features),
            "b": np.zeros((1, out_features)),
        }

    def forward(self, x):
        self.x = x
        return x @ self.params["W"] + self.params["b"]
''',
        "forward forgets the bias": '''
class DenseLayer(Layer):
    def __init__(self, in_features, out_features, rng):
        super().__init__()
        self.params = {
            "W": rng.standard_normal((in_features, out_features))
            / np.sqrt(in_features),
            "b": np.zeros(out_features),
        }

    def forward(self, x):
        self.x = x
        return x @ self.params["W"]
''',
        "forward does not keep its input": '''
class DenseLayer(Layer):
    def __init__(self, in_features, out_features, rng):
        super().__init__()
        self.params = {
            "W": rng.standard_normal((in_features, out_features))
            / np.sqrt(in_features),
            "b": np.zeros(out_features),
        }

    def forward(self, x):
        return x @ self.params["W"] + self.params["b"]
''',
        "keeps W and b as attributes, so replaced params are ignored": '''
class DenseLayer(Layer):
    def __init__(self, in_features, out_features, rng):
        super().__init__()
        self.W = rng.standard_normal((in_features, out_features)) / np.sqrt(
            in_features)
        self.b = np.zeros(out_features)
        self.params = {"W": self.W, "b": self.b}

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b
''',
        "parameters as separate attributes, no params dict": '''
class DenseLayer(Layer):
    def __init__(self, in_features, out_features, rng):
        super().__init__()
        self.W = rng.standard_normal((in_features, out_features)) / np.sqrt(
            in_features)
        self.b = np.zeros(out_features)

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b
''',
    },
    "count_params": {
        "forgets the biases": '''
def count_params(sizes):
    return sum(d * m for d, m in zip(sizes[:-1], sizes[1:]))
''',
        "one bias per input instead of per output": '''
def count_params(sizes):
    return sum(d * m + d for d, m in zip(sizes[:-1], sizes[1:]))
''',
        "counts the units, not the parameters": '''
def count_params(sizes):
    return sum(sizes)
''',
        "multiplies every size together": '''
def count_params(sizes):
    return int(np.prod(sizes)) + sum(sizes[1:])
''',
        "returns a float": '''
def count_params(sizes):
    return float(sum(d * m + m for d, m in zip(sizes[:-1], sizes[1:])))
''',
    },
    "conv_output_shape": {
        "forgets the + 1": '''
def conv_output_shape(x_shape, out_channels, kernel_size, stride=1,
                      padding=0):
    n, _, h, w = x_shape
    return (n, out_channels, (h + 2 * padding - kernel_size) // stride,
            (w + 2 * padding - kernel_size) // stride)
''',
        "pads one side only": '''
def conv_output_shape(x_shape, out_channels, kernel_size, stride=1,
                      padding=0):
    n, _, h, w = x_shape
    return (n, out_channels, (h + padding - kernel_size) // stride + 1,
            (w + padding - kernel_size) // stride + 1)
''',
        "keeps the input channels": '''
def conv_output_shape(x_shape, out_channels, kernel_size, stride=1,
                      padding=0):
    n, c, h, w = x_shape
    return (n, c, (h + 2 * padding - kernel_size) // stride + 1,
            (w + 2 * padding - kernel_size) // stride + 1)
''',
        "true division, float sizes": '''
def conv_output_shape(x_shape, out_channels, kernel_size, stride=1,
                      padding=0):
    n, _, h, w = x_shape
    return (n, out_channels, (h + 2 * padding - kernel_size) / stride + 1,
            (w + 2 * padding - kernel_size) / stride + 1)
''',
        "rounds up instead of down": '''
import math
def conv_output_shape(x_shape, out_channels, kernel_size, stride=1,
                      padding=0):
    n, _, h, w = x_shape
    return (n, out_channels,
            math.ceil((h + 2 * padding - kernel_size) / stride) + 1,
            math.ceil((w + 2 * padding - kernel_size) / stride) + 1)
''',
        "divides the whole size by the stride": '''
def conv_output_shape(x_shape, out_channels, kernel_size, stride=1,
                      padding=0):
    n, _, h, w = x_shape
    return (n, out_channels, (h + 2 * padding - kernel_size + 1) // stride,
            (w + 2 * padding - kernel_size + 1) // stride)
''',
    },
    "model_inputs": {
        "images channels-last, (N, H, W, 1)": '''
def as_images(x, side):
    return x.reshape(len(x), side, side, 1)


def as_sequences(x):
    return x[:, :, None]
''',
        "images without a channel axis": '''
def as_images(x, side):
    return x.reshape(len(x), side, side)


def as_sequences(x):
    return x[:, :, None]
''',
        "images transposed (columns read as rows)": '''
def as_images(x, side):
    return x.reshape(len(x), 1, side, side).transpose(0, 1, 3, 2)


def as_sequences(x):
    return x[:, :, None]
''',
        "the whole series as one step of T features": '''
def as_images(x, side):
    return x.reshape(len(x), 1, side, side)


def as_sequences(x):
    return x[:, None, :]
''',
        "sequences time-first, (T, N, 1)": '''
def as_images(x, side):
    return x.reshape(len(x), 1, side, side)


def as_sequences(x):
    return x.T[:, :, None]
''',
        "image size fixed at 8": '''
def as_images(x, side):
    return x.reshape(len(x), 1, 8, 8)


def as_sequences(x):
    return x[:, :, None]
''',
    },
    "mse": {
        "sum instead of mean": '''
def mse(pred, target):
    return float(np.sum((pred - target) ** 2))
''',
        "forgets the square": '''
def mse(pred, target):
    return float(np.mean(pred - target))
''',
        "mean absolute error": '''
def mse(pred, target):
    return float(np.mean(np.abs(pred - target)))
''',
        "square of the mean error": '''
def mse(pred, target):
    return float(np.mean(pred - target) ** 2)
''',
        "root of the mean squared error": '''
def mse(pred, target):
    return float(np.sqrt(np.mean((pred - target) ** 2)))
''',
    },
    "binary_cross_entropy": {
        "no clipping, log(0) for certain predictions": '''
def binary_cross_entropy(p, y, eps=1e-7):
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
''',
        "only the y = 1 term": '''
def binary_cross_entropy(p, y, eps=1e-7):
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p)))
''',
        "sum instead of mean": '''
def binary_cross_entropy(p, y, eps=1e-7):
    p = np.clip(p, eps, 1 - eps)
    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
''',
        "missing minus sign": '''
def binary_cross_entropy(p, y, eps=1e-7):
    p = np.clip(p, eps, 1 - eps)
    return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
''',
        "clips to [0, 1], which changes nothing": '''
def binary_cross_entropy(p, y, eps=1e-7):
    p = np.clip(p, 0, 1)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
''',
        "base-10 logarithm": '''
def binary_cross_entropy(p, y, eps=1e-7):
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log10(p) + (1 - y) * np.log10(1 - p)))
''',
    },
    "bce_with_logits": {
        "sigmoid first, then the clipped formula": '''
def bce_with_logits(z, y):
    p = np.clip(1 / (1 + np.exp(-np.clip(z, -500, 500))), 1e-7, 1 - 1e-7)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
''',
        "unstable form (1 - y) z + log(1 + exp(-z))": '''
def bce_with_logits(z, y):
    return float(np.mean((1 - y) * z + np.log(1 + np.exp(-z))))
''',
        "forgets the max(z, 0) term": '''
def bce_with_logits(z, y):
    return float(np.mean(-z * y + np.log1p(np.exp(-np.abs(z)))))
''',
        "sign error in the z * y term": '''
def bce_with_logits(z, y):
    return float(np.mean(np.maximum(z, 0) + z * y
                         + np.log1p(np.exp(-np.abs(z)))))
''',
        "sum instead of mean": '''
def bce_with_logits(z, y):
    return float(np.sum(np.maximum(z, 0) - z * y
                        + np.log1p(np.exp(-np.abs(z)))))
''',
    },
    "cross_entropy": {
        "no max-subtraction, exp overflows": '''
def cross_entropy(z, labels):
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[np.arange(len(z)), labels]))
''',
        "softmax first, then log: log(0)": '''
def cross_entropy(z, labels):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(z)), labels])))
''',
        "picks columns with z[:, labels], an (N, N) block": '''
def cross_entropy(z, labels):
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[:, labels]))
''',
        "normalises over the batch axis": '''
def cross_entropy(z, labels):
    shifted = z - z.max(axis=0, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return float(-np.mean(log_p[np.arange(len(z)), labels]))
''',
        "sum over the batch instead of mean": '''
def cross_entropy(z, labels):
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.sum(log_p[np.arange(len(z)), labels]))
''',
        "forgets the log-sum-exp, only subtracts the max": '''
def cross_entropy(z, labels):
    shifted = z - z.max(axis=1, keepdims=True)
    return float(-np.mean(shifted[np.arange(len(z)), labels]))
''',
    },
}
