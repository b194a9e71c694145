"""mlp._fast.fit gives the floats of the readable loop mlp.train.fit, bit for bit."""

import itertools

import numpy as np
import pytest

import mlp
from mlp import _fast, train
from tests.helpers import copies, same_arrays

GRID = list(itertools.product(
    [[3, 2], [3, 4, 2], [3, 5, 4, 2], [3, 4, 1]],  # depths 1-3 layers; one output
    ["mse", "sse"],
    [True, False],                       # bias
    ["float64", "float32"],
    [1, 4, None],                        # batch size: 1, k, full
    [False, True],                       # shuffled
    ["auto", "epoch", "batches"],
))


def run(fit, net, X, y, learn_rate, **options):
    """Train copies of `net`'s parameters with `fit`; the losses or the error, and the parameters."""
    W, b = copies(net.weights), None if net.biases is None else copies(net.biases)
    try:
        outcome = fit(W, b, net.activations, X, y, learn_rate=learn_rate, **options)
    except FloatingPointError as exc:
        outcome = str(exc)
    return outcome, W + (b or [])


@pytest.mark.parametrize("sizes, loss, bias, dtype, batch_size, shuffle, history", GRID)
@pytest.mark.parametrize("output", ["sigmoid", "identity"])
def test_fast_fit_is_the_readable_loop_bit_for_bit(
    sizes, loss, bias, dtype, batch_size, shuffle, history, output
):
    data = np.random.default_rng(0)
    X = data.normal(size=(10, 3)).astype(dtype)
    y = data.random((10, sizes[-1])).astype(dtype)
    net = mlp.Network.random(sizes, rng=1, bias=bias, dtype=dtype, output_activation=output)
    options = dict(epochs=4, loss=loss, batch_size=batch_size, history=history)
    results = [
        run(fit, net, X, y, 0.9, rng=np.random.default_rng(7) if shuffle else None, **options)
        for fit in (train.fit, _fast.fit)
    ]
    (readable, W_readable), (fast, W_fast) = results
    assert same_arrays(W_readable, W_fast)
    if isinstance(readable, str):
        assert readable == fast
    else:
        assert same_arrays([readable], [fast])


@pytest.mark.parametrize("hidden", ["tanh", "relu", "identity"])
@pytest.mark.parametrize("output", ["sigmoid", "tanh", "identity"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("batch_size", [3, None])
def test_fast_fit_is_the_readable_loop_for_every_activation(hidden, output, dtype, batch_size):
    data = np.random.default_rng(1)
    X = data.normal(size=(10, 3)).astype(dtype)
    y = data.random((10, 2)).astype(dtype)
    net = mlp.Network.random([3, 5, 4, 2], rng=2, dtype=dtype, activation=hidden,
                             output_activation=output)
    (readable, W_readable), (fast, W_fast) = [
        run(fit, net, X, y, 0.1, epochs=3, batch_size=batch_size) for fit in (train.fit, _fast.fit)
    ]
    assert same_arrays(W_readable, W_fast)
    assert same_arrays([readable], [fast])


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("batch_size, shuffle", [(1, True), (3, True), (None, False)])
@pytest.mark.parametrize("history", ["auto", "epoch", "batches"])
def test_fast_fit_is_the_readable_loop_for_the_cross_entropy(output, dtype, batch_size,
                                                              shuffle, history):
    data = np.random.default_rng(2)
    X = data.normal(size=(10, 3)).astype(dtype)
    y = np.eye(3, dtype=dtype)[data.integers(0, 3, 10)]
    net = mlp.Network.random([3, 5, 3], rng=3, dtype=dtype, output_activation=output)
    options = dict(epochs=4, loss="cross_entropy", batch_size=batch_size, history=history)
    (readable, W_readable), (fast, W_fast) = [
        run(fit, net, X, y, 0.9, rng=np.random.default_rng(7) if shuffle else None, **options)
        for fit in (train.fit, _fast.fit)
    ]
    assert same_arrays(W_readable, W_fast)
    assert same_arrays([readable], [fast])


def test_both_loops_stop_on_divergence_with_the_same_weights_and_message():
    net = mlp.Network.random([3, 4, 2], rng=3, output_activation="identity")
    X, y = np.random.default_rng(0).normal(size=(9, 3)) * 1e3, np.zeros((9, 2))
    options = dict(epochs=30, loss="mse", batch_size=3, history="epoch")
    (readable, W_readable), (fast, W_fast) = [
        run(fit, net, X, y, 1e6, rng=None, **options) for fit in (train.fit, _fast.fit)
    ]
    assert readable.startswith("training diverged") and readable == fast
    assert same_arrays(W_readable, W_fast)
    assert np.isfinite(np.concatenate([P.ravel() for P in W_fast])).all()


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("values", [200, 2000])  # both ways of _sigmoid's select: below and above 1024
def test_in_place_sigmoid_and_its_slope_are_mlps_bit_for_bit(dtype, values):
    info = np.finfo(dtype)
    edges = [0.0, -0.0, 1.0, -1.0, 30.0, -30.0, 800.0, -800.0, info.max, -info.max,
             info.tiny, -info.tiny, np.inf, -np.inf, np.nan]
    h = np.concatenate([edges, np.random.default_rng(0).normal(scale=20, size=values)])
    h = h.astype(dtype).reshape(-1, 5)
    want = mlp.sigmoid(h)
    got = _fast._sigmoid(h.copy())
    assert got.dtype == want.dtype
    assert np.array_equal(got, want, equal_nan=True)
    assert np.array_equal(np.signbit(got), np.signbit(want))
    assert np.array_equal(_fast._sigmoid_prime_from_output(want),
                          mlp.sigmoid_prime_from_output(want), equal_nan=True)
