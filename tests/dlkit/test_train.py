"""fit, evaluate and predict: learning small problems, early stopping, errors."""

import warnings

import numpy as np
import pytest

from dlkit.nn import (
    BCEWithLogitsLoss,
    Dense,
    Layer,
    MSELoss,
    ReLU,
    Sequential,
    SoftmaxCrossEntropy,
    Tanh,
)
from dlkit.optim import SGD, Adam, StepDecay
from dlkit.train import DivergenceWarning, History, evaluate, fit, predict

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=np.float64)


def xor_model(seed=0):
    rng = np.random.default_rng(seed)
    return Sequential(Dense(2, 8, rng=rng), Tanh(), Dense(8, 1, rng=rng))


def blobs(n=240, seed=0):
    """Three well separated Gaussian blobs in the plane, labels 0, 1, 2."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, n)
    centers = np.array([[0.0, 0.0], [3.0, 3.0], [0.0, 4.0]])
    return centers[labels] + 0.7 * rng.standard_normal((n, 2)), labels


def blob_model(seed=0, classes=3):
    rng = np.random.default_rng(seed)
    return Sequential(Dense(2, 16, init="he", rng=rng), ReLU(),
                      Dense(16, classes, rng=rng))


class ModeProbe(Layer):
    """Identity that remembers the training flag of every forward pass."""

    def __init__(self):
        super().__init__()
        self.modes = []

    def forward(self, x):
        self.modes.append(self.training)
        return x


def test_mlp_learns_xor():
    """Does a 2-8-1 tanh network trained with fit classify all four XOR points?"""
    model = xor_model()
    history = fit(model, BCEWithLogitsLoss(), Adam(model, lr=0.05), XOR_X, XOR_Y,
                  epochs=300, batch_size=4, verbose=False)

    assert history.metrics["accuracy"][-1] == 1.0
    assert history.loss[-1] < 0.01 < history.loss[0]
    logits = predict(model, XOR_X)
    np.testing.assert_array_equal(logits[:, 0] > 0, [False, True, True, False])


def test_mlp_learns_blobs_with_validation():
    """Does fit reach high validation accuracy on three blobs, and record it?"""
    x, y = blobs()
    model = blob_model()
    history = fit(model, SoftmaxCrossEntropy(), Adam(model, lr=0.01), x[:160],
                  y[:160], epochs=15, batch_size=32, validation_data=(x[160:],
                  y[160:]), metrics=("accuracy", "f1"), verbose=False)

    assert history.val_metrics["accuracy"][-1] >= 0.95
    assert history.val_metrics["f1"][-1] >= 0.95
    assert len(history.loss) == len(history.val_loss) == len(history.lr) == 15
    assert history["val_accuracy"] is history.val_metrics["accuracy"]
    assert history.val_loss[-1] < history.val_loss[0]
    result = evaluate(model, SoftmaxCrossEntropy(), x[160:], y[160:],
                      metrics=["accuracy"])
    assert result["loss"] == pytest.approx(history.val_loss[-1])
    assert result["accuracy"] == history.val_metrics["accuracy"][-1]


def flipped_validation():
    """Validation labels opposite to the training ones: val loss rises as fit learns."""
    x, y = blobs(n=120)
    y = (y == 1).astype(np.int64)
    return x, y, (x, 1 - y)


def test_early_stopping_stops_and_restores_the_best_weights():
    """When val loss only rises, does fit stop after `patience` epochs and go back?"""
    x, y, val = flipped_validation()
    model = blob_model(classes=2)
    history = fit(model, SoftmaxCrossEntropy(), Adam(model, lr=0.02), x, y,
                  epochs=50, batch_size=16, validation_data=val,
                  early_stopping=3, verbose=False)

    assert history.stopped_early
    assert history.best_epoch == 0 and history.epochs == 4
    assert history.val_loss[-1] > history.val_loss[0]
    restored = evaluate(model, SoftmaxCrossEntropy(), *val)["loss"]
    assert restored == pytest.approx(history.val_loss[0], rel=1e-6)


def test_without_restore_the_last_weights_stay():
    """With restore_best=False, does the model keep the last epoch's weights?"""
    x, y, val = flipped_validation()
    model = blob_model(classes=2)
    history = fit(model, SoftmaxCrossEntropy(), Adam(model, lr=0.02), x, y,
                  epochs=50, batch_size=16, validation_data=val,
                  early_stopping=3, restore_best=False, verbose=False)
    last = evaluate(model, SoftmaxCrossEntropy(), *val)["loss"]
    assert last == pytest.approx(history.val_loss[-1], rel=1e-6)


