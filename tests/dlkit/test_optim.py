"""Optimisers and gradient clipping, checked against hand-computed steps.

The test problem is the quadratic ``L(p) = 0.5 * sum(a * p**2)``, whose
gradient is ``a * p``. Each reference below applies the documented update rule
by hand, one step at a time.
"""

import math

import numpy as np
import pytest

from dlkit.nn.layer import Layer
from dlkit.optim import (
    SGD,
    Adam,
    AdamW,
    RMSProp,
    clip_grad_norm,
    clip_grad_value,
)


class Quadratic(Layer):
    """One parameter ``w`` and the gradient of ``0.5 * sum(a * w**2)``."""

    def __init__(self, w, a, dtype=np.float64):
        super().__init__()
        self.params["w"] = np.array(w, dtype=dtype)
        self.a = np.array(a, dtype=dtype)

    def fill_grad(self):
        self.grads["w"] = self.a * self.params["w"]


class Stack(Layer):
    """A layer made of other layers, to check that the walk goes deep."""

    def __init__(self, *parts):
        super().__init__()
        self.parts = list(parts)

    def sublayers(self):
        return self.parts


def run(optimizer, model, steps):
    """Positions of ``w`` after each of ``steps`` steps."""
    path = []
    for _ in range(steps):
        model.fill_grad()
        optimizer.step()
        path.append(model.params["w"].copy())
    return path


def test_sgd_follows_the_update_rule():
    """Does plain SGD take p <- p - lr * a * p on the quadratic?"""
    model = Quadratic([1.0, -2.0], [1.0, 3.0])
    p1, p2 = run(SGD(model, lr=0.1), model, 2)

    # step 1: g = a * p = [1, -6]
    np.testing.assert_allclose(p1, [1 - 0.1 * 1, -2 - 0.1 * -6], rtol=1e-12)
    # step 2: p = [0.9, -1.4], g = [0.9, -4.2]
    np.testing.assert_allclose(p2, [0.9 - 0.1 * 0.9, -1.4 - 0.1 * -4.2], rtol=1e-12)


def test_momentum_follows_the_update_rule():
    """Does momentum keep v <- mu v + g and step by lr * v?"""
    model = Quadratic([1.0, -2.0], [1.0, 3.0])
    p1, p2, p3 = run(SGD(model, lr=0.1, momentum=0.9), model, 3)

    # step 1: g = [1, -6], v = g
    np.testing.assert_allclose(p1, [0.9, -1.4], rtol=1e-12)
    # step 2: g = [0.9, -4.2], v = 0.9 * [1, -6] + g = [1.8, -9.6]
    np.testing.assert_allclose(p2, [0.9 - 0.1 * 1.8, -1.4 - 0.1 * -9.6], rtol=1e-12)
    # step 3: p = [0.72, -0.44], g = [0.72, -1.32],
    #         v = 0.9 * [1.8, -9.6] + g = [2.34, -9.96]
    np.testing.assert_allclose(p3, [0.72 - 0.1 * 2.34, -0.44 - 0.1 * -9.96],
                               rtol=1e-12)


def test_nesterov_follows_the_update_rule():
    """Does Nesterov step by lr * (g + mu v) after updating v?"""
    model = Quadratic([1.0, -2.0], [1.0, 3.0])
    p1, p2 = run(SGD(model, lr=0.1, momentum=0.9, nesterov=True), model, 2)

    # step 1: g = [1, -6], v = [1, -6]
    np.testing.assert_allclose(p1, [1 - 0.1 * (1 + 0.9 * 1),
                                    -2 - 0.1 * (-6 + 0.9 * -6)], rtol=1e-12)
    # step 2: p = [0.81, -0.86], g = [0.81, -2.58],
    #         v = 0.9 * [1, -6] + g = [1.71, -7.98]
    np.testing.assert_allclose(p2, [0.81 - 0.1 * (0.81 + 0.9 * 1.71),
                                    -0.86 - 0.1 * (-2.58 + 0.9 * -7.98)],
                               rtol=1e-12)


def test_sgd_weight_decay_adds_l2_gradient_without_touching_grads():
    """Does weight_decay step along g + wd * p and leave grads as they were?"""
    model = Quadratic([1.0, -2.0], [1.0, 3.0])
    model.fill_grad()
    grad_before = model.grads["w"].copy()
    SGD(model, lr=0.1, weight_decay=0.5).step()

    # g + wd * p = [1 + 0.5, -6 - 1]
    np.testing.assert_allclose(model.params["w"], [1 - 0.1 * 1.5, -2 - 0.1 * -7],
                               rtol=1e-12)
    np.testing.assert_array_equal(model.grads["w"], grad_before)


