"""Wrong answers for 04_training."""

_TRAIN_HEAD = '''
def train_xor(X, y, W1, b1, W2, b2, lr, epochs):
    params = {"W1": W1.copy(), "b1": b1.copy(),
              "W2": W2.copy(), "b2": b2.copy()}
    loss = BCEWithLogitsLoss()
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        Z1 = X @ params["W1"] + params["b1"]
        A1 = F.sigmoid(Z1)
        Z2 = A1 @ params["W2"] + params["b2"]
        losses[epoch] = loss(Z2, y)
'''

WRONG = {
    "numerical_gradient": {
        "one-sided (forward) difference": '''
def numerical_gradient(f, x, eps=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    flat, out = x.reshape(-1), grad.reshape(-1)
    base = f(x)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        out[i] = (f(x) - base) / eps
        flat[i] = old
    return grad
''',
        "divides by eps instead of 2 eps": '''
def numerical_gradient(f, x, eps=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    flat, out = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = f(x)
        flat[i] = old - eps
        down = f(x)
        flat[i] = old
        out[i] = (up - down) / eps
    return grad
''',
        "nudges the caller's x and never puts it back": '''
def numerical_gradient(f, x, eps=1e-5):
    grad = np.zeros_like(x)
    flat = x.reshape(-1)
    for i in range(flat.size):
        flat[i] += eps
        up = f(x)
        flat[i] -= 2 * eps
        down = f(x)
        grad.reshape(-1)[i] = (up - down) / (2 * eps)
    return grad
''',
        "nudges every entry at once": '''
def numerical_gradient(f, x, eps=1e-5):
    x = np.asarray(x, dtype=float)
    slope = (f(x + eps) - f(x - eps)) / (2 * eps)
    return np.full_like(x, slope)
''',
        "returns a flat array": '''
def numerical_gradient(f, x, eps=1e-5):
    x = np.array(x, dtype=float)
    flat = x.reshape(-1)
    out = np.zeros(flat.size)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        up = f(x)
        flat[i] = old - eps
        down = f(x)
        flat[i] = old
        out[i] = (up - down) / (2 * eps)
    return out
''',
    },
    "relative_error": {
        "the mean instead of the largest value": '''
def relative_error(a, b):
    scale = np.maximum(np.abs(a) + np.abs(b), 1e-8)
    return float(np.mean(np.abs(a - b) / scale))
''',
        "no absolute values": '''
def relative_error(a, b):
    return float(np.max((a - b) / np.maximum(a + b, 1e-8)))
''',
        "no floor: 0 / 0 for zero entries": '''
def relative_error(a, b):
    return float(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))))
''',
        "measured against a only": '''
def relative_error(a, b):
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a), 1e-8)))
''',
    },
    "sigmoid_backward": {
        "applies the sigmoid to the output again": '''
def sigmoid_backward(dA, A):
    s = F.sigmoid(A)
    return dA * s * (1 - s)
''',
        "forgets the incoming gradient": '''
def sigmoid_backward(dA, A):
    return A * (1 - A)
''',
        "drops the factor A": '''
def sigmoid_backward(dA, A):
    return dA * (1 - A)
''',
        "multiplies into dA in place": '''
def sigmoid_backward(dA, A):
    dA *= A * (1 - A)
    return dA
''',
    },
    "dense_backward": {
        "db as a mean over the batch": '''
def dense_backward(X, W, dZ):
    return X.T @ dZ, dZ.mean(axis=0), dZ @ W.T
''',
        "divides dW by N a second time": '''
def dense_backward(X, W, dZ):
    return X.T @ dZ / len(X), dZ.sum(axis=0), dZ @ W.T
''',
        "dW transposed": '''
def dense_backward(X, W, dZ):
    return dZ.T @ X, dZ.sum(axis=0), dZ @ W.T
''',
        "db summed over the units instead of the batch": '''
def dense_backward(X, W, dZ):
    return X.T @ dZ, dZ.sum(axis=1), dZ @ W.T
''',
        "returns the gradients in the order of the forward pass": '''
def dense_backward(X, W, dZ):
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)
''',
    },
    "mse_grad": {
        "forgets the factor 2": '''
def mse_grad(pred, target):
    return (pred - target) / pred.size
''',
        "divides by the number of rows": '''
def mse_grad(pred, target):
    return 2 * (pred - target) / len(pred)
''',
        "target minus pred": '''
def mse_grad(pred, target):
    return 2 * (target - pred) / pred.size
''',
        "gradient of the sum, not the mean": '''
def mse_grad(pred, target):
    return 2 * (pred - target)
''',
    },
    "bce_logits_grad": {
        "forgets the sigmoid": '''
def bce_logits_grad(z, y):
    return (z - y) / z.size
''',
        "multiplies by the sigmoid's slope again": '''
def bce_logits_grad(z, y):
    p = F.sigmoid(z)
    return (p - y) * p * (1 - p) / z.size
''',
        "textbook sigmoid, overflows for large negative z": '''
def bce_logits_grad(z, y):
    return (1 / (1 + np.exp(-z)) - y) / z.size
''',
        "divides by the number of rows, len(z), not z.size": '''
def bce_logits_grad(z, y):
    return (F.sigmoid(z) - y) / len(z)
''',
        "no 1/N": '''
def bce_logits_grad(z, y):
    return F.sigmoid(z) - y
''',
    },
    "softmax_ce_grad": {
        "no 1/N": '''
def softmax_ce_grad(z, labels):
    return F.softmax(z, axis=-1) - np.eye(z.shape[1])[labels]
''',
        "softmax over the batch axis": '''
def softmax_ce_grad(z, labels):
    p = F.softmax(z, axis=0)
    return (p - np.eye(z.shape[1])[labels]) / len(z)
''',
        "subtracts 1 from every entry": '''
def softmax_ce_grad(z, labels):
    return (F.softmax(z, axis=-1) - 1) / len(z)
''',
        "no max-subtraction, overflows": '''
def softmax_ce_grad(z, labels):
    e = np.exp(z)
    p = e / e.sum(axis=1, keepdims=True)
    return (p - np.eye(z.shape[1])[labels]) / len(z)
''',
        "divides by N * C": '''
def softmax_ce_grad(z, labels):
    return (F.softmax(z, axis=-1) - np.eye(z.shape[1])[labels]) / z.size
''',
    },
    "sgd_step": {
        "steps up the gradient": '''
def sgd_step(params, grads, lr):
    for key in params:
        params[key] += lr * grads[key]
''',
        "new arrays instead of an update in place": '''
def sgd_step(params, grads, lr):
    for key in params:
        params[key] = params[key] - lr * grads[key]
''',
        "forgets the learning rate": '''
def sgd_step(params, grads, lr):
    for key in params:
        params[key] -= grads[key]
''',
        "updates only the weights": '''
def sgd_step(params, grads, lr):
    for key in params:
        if key.startswith("W"):
            params[key] -= lr * grads[key]
''',
    },
    "train_xor": {
        "steps up the gradient": _TRAIN_HEAD + '''
        dZ2 = bce_logits_grad(Z2, y)
        dW2, db2, dA1 = dense_backward(A1, params["W2"], dZ2)
        dZ1 = sigmoid_backward(dA1, A1)
        dW1, db1, _ = dense_backward(X, params["W1"], dZ1)
        sgd_step(params, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}, -lr)
    return params, losses
''',
        "forgets the sigmoid's slope in the hidden layer": _TRAIN_HEAD + '''
        dZ2 = bce_logits_grad(Z2, y)
        dW2, db2, dA1 = dense_backward(A1, params["W2"], dZ2)
        dW1, db1, _ = dense_backward(X, params["W1"], dA1)
        sgd_step(params, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}, lr)
    return params, losses
''',
        "never updates the biases": _TRAIN_HEAD + '''
        dZ2 = bce_logits_grad(Z2, y)
        dW2, db2, dA1 = dense_backward(A1, params["W2"], dZ2)
        dZ1 = sigmoid_backward(dA1, A1)
        dW1, db1, _ = dense_backward(X, params["W1"], dZ1)
        params["W1"] -= lr * dW1
        params["W2"] -= lr * dW2
    return params, losses
''',
        "multiplies the output gradient by the sigmoid's slope again":
            _TRAIN_HEAD + '''
        p = F.sigmoid(Z2)
        dZ2 = bce_logits_grad(Z2, y) * p * (1 - p)
        dW2, db2, dA1 = dense_backward(A1, params["W2"], dZ2)
        dZ1 = sigmoid_backward(dA1, A1)
        dW1, db1, _ = dense_backward(X, params["W1"], dZ1)
        sgd_step(params, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}, lr)
    return params, losses
''',
        "trains the caller's arrays in place": '''
def train_xor(X, y, W1, b1, W2, b2, lr, epochs):
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    loss = BCEWithLogitsLoss()
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        A1 = F.sigmoid(X @ params["W1"] + params["b1"])
        Z2 = A1 @ params["W2"] + params["b2"]
        losses[epoch] = loss(Z2, y)
        dW2, db2, dA1 = dense_backward(A1, params["W2"],
                                       bce_logits_grad(Z2, y))
        dW1, db1, _ = dense_backward(X, params["W1"],
                                     sigmoid_backward(dA1, A1))
        sgd_step(params, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}, lr)
    return params, losses
''',
        "records the loss after the update": '''
def train_xor(X, y, W1, b1, W2, b2, lr, epochs):
    params = {"W1": W1.copy(), "b1": b1.copy(),
              "W2": W2.copy(), "b2": b2.copy()}
    loss = BCEWithLogitsLoss()
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        A1 = F.sigmoid(X @ params["W1"] + params["b1"])
        Z2 = A1 @ params["W2"] + params["b2"]
        dW2, db2, dA1 = dense_backward(A1, params["W2"],
                                       bce_logits_grad(Z2, y))
        dW1, db1, _ = dense_backward(X, params["W1"],
                                     sigmoid_backward(dA1, A1))
        sgd_step(params, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}, lr)
        A1 = F.sigmoid(X @ params["W1"] + params["b1"])
        losses[epoch] = loss(A1 @ params["W2"] + params["b2"], y)
    return params, losses
''',
    },
}
