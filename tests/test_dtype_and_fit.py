"""The dtype is kept everywhere; fit's fast loop computes what the plain one did."""

import numpy as np
import pytest

import mlp
from mlp import Network
from tests.helpers import copies, same_network

DTYPES = ["float64", "float32"]
# (hidden, output, loss): every elementwise activation throughout with the
# squared error, and the two outputs of the cross-entropy.
LAYERS = [(act, act, "mse") for act, f in mlp.ACTIVATIONS.items() if f.elementwise] + [
    ("tanh", "sigmoid", "cross_entropy"), ("sigmoid", "softmax", "cross_entropy")]


def _data(m=12, n_in=3, n_out=2, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, n_in)), rng.normal(size=(m, n_out)) * 0.3


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("hidden, output, loss", LAYERS)
def test_dtype_kept_through_forward_backward_step(dtype, hidden, output, loss):
    X, y = _data()  # float64 inputs: cast once at the boundary
    if loss == "cross_entropy":
        y = mlp.softmax(y)
    net = Network.random([3, 4, 2], rng=1, activation=hidden, output_activation=output,
                         dtype=dtype)
    record = net.forward(X)
    assert all(v.dtype == dtype for v in record.h + record.a)
    grads = net.backward(record, y, loss)
    assert all(g.dtype == dtype for g in grads.dE_dW + grads.dE_db + grads.delta)
    assert isinstance(net.loss(X, y, loss), float)
    Ws = list(net.weights)
    net.step(X, y, 0.1, loss)
    assert all(W.dtype == dtype for W in net.parameters())
    assert all(W is V for W, V in zip(net.weights, Ws))  # updated in place
    assert net.predict(X).dtype == dtype
    assert net.predict(X[0]).dtype == dtype


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("batch_size", [None, 5])
@pytest.mark.parametrize("history", ["epoch", "batches"])
def test_fit_keeps_dtype_and_the_callers_arrays(dtype, batch_size, history):
    X, y = _data()
    net = Network.random([3, 4, 2], rng=1, dtype=dtype)
    arrays = net.parameters()
    before = copies(arrays)
    losses = net.fit(X, y, epochs=3, learn_rate=0.5, batch_size=batch_size, history=history)
    assert losses.shape == (3,) and np.isfinite(losses).all()
    # fit trains a flat copy, then writes the result into the same arrays
    assert all(P is Q for P, Q in zip(arrays, net.parameters()))
    assert all(P.dtype == dtype for P in arrays)
    assert not any(np.array_equal(P, Q) for P, Q in zip(arrays, before))


def test_float32_input_cast_once_equals_casting_first():
    X, y = _data()
    a = Network.random([3, 4, 2], rng=1, dtype="float32")
    b = Network.random([3, 4, 2], rng=1, dtype="float32")
    ha = a.fit(X, y, epochs=4, learn_rate=0.5, batch_size=5)
    hb = b.fit(X.astype(np.float32), y.astype(np.float32), epochs=4, learn_rate=0.5, batch_size=5)
    np.testing.assert_array_equal(ha, hb)
    assert same_network(a, b)


def test_float32_follows_float64_closely():
    X, y = _data()
    nets = {dt: Network.random([3, 4, 2], rng=1, dtype=dt) for dt in DTYPES}
    hist = {dt: net.fit(X, y, epochs=20, learn_rate=0.5) for dt, net in nets.items()}
    np.testing.assert_allclose(hist["float32"], hist["float64"], rtol=1e-5)
    for P, Q in zip(nets["float32"].weights, nets["float64"].weights):
        np.testing.assert_allclose(P, Q, rtol=1e-4, atol=1e-6)


def _plain_fit(net, X, y, epochs, learn_rate, batch_size, loss):
    """fit as the textbook writes it: step() per batch, loss() per epoch."""
    m = X.shape[0]
    size = batch_size or m
    out = []
    for _ in range(epochs):
        for start in range(0, m, size):
            net.step(X[start:start + size], y[start:start + size], learn_rate, loss=loss)
        out.append(net.loss(X, y, loss=loss))
    return np.array(out)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("batch_size", [None, 1, 5])