def test_best_weights_are_restored_even_without_stopping():
    """If patience never runs out, does the model still end at its best epoch?"""
    x, y, val = flipped_validation()
    model = blob_model(classes=2)
    history = fit(model, SoftmaxCrossEntropy(), Adam(model, lr=0.02), x, y,
                  epochs=3, batch_size=16, validation_data=val,
                  early_stopping=10, verbose=False)
    assert not history.stopped_early and history.best_epoch == 0
    restored = evaluate(model, SoftmaxCrossEntropy(), *val)["loss"]
    assert restored == pytest.approx(history.val_loss[0], rel=1e-6)


def test_min_delta_ignores_small_improvements():
    """With min_delta larger than any change, does fit stop after patience epochs?"""
    x, y = blobs(n=96)
    model = blob_model()
    history = fit(model, SoftmaxCrossEntropy(), Adam(model, lr=0.01), x, y,
                  epochs=20, validation_data=(x, y), early_stopping=2,
                  min_delta=100.0, verbose=False)
    assert history.stopped_early and history.epochs == 3
    assert history.best_epoch == 0
    assert history.val_loss[-1] < history.val_loss[0]   # it did improve, a little


def test_the_same_seed_gives_the_same_model():
    """Do two runs with rng=3 end with identical weights, and rng=4 differently?"""
    x, y = blobs(n=64)
    weights = []
    for seed in (3, 3, 4):
        model = blob_model()
        fit(model, SoftmaxCrossEntropy(), SGD(model, lr=0.1), x, y, epochs=2,
            batch_size=8, rng=seed, verbose=False)
        weights.append(model[0].params["W"].copy())
    np.testing.assert_array_equal(weights[0], weights[1])
    assert not np.array_equal(weights[0], weights[2])


def test_a_generator_is_used_for_shuffling():
    """Does passing a Generator draw the shuffles from it?"""
    x, y = blobs(n=32)
    rng = np.random.default_rng(0)
    before = rng.bit_generator.state["state"]["state"]
    model = blob_model()
    fit(model, SoftmaxCrossEntropy(), SGD(model), x, y, epochs=1, rng=rng,
        verbose=False)
    assert rng.bit_generator.state["state"]["state"] != before


def test_epoch_schedule_sets_the_rate_of_each_epoch():
    """With StepDecay(0.1, 2, 0.5) per epoch, is the recorded lr per epoch right?"""
    x, y = blobs(n=32)
    model = blob_model()
    optimizer = SGD(model, lr=1.0)
    history = fit(model, SoftmaxCrossEntropy(), optimizer, x, y, epochs=5,
                  batch_size=8, schedule=StepDecay(0.1, step_size=2, gamma=0.5),
                  verbose=False)
    assert history.lr == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])
    assert optimizer.lr == pytest.approx(0.025)


def test_batch_schedule_counts_mini_batches():
    """With schedule_every='batch', does the last of 3 x 4 steps use step 11?"""
    x, y = blobs(n=32)
    model = blob_model()
    optimizer = SGD(model)
    seen = []

    def schedule(step):
        seen.append(step)
        return 0.01

    fit(model, SoftmaxCrossEntropy(), optimizer, x, y, epochs=3, batch_size=8,
        schedule=schedule, schedule_every="batch", verbose=False)
    assert seen == list(range(12))


def test_clip_norm_limits_each_step():
    """With clip_norm tiny, does one SGD step move the weights by at most lr * it?"""
    x, y = blobs(n=16)
    model = blob_model()
    before = [p.copy() for layer in model.layers() for p in layer.params.values()]
    fit(model, SoftmaxCrossEntropy(), SGD(model, lr=0.5), x, y, epochs=1,
        batch_size=16, clip_norm=1e-3, verbose=False)
    after = [p for layer in model.layers() for p in layer.params.values()]
    pairs = zip(after, before, strict=True)
    moved = np.sqrt(sum(np.sum((a - b) ** 2) for a, b in pairs))
    assert 0 < moved <= 0.5 * 1e-3 * (1 + 1e-5)


def test_callable_metric_gets_targets_and_outputs():
    """Is a function metric called with (y, outputs of all N) and stored by name?"""
    x, y = blobs(n=40)
    calls = []

    def mean_output(y_true, output):
        calls.append((y_true.shape, output.shape))
        return float(output.mean())

    model = blob_model()
    history = fit(model, SoftmaxCrossEntropy(), SGD(model), x, y, epochs=2,
                  batch_size=16, metrics=[mean_output], verbose=False)
    assert calls == [((40,), (40, 3))] * 2
    assert len(history.metrics["mean_output"]) == 2


def test_float64_data_trains_a_float32_model_in_float32():
    """Do float64 inputs leave the float32 parameters float32?"""
    model = xor_model()
    fit(model, BCEWithLogitsLoss(), SGD(model, lr=0.1), XOR_X, XOR_Y, epochs=2,
        verbose=False)
    assert all(p.dtype == np.float32 for layer in model.layers()
               for p in layer.params.values())
    assert predict(model, XOR_X).dtype == np.float32


