"""Tests of dlkit.nn.sequential: order, gradients, indexing and the summary."""

import numpy as np
import pytest

from dlkit.gradcheck import check_layer, numerical_gradient, rel_error
from dlkit.nn import Dense, ReLU, Sequential, SoftmaxCrossEntropy, Tanh


def _mlp(dtype=np.float64):
    rng = np.random.default_rng(0)
    return Sequential(Dense(4, 8, rng=rng, dtype=dtype), Tanh(),
                      Dense(8, 3, rng=rng, dtype=dtype))


def test_forward_applies_layers_in_order():
    """Is Sequential(a, b, c)(x) the same as c(b(a(x)))?"""
    model = _mlp()
    x = np.random.default_rng(1).standard_normal((5, 4))
    expected = model[2].forward(model[1].forward(model[0].forward(x)))
    np.testing.assert_allclose(model.forward(x), expected, rtol=1e-12)
    np.testing.assert_allclose(model(x), expected, rtol=1e-12)


def test_input_gradient_through_the_stack():
    """Does the stack's backward return the right input gradient?"""
    errors = check_layer(_mlp(), np.random.default_rng(1).standard_normal((5, 4)))
    assert errors["input"] < 1e-6


def test_every_parameter_gradient_with_a_loss():
    """Does backward fill every layer's grads with the loss gradient of its params?"""
    model, loss = _mlp(), SoftmaxCrossEntropy()
    x = np.random.default_rng(2).standard_normal((6, 4))
    y = np.array([0, 1, 2, 2, 1, 0])

    def value():
        return loss.forward(model.forward(x), y)

    value()
    model.backward(loss.backward())
    for layer in (model[0], model[2]):
        for name, param in layer.params.items():
            analytic = layer.grads[name].copy()
            assert rel_error(analytic, numerical_gradient(value, param)) < 1e-6


def test_sublayers_indexing_length_and_iteration():
    """Do sublayers(), [i], [a:b], len() and iteration see the same layers?"""
    model = _mlp()
    assert len(model) == 3
    assert model.sublayers() == list(model) == [model[0], model[1], model[2]]
    head = model[:2]
    assert isinstance(head, Sequential) and head[0] is model[0]
    assert [type(m).__name__ for m in model.layers()] == ["Sequential", "Dense",
                                                          "Tanh", "Dense"]


def test_num_params_train_eval_and_zero_grad_reach_sublayers():
    """Do the base-class tree walks see inside the stack?"""
    model = _mlp()
    assert model.num_params() == 4 * 8 + 8 + 8 * 3 + 3
    model.eval()
    assert not any(m.training for m in model.layers())
    model.train()
    assert all(m.training for m in model.layers())
    model.forward(np.ones((1, 4)))
    model.backward(np.ones((1, 3)))
    model.zero_grad()
    assert model[0].grads == {}


def test_a_list_is_accepted_and_append_adds_at_the_end():
    """Does Sequential([a, b]) work like Sequential(a, b), and append extend it?"""
    model = Sequential([Dense(2, 2), ReLU()]).append(Dense(2, 1))
    assert len(model) == 3 and isinstance(model[2], Dense)


def test_nested_stacks():
    """Does a Sequential inside a Sequential pass gradients through?"""
    model = Sequential(_mlp(), Tanh())
    assert check_layer(model, np.random.default_rng(3).standard_normal((2, 4)))[
        "input"] < 1e-6


def test_repr_lists_the_layers():
    """Does repr show each layer with its configuration?"""
    text = repr(Sequential(Dense(2, 3), ReLU()))
    assert text.splitlines() == ["Sequential(",
                                 "  Dense(in_features=2, out_features=3, "
                                 "init='xavier', dtype='float32'),",
                                 "  ReLU()", ")"]
    assert repr(Sequential()) == "Sequential()"


def test_summary_table():
    """Does summary list each layer, its output shape and count, then the total?"""
    model = Sequential(Dense(64, 32), ReLU(), Dense(32, 10))
    lines = model.summary((64,)).splitlines()
    assert lines[0].split() == ["layer", "output", "shape", "parameters"]
    assert lines[2].split() == ["0", "Dense", "(N,", "32)", "2,080"]
    assert lines[3].split() == ["1", "ReLU", "(N,", "32)", "0"]
    assert lines[4].split() == ["2", "Dense", "(N,", "10)", "330"]
    assert lines[-1].split() == ["total", "2,410"]


def test_summary_restores_modes_and_leaves_no_trace():
    """Does summary put the layers back in training mode?"""
    model = _mlp()
    model.summary((4,))
    assert all(m.training for m in model.layers())


def test_summary_says_which_layer_cannot_take_its_input():
    """Does a mismatch in the stack name the layer and the shape it got?"""
    model = Sequential(Dense(4, 8), Dense(5, 2))
    with pytest.raises(ValueError, match=r"summary: layer 1 \(Dense\) cannot take "
                                         r"an input of shape \(N, 8\)"):
        model.summary((4,))


def test_summary_rejects_a_batch_shape():
    """Does a non-positive or non-int input_shape raise a ValueError?"""
    with pytest.raises(ValueError, match=r"input_shape must be the shape of one "
                                         r"example.*got \(0, 4\)"):
        _mlp().summary((0, 4))


def test_forward_error_names_the_layer():
    """Does a shape error inside the stack say which layer raised it?"""
    model = Sequential(Dense(4, 8), Dense(5, 2))
    with pytest.raises(ValueError, match=r"in layer 1 \(Dense\) of the Sequential: "
                                         r"Dense: x must have shape \(N, 5\); got "
                                         r"\(3, 8\)"):
        model.forward(np.ones((3, 4), dtype=np.float32))


def test_non_layers_are_rejected():
    """Do a class instead of an instance and a plain function raise TypeErrors?"""
    with pytest.raises(TypeError, match=r"layer 1 is the class ReLU, not a layer. "
                                        r"Create one: ReLU\(...\)"):
        Sequential(Dense(2, 2), ReLU)
    with pytest.raises(TypeError, match=r"layer 0 must be a dlkit Layer; got "
                                        r"function"):
        Sequential(lambda x: x)


def test_a_first_layer_without_input_gradient():
    """Does a stack whose first layer skips the input gradient train and give None?"""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((6, 4))
    full = Sequential(Dense(4, 5, rng=1, dtype=np.float64), ReLU(),
                      Dense(5, 2, rng=2, dtype=np.float64))
    lean = Sequential(Dense(4, 5, rng=1, dtype=np.float64, input_grad=False), ReLU(),
                      Dense(5, 2, rng=2, dtype=np.float64))
    grad = rng.standard_normal((6, 2))
    full.forward(x), lean.forward(x)
    assert full.backward(grad).shape == (6, 4)
    assert lean.backward(grad) is None
    for a, b in zip(full.layers(), lean.layers(), strict=True):
        for key in a.grads:
            np.testing.assert_allclose(b.grads[key], a.grads[key], rtol=1e-12)


def test_a_middle_layer_without_input_gradient_is_explained():
    """Does a layer that skips its input gradient in mid-stack raise a clear error?"""
    model = Sequential(Dense(4, 5), ReLU(), Dense(5, 2, input_grad=False))
    model.forward(np.ones((3, 4), dtype=np.float32))
    with pytest.raises(ValueError, match=r"layer 2 \(Dense\) gave no input gradient, "
                                         r"but layer 1 \(ReLU\) comes before it and "
                                         r"needs one.*input_grad=False"):
        model.backward(np.ones((3, 2), dtype=np.float32))
    with pytest.raises(ValueError, match=r"Dense.backward: grad must have the shape"):
        model.backward(None)