@pytest.mark.parametrize("loss", ["mse", "sse"])
@pytest.mark.parametrize("output", ["sigmoid", "identity"])
def test_fit_is_bit_for_bit_the_textbook_loop(dtype, batch_size, loss, output):
    X, y = _data()
    fast = Network.random([3, 4, 5, 2], rng=2, output_activation=output, dtype=dtype)
    slow = Network.random([3, 4, 5, 2], rng=2, output_activation=output, dtype=dtype)
    lr = 0.05 if loss == "sse" else 0.5
    h_fast = fast.fit(X, y, epochs=4, learn_rate=lr, batch_size=batch_size, loss=loss,
                      history="epoch")
    h_slow = _plain_fit(slow, X, y, 4, lr, batch_size, loss)
    np.testing.assert_array_equal(h_fast, h_slow)
    assert same_network(fast, slow)


def test_history_batches_full_batch_is_the_loss_before_each_step():
    X, y = _data()
    a = Network.random([3, 4, 2], rng=1)
    b = Network.random([3, 4, 2], rng=1)
    start = b.loss(X, y)
    after = a.fit(X, y, epochs=5, learn_rate=0.5)
    before = b.fit(X, y, epochs=5, learn_rate=0.5, history="batches")
    assert before[0] == start
    np.testing.assert_array_equal(before[1:], after[:-1])
    for P, Q in zip(a.weights, b.weights):
        np.testing.assert_array_equal(P, Q)


@pytest.mark.parametrize("loss", ["mse", "sse"])
def test_history_batches_mini_batch(loss):
    X, y = _data(m=11)
    net = Network.random([3, 4, 2], rng=1)
    ref = Network.random([3, 4, 2], rng=1)
    got = net.fit(X, y, epochs=2, learn_rate=0.3, batch_size=4, loss=loss, history="batches")
    want = []
    for _ in range(2):
        sse = 0.0
        for start in range(0, 11, 4):
            Xb, yb = X[start:start + 4], y[start:start + 4]
            sse += ref.loss(Xb, yb, loss="sse")
            ref.step(Xb, yb, 0.3, loss=loss)
        want.append(sse / 11 if loss == "mse" else sse)
    np.testing.assert_allclose(got, want, rtol=1e-14)


@pytest.mark.parametrize("batch_size, shuffle, same_as", [
    (None, False, "epoch"), (11, True, "epoch"), (20, False, "epoch"),
    (4, False, "batches"), (1, True, "batches"),
])
def test_history_auto_is_the_epoch_loss_with_one_batch_else_the_batches(
    batch_size, shuffle, same_as
):
    X, y = _data(m=11)
    runs = {}
    for history in ("default", "auto", "epoch", "batches"):
        net = Network.random([3, 4, 2], rng=1)
        chosen = {} if history == "default" else {"history": history}
        runs[history] = net.fit(X, y, epochs=3, learn_rate=0.5, batch_size=batch_size,
                                shuffle=shuffle, rng=5, **chosen), net
    other = runs["batches" if same_as == "epoch" else "epoch"][0]
    for kind in ("default", "auto"):
        np.testing.assert_array_equal(runs[kind][0], runs[same_as][0])
        assert not np.array_equal(runs[kind][0], other)
        assert same_network(runs[kind][1], runs[same_as][1])


def test_history_is_checked():
    X, y = _data()
    with pytest.raises(ValueError, match="history"):
        Network.random([3, 4, 2], rng=1).fit(X, y, epochs=1, learn_rate=0.1, history="batch")


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_is_bit_for_bit_the_where_form(dtype):
    rng = np.random.default_rng(3)
    h = np.concatenate([rng.normal(size=500) * 40, [-0.0, 0.0, -745.2, -800, 800, np.inf, -np.inf]])
    h = h.astype(dtype)
    e = np.exp(-np.abs(h))
    s = 1 / (1 + e)
    want = np.where(h >= 0, s, e * s)
    got = mlp.sigmoid(h)
    assert got.dtype == dtype
    np.testing.assert_array_equal(got, want)
    assert mlp.sigmoid(0.0).shape == ()
    assert np.isnan(mlp.sigmoid(np.nan))
