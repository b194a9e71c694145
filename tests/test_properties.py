"""Properties that must hold for every architecture, not just the worked ones.

Hypothesis draws the architecture (0 to 4 hidden layers of 1 to 8 units,
with or without biases, every activation for the hidden and the output
layer), the weights (from a seed), and the batch.
"""

import os
import tempfile
import warnings

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import mlp
from tests.helpers import copies, copy_of, params, same_arrays

ACTS = sorted(mlp.ACTIVATIONS)
HIDDEN = [name for name in ACTS if mlp.ACTIVATIONS[name].elementwise]


def losses_for(output):
    """The losses whose output error term is derived for this output activation."""
    return sorted(name for name, loss in mlp.LOSSES.items() if output in loss.outputs)


def mean_loss(net):
    """A loss with weight 1/m that trains `net`: mse, or the cross-entropy for a softmax."""
    return "cross_entropy" if net.output_activation == "softmax" else "mse"

# Modest example counts keep the whole file to a few seconds; deadline=None
# because timing on a shared machine is noise, not a property.
FAST = settings(max_examples=60, deadline=None)


@st.composite
def networks(draw, dtypes=("float64",)):
    """A random Network: architecture, activations, bias, dtype and weights."""
    n_hidden = draw(st.integers(0, 4))
    sizes = draw(st.lists(st.integers(1, 8), min_size=n_hidden + 2, max_size=n_hidden + 2))
    bias = draw(st.booleans())
    activation = draw(st.sampled_from(HIDDEN))
    output_activation = draw(st.sampled_from(ACTS))
    if output_activation == "softmax":  # a softmax over one output is refused
        sizes[-1] = max(sizes[-1], 2)
    dtype = draw(st.sampled_from(dtypes))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = mlp.Network.random(
        sizes, rng=rng, bias=bias, activation=activation,
        output_activation=output_activation, dtype=dtype,
    )
    if bias:
        # Biases start at zero; give them values so that their gradients
        # and their part in h are exercised too.
        for b in net.biases:
            b[...] = rng.normal(0.0, 0.5, b.shape)
    return net


@st.composite
def batches(draw, net, low=-3.0, high=3.0):
    """Inputs X of shape (m, n_in) and targets y of shape (m, n_out) for `net`."""
    m = draw(st.integers(1, 6))
    n_in, n_out = net.sizes[0], net.sizes[-1]
    values = st.floats(low, high, allow_nan=False, allow_infinity=False)
    X = draw(arrays(np.float64, (m, n_in), elements=values))
    y = draw(arrays(np.float64, (m, n_out), elements=st.floats(0.0, 1.0)))
    if net.output_activation == "softmax":  # each row a distribution
        y = (y + 1e-3) / (y + 1e-3).sum(axis=1, keepdims=True)
    return X, y


def relu_margin(net, X):
    """Smallest |h| over the ReLU layers: how far X is from a kink."""
    h = net.forward(X).h
    acts = [net.activation] * (len(h) - 1) + [net.output_activation]
    margins = [np.abs(hl).min() for hl, act in zip(h, acts) if act == "relu"]
    return min(margins, default=np.inf)


@FAST
@given(data=st.data())
def test_backprop_agrees_with_the_numerical_gradient(data):
    net = data.draw(networks())
    loss = data.draw(st.sampled_from(losses_for(net.output_activation)))
    X, y = data.draw(batches(net))
    eps = 1e-6
    # A central difference across a ReLU kink measures the average of two
    # slopes, not a derivative. Nudging a parameter by eps moves any h by
    # far less than 1e-3 here, so a margin of 1e-3 keeps every h on its side.
    assume(relu_margin(net, X) > 1e-3)
    exact = net.backward(net.forward(X), y, loss)
    approx = mlp.numerical_gradient(net, X, y, loss, eps=eps)
    # Error budget of the central difference: truncation ~ eps² |E'''| and
    # rounding ~ u |E| / eps with u = 2.2e-16, i.e. ~1e-10 for |E| ~ 1.
    # So: relative error 1e-6 above a floor of 1e-8 in absolute terms, both
    # far above that budget and far below any real backprop mistake (which
    # is off by O(|gradient|)).
    E = max(net.loss(X, y, loss), 1.0)
    floor = 1e-8 * E
    pairs = list(zip(exact.dE_dW, approx.dE_dW))
    if net.biases is not None:
        pairs += list(zip(exact.dE_db, approx.dE_db))
    for g, n in pairs:
        assert g.shape == n.shape
        err = np.abs(g - n)
        assert np.all(err <= 1e-6 * np.maximum(np.abs(g), np.abs(n)) + floor), (
            f"max abs error {err.max():.3g}"
        )