def test_evaluate_and_predict_run_in_eval_mode_and_restore_it():
    """Are evaluate and predict run with training=False, then set back?"""
    probe = ModeProbe()
    model = Sequential(Dense(2, 1, rng=0), probe)
    evaluate(model, MSELoss(), XOR_X, XOR_Y)
    predict(model, XOR_X)
    assert probe.modes == [False, False] and model.training and probe.training

    model.eval()
    fit(model, MSELoss(), SGD(model), XOR_X, XOR_Y, epochs=1, metrics=(),
        verbose=False)
    assert probe.modes[-1] is True            # trained in training mode
    assert not model.training                  # and handed back in eval mode


def test_predict_in_batches_equals_one_pass():
    """Are the outputs of batch_size=3 the same as of one forward pass?"""
    x, _ = blobs(n=10)
    model = blob_model()
    np.testing.assert_allclose(predict(model, x, batch_size=3),
                               model.forward(x.astype(np.float32)),
                               rtol=1e-5, atol=1e-6)          # float32 sums


def test_label_metrics_threshold_logits_at_zero_and_probabilities_at_half():
    """An output of 0.3 is class 1 as a logit (BCEWithLogits) but 0 otherwise."""
    model = Sequential(Dense(1, 1, rng=0, dtype=np.float64))
    model[0].params["W"][:] = 0.0
    model[0].params["b"][:] = 0.3
    x, ones = np.zeros((4, 1)), np.ones((4, 1))
    with_logits = evaluate(model, BCEWithLogitsLoss(), x, ones, metrics=["accuracy"])
    with_probabilities = evaluate(model, MSELoss(), x, ones, metrics=["accuracy"])
    assert with_logits["accuracy"] == 1.0
    assert with_probabilities["accuracy"] == 0.0


def test_one_hot_targets_are_read_as_labels():
    """With one-hot y, is accuracy computed from the argmax of each row?"""
    x, y = blobs(n=60)
    model = blob_model()
    labels = evaluate(model, SoftmaxCrossEntropy(), x, y, metrics=["accuracy"])
    one_hot = evaluate(model, SoftmaxCrossEntropy(), x, np.eye(3)[y],
                       metrics=["accuracy"])
    assert one_hot["accuracy"] == labels["accuracy"]
    assert one_hot["loss"] == pytest.approx(labels["loss"], rel=1e-6)


def test_evaluate_loss_is_the_mean_over_examples():
    """With batches of 3 and 1 examples, is the loss the per-example mean?"""
    model = Sequential(Dense(2, 1, rng=0))
    expected = MSELoss().forward(model.forward(XOR_X), XOR_Y.astype(np.float32))
    result = evaluate(model, MSELoss(), XOR_X, XOR_Y, batch_size=3)
    assert result == {"loss": pytest.approx(expected, rel=1e-6)}


