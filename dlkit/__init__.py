"""dlkit: a small NumPy deep-learning library and the tooling of its course.

The library is meant to be read. Every layer follows one contract: ``forward(x)``
keeps what ``backward`` needs, and ``backward(grad)`` fills ``grads`` with the
same keys as ``params`` and returns the gradient for its input.
"""

__version__ = "0.1.0"
