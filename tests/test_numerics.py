"""Numerical edge cases: extreme values, divergence, and input conversion."""

import re
import warnings
from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mlp
from tests.helpers import copies, same_arrays

DTYPES = [np.float64, np.float32]


def extremes(dt):
    """±1e3, ±1e308 (or the largest float32), ±inf, -0.0 and subnormals."""
    fi = np.finfo(dt)
    # 1e308 does not exist in float32; its largest finite value stands in.
    huge = 1e308 if dt is np.float64 else float(fi.max)
    tiny = float(fi.smallest_subnormal)
    values = [1e3, -1e3, huge, -huge, np.inf, -np.inf, -0.0, 0.0, tiny, -tiny]
    return np.array(values, dtype=dt)


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.mark.parametrize("dt", DTYPES)
def test_sigmoid_and_its_derivatives_at_the_extremes(dt):
    h = extremes(dt)
    s = mlp.sigmoid(h)
    ds = mlp.sigmoid_prime(h)
    ds_a = mlp.sigmoid_prime_from_output(s)
    for v in (s, ds, ds_a):
        assert v.dtype == dt and v.shape == h.shape
    # Beyond |h| ~ 104 (float32) or ~ 745 (float64) σ is exactly 0 or 1 in
    # floating point, and the derivative exactly 0.
    expected = np.array([1, 0, 1, 0, 1, 0, 0.5, 0.5, 0.5, 0.5], dtype=dt)
    np.testing.assert_array_equal(s, expected)
    np.testing.assert_array_equal(ds, expected * (1 - expected))
    np.testing.assert_array_equal(ds_a, ds)
    # The sign of zero does not leak: σ(-0.0) is +0.5.
    assert not np.signbit(s[6])


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("name", sorted(mlp.ACTIVATIONS))
def test_every_activation_and_derivative_is_quiet_at_the_extremes(dt, name):
    act = mlp.ACTIVATIONS[name]
    h = extremes(dt)
    if not act.elementwise:  # the softmax of a row holding ±inf is not defined
        h = h[np.isfinite(h)]
    a = act.f(h)
    for v in (a, act.prime(h), act.prime_from_output(a)):
        assert v.dtype == dt
        assert not np.isnan(v).any()
    np.testing.assert_array_equal(act.prime(h), act.prime_from_output(a))


@pytest.mark.parametrize("dt", DTYPES)
def test_sigmoid_of_a_scalar_keeps_its_dtype(dt):
    assert mlp.sigmoid(dt(-1e3)).dtype == dt
    assert mlp.sigmoid(dt(3.0)).dtype == dt


def exact_sigmoid(h):
    with localcontext() as ctx:
        ctx.prec = 40
        return float(1 / (1 + (-Decimal(h)).exp()))


@settings(max_examples=200, deadline=None)
@given(st.floats(-740.0, 740.0))
def test_sigmoid_is_accurate_to_a_few_ulps(h):
    # The stable form loses no precision on either side: compare with a
    # 40-digit reference, in units in the last place of the result.
    got = float(mlp.sigmoid(h))
    want = exact_sigmoid(h)
    assert abs(got - want) <= 4 * np.spacing(want)


def test_integer_boolean_and_list_inputs_are_converted():
    net = mlp.Network([[[1], [-2]]], [[0]], output_activation="identity")
    assert net.weights[0].dtype == np.float64 and net.biases[0].dtype == np.float64
    as_float = net.predict(np.array([[1.0, 0.0], [0.0, 1.0]]))
    np.testing.assert_array_equal(net.predict([[1, 0], [0, 1]]), as_float)
    np.testing.assert_array_equal(net.predict([[True, False], [False, True]]), as_float)
    np.testing.assert_array_equal(net.predict(np.array([[1, 0], [0, 1]], np.int8)), as_float)
    assert net.loss([[1, 0]], [1]) == net.loss(np.array([[1.0, 0.0]]), np.array([1.0]))
    step = mlp.unit_step([1, 2, 3, 4], 1, [1, 0, 0, 0], learn_rate=1)
    assert isinstance(step.y_hat, float)