def test_a_diverging_loss_stops_training_with_a_warning():
    """With a huge learning rate, does fit warn and stop instead of going on?"""
    x = np.linspace(-1, 1, 32)[:, None] * 100
    model = Sequential(Dense(1, 1, rng=0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)        # numpy's overflow
        with pytest.warns(DivergenceWarning, match=r"the training loss became "
                                                   r"(nan|inf).*lr=1e\+06"):
            history = fit(model, MSELoss(), SGD(model, lr=1e6), x, 3 * x,
                          epochs=50, batch_size=4, metrics=(), verbose=False)
    assert history.stopped_early and history.epochs < 50
    assert len(history.lr) == len(history.loss)


def test_verbose_shows_one_line_on_stderr_and_nothing_on_stdout(capsys):
    """Outside a notebook, does verbose=True write the bar to stderr only?"""
    model = xor_model()
    fit(model, BCEWithLogitsLoss(), SGD(model), XOR_X, XOR_Y, epochs=3,
        batch_size=2)
    out, err = capsys.readouterr()
    assert out == ""
    assert "training [====================] 6/6  epoch 3/3  loss" in err


def test_verbose_false_is_silent(capsys):
    """With verbose=False, is nothing written at all?"""
    model = xor_model()
    fit(model, BCEWithLogitsLoss(), SGD(model), XOR_X, XOR_Y, epochs=2,
        verbose=False)
    assert capsys.readouterr() == ("", "")


def test_history_reads_by_name_and_summarises():
    """Does History give lists by name, a dict, and a short repr?"""
    history = History(loss=[0.5, 0.25], val_loss=[0.6, 0.4],
                      metrics={"accuracy": [0.7, 0.9]},
                      val_metrics={"accuracy": [0.6, 0.8]}, lr=[0.1, 0.1])
    assert history.epochs == 2
    assert list(history.as_dict()) == ["loss", "val_loss", "accuracy",
                                       "val_accuracy", "lr"]
    assert repr(history) == ("History(epochs=2, loss=0.25, val_loss=0.4, "
                             "accuracy=0.9, val_accuracy=0.8)")
    with pytest.raises(KeyError, match="History has no 'acc'; it has"):
        history["acc"]


def other_model_optimizer(model):
    return SGD(xor_model())


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(y=XOR_Y[:3]), ValueError,
     r"x and y must have the same number of examples \(first axis\); got 4 and "
     r"3\. Check that the labels belong"),
    (dict(batch_size=0), ValueError, "batch_size must be at least 1; got 0"),
    (dict(batch_size=2.0), TypeError, "batch_size must be an int; got float"),
    (dict(epochs=0), ValueError, "epochs must be at least 1; got 0"),
    (dict(x=XOR_X[:0], y=XOR_Y[:0]), ValueError, "x and y are empty"),
    (dict(early_stopping=2), ValueError,
     r"early_stopping watches the validation loss; pass validation_data"),
    (dict(validation_data=XOR_X), TypeError,
     r"validation_data must be a pair \(x_val, y_val\); got ndarray"),
    (dict(validation_data=(XOR_X, XOR_Y[:2])), ValueError,
     "x_val and y_val must have the same number of examples"),
    (dict(metrics=["auc"]), ValueError, "unknown metric 'auc'; choose from"),
    (dict(y=XOR_Y + 0.25, loss=MSELoss()), ValueError,
     r"metric 'accuracy' needs class labels in y, but y holds non-integer values "
     r"such as 0\.25 \(a regression target\?\)\. Pass metrics=\(\)"),
    (dict(optimizer=other_model_optimizer), ValueError,
     "optimizer was built on another model"),
    (dict(optimizer=lambda m: "sgd"), TypeError, "optimizer must have a step"),
    (dict(loss=BCEWithLogitsLoss), TypeError,
     r"loss must be a loss object .* Pass an instance: MSELoss\(\), not MSELoss"),
    (dict(model="mlp"), TypeError, "model must be a dlkit Layer"),
    (dict(schedule_every="step"), ValueError,
     "schedule_every must be 'epoch' or 'batch'; got 'step'"),
    (dict(schedule=0.1), TypeError, "schedule must be a Schedule or a function"),
    (dict(min_delta=-0.1), ValueError,
     "min_delta must be a number of at least 0; got -0.1"),
    (dict(early_stopping=0, validation_data=(XOR_X, XOR_Y)), ValueError,
     "early_stopping must be at least 1; got 0"),
])
def test_fit_refuses_bad_arguments_clearly(kwargs, error, message):
    """Is each misuse of fit refused before training, naming the argument?"""
    model = kwargs.pop("model", xor_model())
    make_optimizer = kwargs.pop("optimizer", lambda m: SGD(m))
    args = dict(loss=BCEWithLogitsLoss(), x=XOR_X, y=XOR_Y)
    args.update(kwargs)
    optimizer = make_optimizer(model) if isinstance(model, Layer) else None
    with pytest.raises(error, match=message):
        fit(model, args.pop("loss"), optimizer, args.pop("x"), args.pop("y"),
            verbose=False, **args)


def test_evaluate_and_predict_refuse_bad_arguments():
    """Are mismatched lengths and a zero batch size refused by name?"""
    model = xor_model()
    with pytest.raises(ValueError, match="x and y must have the same number"):
        evaluate(model, MSELoss(), XOR_X, XOR_Y[:2])
    with pytest.raises(ValueError, match="batch_size must be at least 1; got 0"):
        predict(model, XOR_X, batch_size=0)
    with pytest.raises(ValueError, match=r"x must hold at least one example"):
        predict(model, XOR_X[:0])


@pytest.mark.notebook
def test_fit_with_a_progress_bar_runs_headless_in_a_kernel():
    """Executed by nbclient without a browser, does a verbose fit finish cleanly?"""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import numpy as np\n"
        "from dlkit.nn import BCEWithLogitsLoss, Dense, Sequential, Tanh\n"
        "from dlkit.optim import Adam\n"
        "from dlkit.train import fit\n"
        "x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)\n"
        "y = np.array([[0], [1], [1], [0]], dtype=float)\n"
        "model = Sequential(Dense(2, 8, rng=0), Tanh(), Dense(8, 1, rng=1))\n"
        "history = fit(model, BCEWithLogitsLoss(), Adam(model, lr=0.05), x, y,\n"
        "              epochs=5, batch_size=2)\n")]
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()

    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data"]
    assert "training [====================] 10/10  epoch 5/5" in \
        outputs[0].data["text/plain"]