@FAST
@given(data=st.data(), learn_rate=st.floats(1e-3, 10.0))
def test_a_full_batch_step_is_the_mean_of_per_record_steps(data, learn_rate):
    net = data.draw(networks(dtypes=("float64", "float32")))
    X, y = data.draw(batches(net))
    m = X.shape[0]
    start = copies(params(net))

    batch, loss = copy_of(net), mean_loss(net)
    batch.step(X, y, learn_rate, loss=loss)
    batch_moves = [P - P0 for P, P0 in zip(params(batch), start)]

    record_moves = [np.zeros_like(P) for P in start]
    for i in range(m):
        single = copy_of(net)
        single.step(X[i], y[i], learn_rate, loss=loss)
        for acc, P, P0 in zip(record_moves, params(single), start):
            acc += (P - P0) / m

    # Both sides sum the same m products in different orders, so they agree
    # to a few roundings of the largest move; and each move is read back as
    # (W - η g) - W, which carries one rounding of |W| itself.
    u = float(np.finfo(net.dtype).eps)
    for B, R, P0 in zip(batch_moves, record_moves, start):
        assert B.dtype == net.dtype
        scale = max(float(np.abs(R).max()), float(np.abs(B).max()))
        atol = 64 * m * u * scale + 4 * u * float(np.abs(P0).max())
        np.testing.assert_allclose(B, R, rtol=0, atol=atol)


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_save_then_load_gives_identical_predictions(data):
    net = data.draw(networks(dtypes=("float64", "float32")))
    X, _ = data.draw(batches(net))
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "net.npz")
        net.save(path)
        back = mlp.Network.load(path)
    assert repr(back) == repr(net)
    for P, Q in zip(params(back), params(net)):
        assert P.dtype == Q.dtype and np.array_equal(P, Q)
    assert np.array_equal(back.predict(X), net.predict(X))


# Every finite float64, from subnormals to the largest, of either sign.
any_finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_forward_never_makes_nan_or_warns_for_finite_inputs(data):
    net = data.draw(networks(dtypes=("float64", "float32")))
    m = data.draw(st.integers(1, 20))
    shape = data.draw(st.sampled_from([(m, net.sizes[0]), (net.sizes[0],)]))
    X = data.draw(arrays(np.float64, shape, elements=any_finite))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            record = net.forward(X)
        except ValueError as exc:
            # The only refusal allowed: X outside what the dtype can carry
            # through these layers, said by name. These networks (weights
            # ~ 1/√n_in, at most 5 layers of 8 units) could only overflow
            # for inputs within a factor 1e10 of the largest float.
            assert str(exc).startswith("X ")
            assert np.abs(X).max() > float(np.finfo(net.dtype).max) / 1e10
            return
    for v in record.h + record.a[1:]:
        assert v.dtype == net.dtype
        assert not np.isnan(v).any()
        assert v.shape[:-1] == X.shape[:-1]


@FAST
@given(data=st.data())
def test_fit_restores_weights_or_returns_finite_losses(data):
    """fit either trains to finite losses or stops with the documented error."""
    net = data.draw(networks())
    X, y = data.draw(batches(net))
    learn_rate = data.draw(st.sampled_from([0.1, 10.0, 1e3, 1e8]))
    start = copies(params(net))
    try:
        history = net.fit(X, y, epochs=5, learn_rate=learn_rate, loss=mean_loss(net))
    except FloatingPointError as exc:
        assert "training diverged" in str(exc)
        if "starting values" in str(exc):
            assert same_arrays(params(net), start)
    else:
        assert np.isfinite(history).all()
    assert all(np.isfinite(P).all() for P in params(net))