def test_numpy_integers_and_int_learning_rates_are_accepted():
    net = mlp.Network.random([2, 2, 1], rng=0)
    X, y = [[0, 1], [1, 0], [1, 1]], [1, 1, 0]
    history = net.fit(X, y, epochs=np.int64(3), learn_rate=1, batch_size=np.int32(2))
    assert history.shape == (3,) and history.dtype == np.float64


def test_a_float32_network_computes_in_float32_whatever_the_input_dtype():
    net = mlp.Network.random([3, 2, 1], rng=0, dtype="float32")
    for X in ([[1, 2, 3]], np.ones((1, 3)), np.ones((1, 3), np.int64), [[True] * 3]):
        record = net.forward(X)
        assert all(v.dtype == np.float32 for v in record.h + record.a)


class CountingArray:
    """An array-like that counts how often NumPy converts it."""

    def __init__(self, values):
        self.values = np.asarray(values)
        self.conversions = 0

    def __array__(self, dtype=None, copy=None):
        self.conversions += 1
        return self.values if dtype is None else self.values.astype(dtype)


def test_fit_converts_its_inputs_once_not_once_per_epoch():
    net = mlp.Network.random([2, 2, 1], rng=0)
    X = CountingArray([[0, 1], [1, 0], [1, 1]])
    y = CountingArray([1, 1, 0])
    net.fit(X, y, epochs=5, learn_rate=0.5, batch_size=2)
    assert (X.conversions, y.conversions) == (1, 1)


def test_a_float_array_of_the_right_dtype_is_used_without_a_copy():
    net = mlp.Network.random([2, 2, 1], rng=0)
    X = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert np.shares_memory(net.forward(X).a[0], X)
    X32 = X.astype(np.float32)
    net32 = mlp.Network.random([2, 2, 1], rng=0, dtype="float32")
    assert np.shares_memory(net32.forward(X32).a[0], X32)


def test_an_input_that_would_overflow_is_refused_rather_than_making_nan():
    net = mlp.Network([np.array([[2.0, 2.0]]), np.array([[1.0], [-1.0]])],
                      activation="identity")
    X = np.array([[1e308]])
    # What the refusal prevents: h of layer 0 overflows to [inf, inf], and
    # layer 1 computes inf - inf = NaN.
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isnan(mlp.core.forward(X, net.weights, net.biases, net.activations).y_hat).all()
    with pytest.raises(ValueError, match=r"X is too large for this network: with "
                       r"\|X\| up to 1e\+308, the pre-activation of layer 0 could "
                       r"reach inf"):
        net.predict(X)
    # A tenth as large and the same network answers exactly.
    assert net.predict([[1e307]])[0, 0] == 0.0


def test_many_records_near_the_limit_are_judged_by_their_exact_largest():
    # The one-pass bound √(Σ x²) = 100 · 1e150 times the weight 1e157 is
    # beyond the float range, but every record is 1e150, and 1e150 · 1e157
    # is not: the exact max |X| decides, and the input is accepted.
    net = mlp.Network([np.array([[1e157]])], activation="identity")
    X = np.full((10_000, 1), 1e150)
    assert (net.predict(X) == 1e307).all()
    with pytest.raises(ValueError, match=r"with \|X\| up to 1e\+152, the pre-activation"):
        net.predict(np.concatenate([X, [[1e152]]]))


def test_hidden_sigmoids_bound_the_later_layers():
    # A sigmoid resets the bound to 1, so a huge first-layer input that stays
    # in range is fine even when the later weights are large.
    # Without that reset the bound would be 1e7 * 1e303, beyond the range.
    net = mlp.Network([np.array([[1e-300]]), np.array([[1e303]])],
                      output_activation="identity")
    assert net.predict([[1e307]])[0, 0] == 1e303


