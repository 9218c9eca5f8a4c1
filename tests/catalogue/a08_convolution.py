"""Wrong answers for 08_convolution."""

WRONG = {
    "conv_output_size": {
        "forgets the + 1": '''
def conv_output_size(size, kernel, stride=1, padding=0):
    return (size + 2 * padding - kernel) // stride
''',
        "pads one side only": '''
def conv_output_size(size, kernel, stride=1, padding=0):
    return (size + padding - kernel) // stride + 1
''',
        "true division, returns a float": '''
def conv_output_size(size, kernel, stride=1, padding=0):
    return (size + 2 * padding - kernel) / stride + 1
''',
        "rounds up, counts a window that hangs over the edge": '''
import math
def conv_output_size(size, kernel, stride=1, padding=0):
    return math.ceil((size + 2 * padding - kernel) / stride) + 1
''',
        "divides the whole size by the stride": '''
def conv_output_size(size, kernel, stride=1, padding=0):
    return (size + 2 * padding) // stride - kernel + 1
''',
    },
    "conv2d_loops": {
        "flips the kernel (textbook convolution)": '''
def conv2d_loops(x, w, stride=1, padding=0):
    x = np.pad(np.asarray(x, dtype=float), padding)
    w = w[::-1, ::-1]
    kh, kw = w.shape
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    out = np.zeros((oh, ow))
    for r in range(oh):
        for c in range(ow):
            out[r, c] = np.sum(x[r * stride:r * stride + kh,
                                 c * stride:c * stride + kw] * w)
    return out
''',
        "matrix product of window and kernel instead of element-wise": '''
def conv2d_loops(x, w, stride=1, padding=0):
    x = np.pad(np.asarray(x, dtype=float), padding)
    kh, kw = w.shape
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    out = np.zeros((oh, ow))
    for r in range(oh):
        for c in range(ow):
            out[r, c] = np.sum(x[r * stride:r * stride + kh,
                                 c * stride:c * stride + kw] @ w)
    return out
''',
        "window at (r, c) instead of (r * stride, c * stride)": '''
def conv2d_loops(x, w, stride=1, padding=0):
    x = np.pad(np.asarray(x, dtype=float), padding)
    kh, kw = w.shape
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    out = np.zeros((oh, ow))
    for r in range(oh):
        for c in range(ow):
            out[r, c] = np.sum(x[r:r + kh, c:c + kw] * w)
    return out
''',
        "forgets the padding": '''
def conv2d_loops(x, w, stride=1, padding=0):
    x = np.asarray(x, dtype=float)
    kh, kw = w.shape
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    out = np.zeros((oh, ow))
    for r in range(oh):
        for c in range(ow):
            out[r, c] = np.sum(x[r * stride:r * stride + kh,
                                 c * stride:c * stride + kw] * w)
    return out
''',
        "misses the last row and column of windows": '''
def conv2d_loops(x, w, stride=1, padding=0):
    x = np.pad(np.asarray(x, dtype=float), padding)
    kh, kw = w.shape
    oh = (x.shape[0] - kh) // stride
    ow = (x.shape[1] - kw) // stride
    out = np.zeros((oh, ow))
    for r in range(oh):
        for c in range(ow):
            out[r, c] = np.sum(x[r * stride:r * stride + kh,
                                 c * stride:c * stride + kw] * w)
    return out
''',
    },
    "im2col": {
        "windows as columns, not rows": '''
def im2col(x, kh, kw, stride=1):
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    cols = np.empty((kh * kw, oh * ow))
    for r in range(oh):
        for c in range(ow):
            window = x[r * stride:r * stride + kh, c * stride:c * stride + kw]
            cols[:, r * ow + c] = window.ravel()
    return cols
''',
        "flattens each window column by column": '''
def im2col(x, kh, kw, stride=1):
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    cols = np.empty((oh * ow, kh * kw))
    for r in range(oh):
        for c in range(ow):
            window = x[r * stride:r * stride + kh, c * stride:c * stride + kw]
            cols[r * ow + c] = window.T.ravel()
    return cols
''',
        "windows ordered column by column": '''
def im2col(x, kh, kw, stride=1):
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    cols = np.empty((oh * ow, kh * kw))
    for c in range(ow):
        for r in range(oh):
            window = x[r * stride:r * stride + kh, c * stride:c * stride + kw]
            cols[c * oh + r] = window.ravel()
    return cols
''',
        "ignores the stride": '''
def im2col(x, kh, kw, stride=1):
    oh = x.shape[0] - kh + 1
    ow = x.shape[1] - kw + 1
    cols = np.empty((oh * ow, kh * kw))
    for r in range(oh):
        for c in range(ow):
            cols[r * ow + c] = x[r:r + kh, c:c + kw].ravel()
    return cols
''',
        "strided slice without an end, too many windows per offset": '''
def im2col(x, kh, kw, stride=1):
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    cols = np.empty((oh * ow, kh * kw))
    for i in range(kh):
        for j in range(kw):
            cols[:, i * kw + j] = x[i::stride, j::stride].ravel()
    return cols
''',
    },
    "conv2d_im2col": {
        "reshapes (OH*OW, F) to (F, OH, OW) without transposing": '''
def conv2d_im2col(x, kernels, stride=1, padding=0):
    f, kh, kw = kernels.shape
    x = np.pad(np.asarray(x, dtype=float), padding)
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    out = im2col(x, kh, kw, stride) @ kernels.reshape(f, -1).T
    return out.reshape(f, oh, ow)
''',
        "flattens the kernels as reshape(-1, F)": '''
def conv2d_im2col(x, kernels, stride=1, padding=0):
    f, kh, kw = kernels.shape
    x = np.pad(np.asarray(x, dtype=float), padding)
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    out = im2col(x, kh, kw, stride) @ kernels.reshape(-1, f)
    return out.T.reshape(f, oh, ow)
''',
        "forgets the padding": '''
def conv2d_im2col(x, kernels, stride=1, padding=0):
    f, kh, kw = kernels.shape
    x = np.asarray(x, dtype=float)
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    out = im2col(x, kh, kw, stride) @ kernels.reshape(f, -1).T
    return out.T.reshape(f, oh, ow)
''',
        "flips the kernels": '''
def conv2d_im2col(x, kernels, stride=1, padding=0):
    f, kh, kw = kernels.shape
    x = np.pad(np.asarray(x, dtype=float), padding)
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    flat = kernels[:, ::-1, ::-1].reshape(f, -1)
    out = im2col(x, kh, kw, stride) @ flat.T
    return out.T.reshape(f, oh, ow)
''',
        "forgets the stride when building the patches": '''
def conv2d_im2col(x, kernels, stride=1, padding=0):
    f, kh, kw = kernels.shape
    x = np.pad(np.asarray(x, dtype=float), padding)
    oh = (x.shape[0] - kh) + 1
    ow = (x.shape[1] - kw) + 1
    out = im2col(x, kh, kw) @ kernels.reshape(f, -1).T
    return out.T.reshape(f, oh, ow)
''',
    },
    "max_pool": {
        "the mean, not the maximum": '''
def max_pool(x, size=2):
    oh, ow = x.shape[0] // size, x.shape[1] // size
    x = x[:oh * size, :ow * size]
    return x.reshape(oh, size, ow, size).mean(axis=(1, 3))
''',
        "reshapes to (OH, OW, size, size): windows are not blocks": '''
def max_pool(x, size=2):
    oh, ow = x.shape[0] // size, x.shape[1] // size
    x = x[:oh * size, :ow * size]
    return x.reshape(oh, ow, size, size).max(axis=(2, 3))
''',
        "overlapping windows (stride 1)": '''
def max_pool(x, size=2):
    oh, ow = x.shape[0] - size + 1, x.shape[1] - size + 1
    out = np.empty((oh, ow))
    for r in range(oh):
        for c in range(ow):
            out[r, c] = x[r:r + size, c:c + size].max()
    return out
''',
        "does not drop leftover rows and columns": '''
def max_pool(x, size=2):
    oh, ow = x.shape[0] // size, x.shape[1] // size
    return x.reshape(oh, size, ow, size).max(axis=(1, 3))
''',
        "maximum over the wrong axes": '''
def max_pool(x, size=2):
    oh, ow = x.shape[0] // size, x.shape[1] // size
    x = x[:oh * size, :ow * size]
    return x.reshape(oh, size, ow, size).max(axis=(0, 2))
''',
    },
    "max_pool_backward": {
        "every tied maximum gets the gradient": '''
def max_pool_backward(x, grad_out, size=2):
    dx = np.zeros(np.shape(x))
    oh, ow = grad_out.shape
    for r in range(oh):
        for c in range(ow):
            window = x[r * size:(r + 1) * size, c * size:(c + 1) * size]
            mask = window == window.max()
            dx[r * size:(r + 1) * size, c * size:(c + 1) * size] += \\
                mask * grad_out[r, c]
    return dx
''',
        "spreads the gradient evenly (average pooling's backward)": '''
def max_pool_backward(x, grad_out, size=2):
    dx = np.zeros(np.shape(x))
    oh, ow = grad_out.shape
    for r in range(oh):
        for c in range(ow):
            dx[r * size:(r + 1) * size, c * size:(c + 1) * size] += \\
                grad_out[r, c] / size ** 2
    return dx
''',
        "copies the gradient to every pixel of the window": '''
def max_pool_backward(x, grad_out, size=2):
    dx = np.kron(grad_out, np.ones((size, size)))
    out = np.zeros(np.shape(x))
    out[:dx.shape[0], :dx.shape[1]] = dx
    return out
''',
        "row and column of the argmax swapped": '''
def max_pool_backward(x, grad_out, size=2):
    dx = np.zeros(np.shape(x))
    oh, ow = grad_out.shape
    for r in range(oh):
        for c in range(ow):
            window = x[r * size:(r + 1) * size, c * size:(c + 1) * size]
            j, i = divmod(int(np.argmax(window)), size)
            dx[r * size + i, c * size + j] += grad_out[r, c]
    return dx
''',
        "the last of tied maxima gets the gradient": '''
def max_pool_backward(x, grad_out, size=2):
    dx = np.zeros(np.shape(x))
    oh, ow = grad_out.shape
    for r in range(oh):
        for c in range(ow):
            window = x[r * size:(r + 1) * size, c * size:(c + 1) * size]
            flat = window.ravel()
            k = flat.size - 1 - int(np.argmax(flat[::-1]))
            i, j = divmod(k, size)
            dx[r * size + i, c * size + j] += grad_out[r, c]
    return dx
''',
        "returns the pooled shape, not the input's": '''
def max_pool_backward(x, grad_out, size=2):
    oh, ow = grad_out.shape
    dx = np.zeros((oh * size, ow * size))
    for r in range(oh):
        for c in range(ow):
            window = x[r * size:(r + 1) * size, c * size:(c + 1) * size]
            i, j = divmod(int(np.argmax(window)), size)
            dx[r * size + i, c * size + j] += grad_out[r, c]
    return dx
''',
    },
    "conv2d_backward": {
        "overwrites dx where windows overlap": '''
def conv2d_backward(x, w, grad_out):
    kh, kw = w.shape
    oh, ow = grad_out.shape
    dx = np.zeros(np.shape(x))
    dw = np.zeros(w.shape)
    for r in range(oh):
        for c in range(ow):
            dw += grad_out[r, c] * x[r:r + kh, c:c + kw]
            dx[r:r + kh, c:c + kw] = grad_out[r, c] * w
    return dx, dw, float(np.sum(grad_out))
''',
        "db as the mean of grad_out": '''
def conv2d_backward(x, w, grad_out):
    kh, kw = w.shape
    oh, ow = grad_out.shape
    dx = np.zeros(np.shape(x))
    dw = np.zeros(w.shape)
    for r in range(oh):
        for c in range(ow):
            dw += grad_out[r, c] * x[r:r + kh, c:c + kw]
            dx[r:r + kh, c:c + kw] += grad_out[r, c] * w
    return dx, dw, float(np.mean(grad_out))
''',
        "dw sums the windows without weighting them by grad_out": '''
def conv2d_backward(x, w, grad_out):
    kh, kw = w.shape
    oh, ow = grad_out.shape
    dx = np.zeros(np.shape(x))
    dw = np.zeros(w.shape)
    for r in range(oh):
        for c in range(ow):
            dw += x[r:r + kh, c:c + kw]
            dx[r:r + kh, c:c + kw] += grad_out[r, c] * w
    return dx, dw, float(np.sum(grad_out))
''',
        "flips the kernel in dx": '''
def conv2d_backward(x, w, grad_out):
    kh, kw = w.shape
    oh, ow = grad_out.shape
    dx = np.zeros(np.shape(x))
    dw = np.zeros(w.shape)
    for r in range(oh):
        for c in range(ow):
            dw += grad_out[r, c] * x[r:r + kh, c:c + kw]
            dx[r:r + kh, c:c + kw] += grad_out[r, c] * w[::-1, ::-1]
    return dx, dw, float(np.sum(grad_out))
''',
        "returns the gradients in the wrong order": '''
def conv2d_backward(x, w, grad_out):
    kh, kw = w.shape
    oh, ow = grad_out.shape
    dx = np.zeros(np.shape(x))
    dw = np.zeros(w.shape)
    for r in range(oh):
        for c in range(ow):
            dw += grad_out[r, c] * x[r:r + kh, c:c + kw]
            dx[r:r + kh, c:c + kw] += grad_out[r, c] * w
    return dw, dx, float(np.sum(grad_out))
''',
    },
    "parameter_counts": {
        "forgets the conv biases": '''
def conv_params(in_channels, out_channels, kernel_size):
    return out_channels * in_channels * kernel_size * kernel_size


def dense_params(in_features, out_features):
    return in_features * out_features + out_features
''',
        "forgets the input channels": '''
def conv_params(in_channels, out_channels, kernel_size):
    return out_channels * (kernel_size * kernel_size + 1)


def dense_params(in_features, out_features):
    return in_features * out_features + out_features
''',
        "kernel size not squared": '''
def conv_params(in_channels, out_channels, kernel_size):
    return out_channels * (in_channels * kernel_size + 1)


def dense_params(in_features, out_features):
    return in_features * out_features + out_features
''',
        "one bias per input channel": '''
def conv_params(in_channels, out_channels, kernel_size):
    return out_channels * in_channels * (kernel_size * kernel_size + 1)


def dense_params(in_features, out_features):
    return in_features * out_features + out_features
''',
        "dense layer without biases": '''
def conv_params(in_channels, out_channels, kernel_size):
    return out_channels * (in_channels * kernel_size * kernel_size + 1)


def dense_params(in_features, out_features):
    return in_features * out_features
''',
    },
}