def test_rmsprop_follows_the_update_rule():
    """Does RMSProp divide by the root of its running mean of g**2?"""
    model = Quadratic([1.0], [2.0])
    p1, p2 = run(RMSProp(model, lr=0.01, rho=0.9, eps=1e-8), model, 2)

    # step 1: g = 2, s = 0.1 * 4 = 0.4
    ref1 = 1 - 0.01 * 2 / (math.sqrt(0.4) + 1e-8)
    np.testing.assert_allclose(p1, [ref1], rtol=1e-12)
    # step 2: g = 2 * p1, s = 0.9 * 0.4 + 0.1 * g**2
    g = 2 * ref1
    s = 0.9 * 0.4 + 0.1 * g**2
    np.testing.assert_allclose(p2, [ref1 - 0.01 * g / (math.sqrt(s) + 1e-8)],
                               rtol=1e-12)


def test_adam_follows_the_update_rule():
    """Does Adam match two steps of its rule worked out by hand?"""
    model = Quadratic([1.0, -2.0], [1.0, 3.0])
    p1, p2 = run(Adam(model, lr=0.1, betas=(0.9, 0.999), eps=1e-8), model, 2)

    # step 1: g = [1, -6]; m_hat = g, v_hat = g**2, so each entry moves by
    #         lr * g / (|g| + eps), i.e. 0.1 against the sign of g
    ref1 = [1 - 0.1 * 1 / (1 + 1e-8), -2 + 0.1 * 6 / (6 + 1e-8)]
    np.testing.assert_allclose(p1, ref1, rtol=1e-12)

    # step 2, first entry: p = 0.9, g = 0.9
    m = 0.9 * 0.1 + 0.1 * 0.9                   # 0.18
    v = 0.999 * 0.001 + 0.001 * 0.9**2          # 0.001809
    first = ref1[0] - 0.1 * (m / (1 - 0.9**2)) / (
        math.sqrt(v / (1 - 0.999**2)) + 1e-8)
    # step 2, second entry: p = -1.9, g = -5.7
    m = 0.9 * -0.6 + 0.1 * -5.7                 # -1.11
    v = 0.999 * 0.036 + 0.001 * 5.7**2          # 0.068454
    second = ref1[1] - 0.1 * (m / (1 - 0.9**2)) / (
        math.sqrt(v / (1 - 0.999**2)) + 1e-8)
    np.testing.assert_allclose(p2, [first, second], rtol=1e-6)


def test_adam_bias_correction_makes_the_first_step_lr_for_any_gradient_size():
    """Does Adam's first step move by lr whether the gradient is tiny or huge?"""
    model = Quadratic([1.0, 1.0], [1e-3, 1e3])
    opt = Adam(model, lr=0.01)
    (p1,) = run(opt, model, 1)

    np.testing.assert_allclose(1.0 - p1, [0.01, 0.01], rtol=1e-4)
    state = opt.state_for(model, "w")
    assert state["t"] == 1
    # the raw averages are still biased towards zero: m = 0.1 g, v = 0.001 g**2
    np.testing.assert_allclose(state["m"], [1e-4, 1e2], rtol=1e-12)
    np.testing.assert_allclose(state["v"], [1e-9, 1e3], rtol=1e-12)


def test_adamw_decays_weights_apart_from_the_gradient():
    """With a zero gradient, does AdamW shrink p by lr * wd while Adam's L2 steps?"""
    decoupled = Quadratic([2.0, -4.0], [0.0, 0.0])
    coupled = Quadratic([2.0, -4.0], [0.0, 0.0])
    run(AdamW(decoupled, lr=0.1, weight_decay=0.5), decoupled, 1)
    run(Adam(coupled, lr=0.1, weight_decay=0.5), coupled, 1)

    # AdamW: p * (1 - lr * wd); the Adam part sees g = 0 and does not move
    np.testing.assert_allclose(decoupled.params["w"], [2.0 * 0.95, -4.0 * 0.95],
                               rtol=1e-12)
    # Adam + L2: g = wd * p goes through the normalisation, a step of about lr
    np.testing.assert_allclose(coupled.params["w"], [2.0 - 0.1, -4.0 + 0.1],
                               rtol=1e-6)


def test_adamw_step_is_decay_then_adam():
    """Does one AdamW step equal the decay followed by Adam's first step?"""
    model = Quadratic([1.0, -2.0], [1.0, 3.0])
    (p1,) = run(AdamW(model, lr=0.1, weight_decay=0.2), model, 1)

    # decay by 1 - 0.1 * 0.2, then move 0.1 against the sign of g = [1, -6]
    np.testing.assert_allclose(p1, [1 * 0.98 - 0.1, -2 * 0.98 + 0.1], rtol=1e-6)


