"""Wrong answers for 01_basics."""

WRONG = {
    "weighted_sum": {
        "forgets the bias": '''
def weighted_sum(x, w, b):
    return float(np.dot(w, x))
''',
        "element-wise product, no sum": '''
def weighted_sum(x, w, b):
    return x * w + b
''',
        "sums the inputs, ignores the weights": '''
def weighted_sum(x, w, b):
    return float(np.sum(x) + b)
''',
        "subtracts the bias": '''
def weighted_sum(x, w, b):
    return float(np.dot(w, x) - b)
''',
    },
    "sigmoid": {
        "textbook formula, overflows for large negative z": '''
def sigmoid(z):
    return 1 / (1 + np.exp(-z))
''',
        "sign error in the exponent": '''
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))
''',
        "exp(z) / (1 + exp(z)), overflows for large positive z": '''
def sigmoid(z):
    return np.exp(z) / (1 + np.exp(z))
''',
        "clips z to avoid overflow, loses precision": '''
def sigmoid(z):
    return 1 / (1 + np.exp(-np.clip(z, -10, 10)))
''',
        "math.exp, works on numbers only": '''
import math
def sigmoid(z):
    return 1 / (1 + math.exp(-z))
''',
    },
    "relu": {
        "Python max, fails on arrays": '''
def relu(z):
    return max(0, z)
''',
        "edits the input in place": '''
def relu(z):
    z[z < 0] = 0
    return z
''',
        "returns the slope, not the value": '''
def relu(z):
    return np.where(z > 0, 1.0, 0.0)
''',
        "absolute value": '''
def relu(z):
    return np.abs(z)
''',
    },
    "softmax": {
        "no max-subtraction, overflows": '''
def softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
''',
        "normalises over the wrong axis": '''
def softmax(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
''',
        "normalises over the whole batch": '''
def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum()
''',
        "subtracts the global maximum, underflows a row to 0/0": '''
def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum(axis=-1, keepdims=True)
''',
    },
    "dense": {
        "forgets the bias": '''
def dense(X, W, b):
    return X @ W
''',
        "transposed weights": '''
def dense(X, W, b):
    return X @ W.T + b
''',
        "weights times inputs in the wrong order": '''
def dense(X, W, b):
    return (W.T @ X.T).T + b.sum()
''',
        "applies a sigmoid already": '''
def dense(X, W, b):
    return 1 / (1 + np.exp(-(X @ W + b)))
''',
    },
    "forward": {
        "no bias in the hidden layer": '''
def forward(X, W1, b1, W2, b2):
    return sigmoid(dense(sigmoid(X @ W1), W2, b2))
''',
        "no sigmoid on the output": '''
def forward(X, W1, b1, W2, b2):
    return dense(sigmoid(dense(X, W1, b1)), W2, b2)
''',
        "ReLU in the hidden layer": '''
def forward(X, W1, b1, W2, b2):
    return sigmoid(dense(relu(dense(X, W1, b1)), W2, b2))
''',
        "feeds the input, not the hidden layer, to the output": '''
def forward(X, W1, b1, W2, b2):
    hidden = sigmoid(dense(X, W1, b1))
    return sigmoid(dense(X, W2, b2))
''',
    },
    "xor_weights": {
        "the random weights of the example": '''
_r = np.random.default_rng(1)
W1_xor = _r.standard_normal((2, 2))
b1_xor = np.zeros(2)
W2_xor = _r.standard_normal((2, 1))
b2_xor = np.zeros(1)
''',
        "right signs, weights too small": '''
W1_xor = np.array([[1.0, 1.0], [1.0, 1.0]])
b1_xor = np.array([-0.5, -1.5])
W2_xor = np.array([[1.0], [-1.0]])
b2_xor = np.array([-0.5])
''',
        "an OR network": '''
W1_xor = np.array([[10.0, 10.0], [10.0, 10.0]])
b1_xor = np.array([-5.0, -5.0])
W2_xor = np.array([[10.0], [10.0]])
b2_xor = np.array([-5.0])
''',
        "biases as columns": '''
W1_xor = np.array([[10.0, 10.0], [10.0, 10.0]])
b1_xor = np.array([[-5.0], [-15.0]])
W2_xor = np.array([[10.0], [-10.0]])
b2_xor = np.array([-5.0])
''',
    },
}
