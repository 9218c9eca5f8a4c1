"""Neural-network building blocks: functions, layers and losses."""

from dlkit.io import register  # first: layer modules may import it from here
from dlkit.nn.activations import GELU, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from dlkit.nn.attention import (
    MultiHeadAttention,
    attention_backward,
    causal_mask,
    padding_mask,
    scaled_dot_product_attention,
)
from dlkit.nn.conv import Conv2D, col2im, im2col
from dlkit.nn.dense import Dense
from dlkit.nn.dropout import Dropout
from dlkit.nn.embedding import Embedding
from dlkit.nn.functional import (
    gelu,
    leaky_relu,
    log_softmax,
    relu,
    sigmoid,
    softmax,
    tanh,
)
from dlkit.nn.layer import Layer
from dlkit.nn.losses import BCEWithLogitsLoss, Loss, MSELoss, SoftmaxCrossEntropy
from dlkit.nn.norm import LayerNorm
from dlkit.nn.pooling import AvgPool2D, MaxPool2D
from dlkit.nn.positional import PositionalEncoding, sinusoidal_encoding
from dlkit.nn.recurrent import LSTM, RNN
from dlkit.nn.reshape import Flatten
from dlkit.nn.sequential import Sequential
from dlkit.nn.transformer import TransformerBlock

__all__ = [
    "GELU",
    "AvgPool2D",
    "BCEWithLogitsLoss",
    "Conv2D",
    "Dense",
    "Dropout",
    "Embedding",
    "Flatten",
    "LSTM",
    "Layer",
    "LayerNorm",
    "LeakyReLU",
    "Loss",
    "MSELoss",
    "MaxPool2D",
    "MultiHeadAttention",
    "PositionalEncoding",
    "RNN",
    "ReLU",
    "Sequential",
    "Sigmoid",
    "Softmax",
    "SoftmaxCrossEntropy",
    "Tanh",
    "TransformerBlock",
    "attention_backward",
    "causal_mask",
    "col2im",
    "gelu",
    "im2col",
    "leaky_relu",
    "log_softmax",
    "padding_mask",
    "register",
    "relu",
    "scaled_dot_product_attention",
    "sigmoid",
    "sinusoidal_encoding",
    "softmax",
    "tanh",
]
