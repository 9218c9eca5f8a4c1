"""Wrong answers for 11_optimization."""

WRONG = {
    "sgd_update": {
        "updates the parameters in place": '''
def sgd_update(params, grads, state, lr):
    params -= lr * grads
    return params, state
''',
        "steps up the gradient": '''
def sgd_update(params, grads, state, lr):
    return params + lr * grads, dict(state)
''',
        "forgets the learning rate": '''
def sgd_update(params, grads, state, lr):
    return params - grads, dict(state)
''',
        "returns only the new parameters": '''
def sgd_update(params, grads, state, lr):
    return params - lr * grads
''',
    },
    "momentum_update": {
        "velocity never carried over (plain SGD)": '''
def momentum_update(params, grads, state, lr, mu=0.9):
    velocity = grads
    return params - lr * velocity, {"velocity": velocity}
''',
        "changes the given velocity in place": '''
def momentum_update(params, grads, state, lr, mu=0.9):
    velocity = state.get("velocity", np.zeros_like(params))
    velocity *= mu
    velocity += grads
    return params - lr * velocity, {"velocity": velocity}
''',
        "averages instead of summing: v = mu v + (1 - mu) g": '''
def momentum_update(params, grads, state, lr, mu=0.9):
    velocity = state.get("velocity", np.zeros_like(params))
    velocity = mu * velocity + (1 - mu) * grads
    return params - lr * velocity, {"velocity": velocity}
''',
        "mu on the gradient instead of the velocity": '''
def momentum_update(params, grads, state, lr, mu=0.9):
    velocity = state.get("velocity", np.zeros_like(params))
    velocity = velocity + mu * grads
    return params - lr * velocity, {"velocity": velocity}
''',
        "keeps the velocity in a global, shared between runs": '''
remembered = {}
def momentum_update(params, grads, state, lr, mu=0.9):
    velocity = mu * remembered.get("velocity", np.zeros_like(params)) + grads
    remembered["velocity"] = velocity
    return params - lr * velocity, {"velocity": velocity}
''',
    },
    "nesterov_update": {
        "plain momentum, no look-ahead": '''
def nesterov_update(params, grads, state, lr, mu=0.9):
    velocity = mu * state.get("velocity", np.zeros_like(params)) + grads
    return params - lr * velocity, {"velocity": velocity}
''',
        "looks ahead with the old velocity": '''
def nesterov_update(params, grads, state, lr, mu=0.9):
    old = state.get("velocity", np.zeros_like(params))
    velocity = mu * old + grads
    return params - lr * (grads + mu * old), {"velocity": velocity}
''',
        "forgets the fresh gradient in the step": '''
def nesterov_update(params, grads, state, lr, mu=0.9):
    velocity = mu * state.get("velocity", np.zeros_like(params)) + grads
    return params - lr * mu * velocity, {"velocity": velocity}
''',
        "velocity never carried over": '''
def nesterov_update(params, grads, state, lr, mu=0.9):
    velocity = grads
    return params - lr * (grads + mu * velocity), {"velocity": velocity}
''',
    },
    "rmsprop_update": {
        "no square root": '''
def rmsprop_update(params, grads, state, lr, rho=0.9, eps=1e-8):
    s = rho * state.get("square_avg", np.zeros_like(params)) + (1 - rho) * grads**2
    return params - lr * grads / (s + eps), {"square_avg": s}
''',
        "rho and 1 - rho swapped": '''
def rmsprop_update(params, grads, state, lr, rho=0.9, eps=1e-8):
    s = (1 - rho) * state.get("square_avg", np.zeros_like(params)) + rho * grads**2
    return params - lr * grads / (np.sqrt(s) + eps), {"square_avg": s}
''',
        "average never carried over": '''
def rmsprop_update(params, grads, state, lr, rho=0.9, eps=1e-8):
    s = (1 - rho) * grads**2
    return params - lr * grads / (np.sqrt(s) + eps), {"square_avg": s}
''',
        "averages the gradient, not its square": '''
def rmsprop_update(params, grads, state, lr, rho=0.9, eps=1e-8):
    s = rho * state.get("square_avg", np.zeros_like(params)) + (1 - rho) * grads
    return params - lr * grads / (np.sqrt(np.abs(s)) + eps), {"square_avg": s}
''',
        "changes the given average in place": '''
def rmsprop_update(params, grads, state, lr, rho=0.9, eps=1e-8):
    s = state.get("square_avg", np.zeros_like(params))
    s *= rho
    s += (1 - rho) * grads**2
    return params - lr * grads / (np.sqrt(s) + eps), {"square_avg": s}
''',
    },
    "adam_update": {
        "no bias correction": '''
def adam_update(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = state.get("t", 0) + 1
    m = beta1 * state.get("m", np.zeros_like(params)) + (1 - beta1) * grads
    v = beta2 * state.get("v", np.zeros_like(params)) + (1 - beta2) * grads**2
    return params - lr * m / (np.sqrt(v) + eps), {"m": m, "v": v, "t": t}
''',
        "step count never grows": '''
def adam_update(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = 1
    m = beta1 * state.get("m", np.zeros_like(params)) + (1 - beta1) * grads
    v = beta2 * state.get("v", np.zeros_like(params)) + (1 - beta2) * grads**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    new = params - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new, {"m": m, "v": v, "t": t}
''',
        "betas swapped in the corrections": '''
def adam_update(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = state.get("t", 0) + 1
    m = beta1 * state.get("m", np.zeros_like(params)) + (1 - beta1) * grads
    v = beta2 * state.get("v", np.zeros_like(params)) + (1 - beta2) * grads**2
    m_hat, v_hat = m / (1 - beta2**t), v / (1 - beta1**t)
    new = params - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new, {"m": m, "v": v, "t": t}
''',
        "no square root of v": '''
def adam_update(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = state.get("t", 0) + 1
    m = beta1 * state.get("m", np.zeros_like(params)) + (1 - beta1) * grads
    v = beta2 * state.get("v", np.zeros_like(params)) + (1 - beta2) * grads**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    new = params - lr * m_hat / (v_hat + eps)
    return new, {"m": m, "v": v, "t": t}
''',
        "stores the corrected averages as the state": '''
def adam_update(params, grads, state, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    t = state.get("t", 0) + 1
    m = beta1 * state.get("m", np.zeros_like(params)) + (1 - beta1) * grads
    v = beta2 * state.get("v", np.zeros_like(params)) + (1 - beta2) * grads**2
    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
    new = params - lr * m_hat / (np.sqrt(v_hat) + eps)
    return new, {"m": m_hat, "v": v_hat, "t": t}
''',
    },
    "minibatch_noise": {
        "no correction for drawing without replacement": '''
def minibatch_noise(G, B):
    spread = np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=1))
    return float(spread / B)
''',
        "divides by the square root of B": '''
def minibatch_noise(G, B):
    n = G.shape[0]
    spread = np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=1))
    return float(spread / np.sqrt(B) * (n - B) / (n - 1))
''',
        "averages the variance over the entries instead of summing": '''
def minibatch_noise(G, B):
    n = G.shape[0]
    return float(np.var(G, axis=0).mean() / B * (n - B) / (n - 1))
''',
        "N instead of N - 1 in the correction": '''
def minibatch_noise(G, B):
    n = G.shape[0]
    spread = np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=1))
    return float(spread / B * (n - B) / n)
''',
        "spread around zero, not around the mean": '''
def minibatch_noise(G, B):
    n = G.shape[0]
    spread = np.mean(np.sum(G**2, axis=1))
    return float(spread / B * (n - B) / (n - 1))
''',
    },
    "warmup_cosine": {
        "warm-up starts at zero": '''
def warmup_cosine(step, base_lr, warmup_steps, total_steps, min_lr=0.0):
    if step < warmup_steps:
        return float(base_lr * step / warmup_steps)
    progress = min((step - warmup_steps) / (total_steps - warmup_steps), 1.0)
    return float(min_lr + (base_lr - min_lr) * (1 + np.cos(np.pi * progress)) / 2)
''',
        "cosine counted from step 0, not from the end of the warm-up": '''
def warmup_cosine(step, base_lr, warmup_steps, total_steps, min_lr=0.0):
    if step < warmup_steps:
        return float(base_lr * (step + 1) / warmup_steps)
    progress = min(step / total_steps, 1.0)
    return float(min_lr + (base_lr - min_lr) * (1 + np.cos(np.pi * progress)) / 2)
''',
        "a full cosine period instead of half": '''
def warmup_cosine(step, base_lr, warmup_steps, total_steps, min_lr=0.0):
    if step < warmup_steps:
        return float(base_lr * (step + 1) / warmup_steps)
    progress = min((step - warmup_steps) / (total_steps - warmup_steps), 1.0)
    return float(min_lr + (base_lr - min_lr) * (1 + np.cos(2 * np.pi * progress)) / 2)
''',
        "ignores min_lr": '''
def warmup_cosine(step, base_lr, warmup_steps, total_steps, min_lr=0.0):
    if step < warmup_steps:
        return float(base_lr * (step + 1) / warmup_steps)
    progress = min((step - warmup_steps) / (total_steps - warmup_steps), 1.0)
    return float(base_lr * (1 + np.cos(np.pi * progress)) / 2)
''',
        "rises again after total_steps": '''
def warmup_cosine(step, base_lr, warmup_steps, total_steps, min_lr=0.0):
    if step < warmup_steps:
        return float(base_lr * (step + 1) / warmup_steps)
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return float(min_lr + (base_lr - min_lr) * (1 + np.cos(np.pi * progress)) / 2)
''',
    },
    "activation_spreads": {
        "spread before the activation": '''
def activation_spreads(x, weights, activation):
    a, spreads = x, []
    for W in weights:
        z = a @ W
        spreads.append(z.std())
        a = np.tanh(z) if activation == "tanh" else np.maximum(z, 0.0)
    return np.array(spreads)
''',
        "includes the input as a first entry": '''
def activation_spreads(x, weights, activation):
    a, spreads = x, [x.std()]
    for W in weights:
        a = np.tanh(a @ W) if activation == "tanh" else np.maximum(a @ W, 0.0)
        spreads.append(a.std())
    return np.array(spreads)
''',
        "std per unit, then averaged": '''
def activation_spreads(x, weights, activation):
    a, spreads = x, []
    for W in weights:
        a = np.tanh(a @ W) if activation == "tanh" else np.maximum(a @ W, 0.0)
        spreads.append(a.std(axis=0).mean())
    return np.array(spreads)
''',
        "always ReLU": '''
def activation_spreads(x, weights, activation):
    a, spreads = x, []
    for W in weights:
        a = np.maximum(a @ W, 0.0)
        spreads.append(a.std())
    return np.array(spreads)
''',
        "weights on the wrong side of the product": '''
def activation_spreads(x, weights, activation):
    a, spreads = x, []
    for W in weights:
        z = a @ W.T
        a = np.tanh(z) if activation == "tanh" else np.maximum(z, 0.0)
        spreads.append(a.std())
    return np.array(spreads)
''',
    },
    "hessian_condition": {
        "X X^T instead of X^T X": '''
def hessian_condition(X):
    eigenvalues = np.linalg.eigvalsh(2.0 / len(X) * X @ X.T)
    return float(eigenvalues[-1] / eigenvalues[0])
''',
        "smallest over largest": '''
def hessian_condition(X):
    eigenvalues = np.linalg.eigvalsh(2.0 / len(X) * X.T @ X)
    return float(eigenvalues[0] / eigenvalues[-1])
''',
        "ratio of singular values of X (the square root)": '''
def hessian_condition(X):
    s = np.linalg.svd(X, compute_uv=False)
    return float(s.max() / s.min())
''',
        "ratio of the diagonal entries": '''
def hessian_condition(X):
    d = np.diag(2.0 / len(X) * X.T @ X)
    return float(d.max() / d.min())
''',
    },
}