OPTIMISERS = [
    lambda m: SGD(m, lr=0.1),
    lambda m: SGD(m, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    lambda m: RMSProp(m, lr=0.01, weight_decay=0.01),
    lambda m: Adam(m, lr=0.01),
    lambda m: AdamW(m, lr=0.01),
]


@pytest.mark.parametrize("make", OPTIMISERS)
def test_float32_stays_float32_and_arrays_are_updated_in_place(make):
    """Do parameters keep their identity and dtype, and the state its buffers?"""
    model = Quadratic([1.0, -2.0], [1.0, 3.0], dtype=np.float32)
    w = model.params["w"]
    opt = make(model)
    run(opt, model, 1)
    buffers = {k: v for k, v in opt.state_for(model, "w").items() if k != "t"}
    run(opt, model, 3)

    assert model.params["w"] is w
    assert w.dtype == np.float32
    assert np.all(np.abs(w) < [1.0, 2.0])
    for name, array in opt.state_for(model, "w").items():
        if name != "t":
            assert array is buffers[name]
            assert array.dtype == np.float32


@pytest.mark.parametrize("make", OPTIMISERS)
def test_every_optimiser_descends_the_quadratic(make):
    """Does each optimiser lower the loss over a hundred steps?"""
    model = Quadratic([1.0, -2.0], [1.0, 3.0])
    start = 0.5 * np.sum(model.a * model.params["w"] ** 2)
    run(make(model), model, 100)
    end = 0.5 * np.sum(model.a * model.params["w"] ** 2)
    assert end < 0.5 * start


def test_step_walks_nested_layers_and_keeps_state_per_layer():
    """Are parameters inside sublayers updated, each with its own state?"""
    inner, outer = Quadratic([1.0], [1.0]), Quadratic([1.0], [4.0])
    model = Stack(Stack(inner), outer)
    opt = SGD(model, lr=0.1, momentum=0.5)
    inner.fill_grad()
    outer.fill_grad()
    opt.step()

    np.testing.assert_allclose(inner.params["w"], [1 - 0.1 * 1])
    np.testing.assert_allclose(outer.params["w"], [1 - 0.1 * 4])
    np.testing.assert_allclose(opt.state_for(inner, "w")["velocity"], [1.0])
    np.testing.assert_allclose(opt.state_for(outer, "w")["velocity"], [4.0])


def test_parameters_without_gradient_are_left_alone():
    """Does step skip a key that has no gradient (e.g. after zero_grad)?"""
    model = Quadratic([1.0, -2.0], [1.0, 3.0])
    opt = Adam(model)
    model.fill_grad()
    opt.zero_grad()
    assert model.grads == {}
    opt.step()

    np.testing.assert_array_equal(model.params["w"], [1.0, -2.0])
    assert opt.state_for(model, "w") == {}


def test_changing_lr_between_steps_takes_effect():
    """Does a new lr (as a schedule sets it) apply from the next step?"""
    model = Quadratic([1.0], [1.0])
    opt = SGD(model, lr=0.1)
    run(opt, model, 1)
    opt.lr = 0.5
    (p2,) = run(opt, model, 1)
    np.testing.assert_allclose(p2, [0.9 - 0.5 * 0.9])


def test_a_replaced_parameter_array_starts_with_fresh_state():
    """If params[key] is a new array, is the old velocity forgotten?"""
    model = Quadratic([1.0], [1.0])
    opt = SGD(model, lr=0.1, momentum=0.9)
    run(opt, model, 2)
    model.params["w"] = np.array([1.0])
    (p,) = run(opt, model, 1)
    np.testing.assert_allclose(p, [0.9])
    assert opt.state_for(model, "w")["t"] == 1


def test_reset_forgets_the_state():
    """After reset, does the next step behave like the first one?"""
    model = Quadratic([1.0], [1.0])
    opt = SGD(model, lr=0.1, momentum=0.9)
    (p2,) = run(opt, model, 2)[1:]
    opt.reset()
    assert opt.state == {}
    (p3,) = run(opt, model, 1)
    np.testing.assert_allclose(p3, p2 - 0.1 * p2)   # no velocity left: v = g


def test_repr_shows_the_settings():
    """Does the repr name the optimiser and its hyperparameters?"""
    opt = Adam(Quadratic([1.0], [1.0]), lr=0.01)
    assert repr(opt) == "Adam(lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.0)"


def test_gradient_of_the_wrong_shape_is_named():
    """Does a gradient of the wrong shape raise with the layer and key?"""
    model = Quadratic([1.0, 2.0], [1.0, 1.0])
    model.grads["w"] = np.ones((2, 1))
    with pytest.raises(ValueError, match=r"Quadratic.grads\['w'\] has shape \(2, 1\) "
                                         r"but params\['w'\] has shape \(2,\)"):
        SGD(model).step()


def test_integer_parameter_is_refused():
    """Does an integer parameter raise a TypeError that suggests a float dtype?"""
    model = Quadratic([1, 2], [1, 1], dtype=np.int64)
    model.fill_grad()
    with pytest.raises(TypeError, match="must be a floating-point ndarray.*int64"):
        SGD(model).step()


@pytest.mark.parametrize("build, message", [
    (lambda m: SGD([m]), "model must be a dlkit Layer.*got list"),
    (lambda m: SGD(m, lr=-0.1), r"lr must be in \[0, inf\); got -0.1"),
    (lambda m: SGD(m, lr="0.1"), "lr must be a number; got str"),
    (lambda m: SGD(m, momentum=1.0), r"momentum must be in \[0, 1\); got 1.0"),
    (lambda m: SGD(m, nesterov=True), "nesterov=True needs a momentum above 0"),
    (lambda m: RMSProp(m, eps=0.0), r"eps must be in \(0, inf\); got 0.0"),
    (lambda m: Adam(m, betas=0.9), r"betas must be a pair \(b1, b2\)"),
    (lambda m: Adam(m, betas=(0.9, 1.5)), r"betas\[1\] must be in \[0, 1\)"),
    (lambda m: AdamW(m, weight_decay=-1), r"weight_decay must be in \[0, inf\)"),
])
def test_bad_settings_raise_clear_errors(build, message):
    """Is each invalid setting refused with a message naming the argument?"""
    model = Quadratic([1.0], [1.0])
    with pytest.raises((TypeError, ValueError), match=message):
        build(model)


def test_setting_a_negative_lr_later_is_refused():
    """Does assigning optimizer.lr check the value too?"""
    opt = SGD(Quadratic([1.0], [1.0]))
    with pytest.raises(ValueError, match=r"lr must be in \[0, inf\); got -1.0"):
        opt.lr = -1.0


def two_layer_grads(g1, g2):
    first, second = Quadratic(np.zeros(len(g1)), 0), Quadratic(np.zeros(len(g2)), 0)
    first.grads["w"] = np.array(g1, dtype=float)
    second.grads["w"] = np.array(g2, dtype=float)
    return Stack(first, second), first, second


def test_clip_grad_norm_scales_all_gradients_together():
    """Is the global norm sqrt(3**2 + 4**2 + 12**2) = 13, and halved to 6.5?"""
    model, first, second = two_layer_grads([3.0, 4.0], [12.0])
    norm = clip_grad_norm(model, max_norm=6.5)

    assert norm == pytest.approx(13.0)
    np.testing.assert_allclose(first.grads["w"], [1.5, 2.0])
    np.testing.assert_allclose(second.grads["w"], [6.0])


def test_clip_grad_norm_leaves_small_gradients_alone():
    """Below max_norm, are the gradients untouched (and the norm returned)?"""
    model, first, second = two_layer_grads([3.0, 4.0], [12.0])
    assert clip_grad_norm(model, max_norm=20.0) == pytest.approx(13.0)
    np.testing.assert_array_equal(first.grads["w"], [3.0, 4.0])


def test_clip_grad_norm_leaves_non_finite_gradients_for_the_caller():
    """With an inf in a gradient, is inf returned and nothing scaled?"""
    model, first, second = two_layer_grads([np.inf, 1.0], [1.0])
    assert clip_grad_norm(model, max_norm=1.0) == math.inf
    np.testing.assert_array_equal(second.grads["w"], [1.0])


def test_clip_grad_norm_keeps_float32():
    """Does clipping a float32 gradient keep it float32?"""
    model, first, _ = two_layer_grads([3.0, 4.0], [0.0])
    first.grads["w"] = first.grads["w"].astype(np.float32)
    clip_grad_norm(model, max_norm=1.0)
    assert first.grads["w"].dtype == np.float32
    np.testing.assert_allclose(first.grads["w"], [0.6, 0.8], rtol=1e-6)


def test_clip_grad_value_clips_each_entry():
    """Are entries outside [-limit, limit] set to the nearest bound?"""
    model, first, second = two_layer_grads([3.0, -0.5], [-12.0])
    clip_grad_value(model, limit=1.0)
    np.testing.assert_array_equal(first.grads["w"], [1.0, -0.5])
    np.testing.assert_array_equal(second.grads["w"], [-1.0])


@pytest.mark.parametrize("clip, arg", [(clip_grad_norm, "max_norm"),
                                       (clip_grad_value, "limit")])
def test_clipping_needs_a_positive_bound(clip, arg):
    """Is a bound of 0 refused with a message naming the argument?"""
    model, _, _ = two_layer_grads([1.0], [1.0])
    with pytest.raises(ValueError, match=rf"{arg} must be in \(0, inf\); got 0.0"):
        clip(model, 0.0)