def test_loss_of_an_output_beyond_the_float_range_is_inf_without_warning():
    net = mlp.Network([np.array([[1e300]]), np.array([[1e300]])],
                      activation="identity")
    assert net.loss([[1e-300]], [0.0]) == np.inf


XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0.0, 1.0, 1.0, 0.0]

# (network, X, y, fit options, the message): the loss overflows after some
# epochs, in each kind of history; a step overflows in the first epoch; a
# weight overflows while tanh and sigmoid saturation keep the loss finite.
DIVERGING = {
    "loss-epoch": (dict(sizes=[2, 3, 1], rng=0, output_activation="identity"),
                   XOR_X, XOR_Y, dict(epochs=500, learn_rate=10.0),
                   r"training diverged: the mse loss became (inf|nan) in epoch (\d+) with "
                   r"learn_rate=10.0; try a smaller learn_rate. The weights were restored "
                   r"to those after epoch \d+\.$"),
    "loss-batches": (dict(sizes=[2, 3, 1], rng=0, output_activation="identity"),
                     XOR_X, XOR_Y, dict(epochs=500, learn_rate=10.0, batch_size=3,
                                        history="batches", loss="sse"),
                     r"training diverged: the sse loss became (inf|nan) in epoch \d+ "),
    "first-epoch": (dict(sizes=[2, 3, 1], rng=1, output_activation="identity"),
                    [[1.0, 2.0]], [1.0], dict(epochs=3, learn_rate=1e300),
                    r"in epoch 1 .* restored to their starting values\.$"),
    "weight-under-finite-loss": (
        dict(sizes=[2, 3, 1], rng=67, activation="tanh"),
        [[1.25, 0.62], [1.9, 1.93], [1.23, 0.58], [1.76, 1.61]], [0.97, 0.01, 0.44, 0.28],
        dict(epochs=3, learn_rate=1.7e308, batch_size=1),
        r"training diverged: a weight became infinite or NaN in epoch 1 with "
        r"learn_rate=1.7e\+308"),
}


@pytest.mark.parametrize("case", sorted(DIVERGING))
def test_fit_that_diverges_stops_and_restores_the_last_finite_weights(case):
    network, X, y, options, message = DIVERGING[case]
    net, replay = (mlp.Network.random(**network) for _ in range(2))
    with pytest.raises(FloatingPointError, match=message) as info:
        net.fit(X, y, **options)
    # The weights are exactly those after the last epoch with a finite loss:
    # replay that many epochs on a fresh copy and compare bit for bit.
    epoch = int(re.search(r"in epoch (\d+)", str(info.value)).group(1))
    if epoch > 1:
        history = replay.fit(X, y, **dict(options, epochs=epoch - 1))
        assert np.isfinite(history).all()
    assert same_arrays(net.parameters(), replay.parameters())


def test_a_step_that_would_overflow_leaves_the_weights_as_they_were():
    net = mlp.Network.random([2, 3, 1], rng=0, output_activation="identity")
    start = copies(net.parameters())
    with pytest.raises(FloatingPointError, match=r"the step with learn_rate=1.7e\+308 "
                       r"would make a weight infinite or NaN"):
        net.step([[1.0, 2.0]], [1e3], learn_rate=1.7e308)
    assert same_arrays(net.parameters(), start)


def test_the_bias_counts_in_the_overflow_bound():
    # |X| · Σ|W| alone is 1e308, within range; the bias of 1e308 takes the
    # pre-activation past the largest float64, so the input is refused.
    W, X = [np.array([[1.0]])], [[1e308]]
    mlp.Network(W, activation="identity").predict(X)
    net = mlp.Network(W, [np.array([1e308])], activation="identity")
    with pytest.raises(ValueError, match=r"pre-activation of layer 0 could reach inf"):
        net.predict(X)
