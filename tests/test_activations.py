import numpy as np
import pytest

import mlp
from mlp import ACTIVATIONS

NAMES = sorted(ACTIVATIONS)


def test_sigmoid_is_exactly_one_half_at_zero():
    assert mlp.sigmoid(0.0) == 0.5
    assert mlp.sigmoid(-0.0) == 0.5


def test_sigmoid_saturates_without_overflow_warning():
    # pytest turns every warning into an error (pyproject.toml), so an
    # overflow in exp would fail this test rather than pass silently.
    out = mlp.sigmoid(np.array([-1000.0, -40.0, 40.0, 1000.0]))
    assert out[0] == 0.0 and out[-1] == 1.0
    # Far in the left tail the value is tiny but still correct to the last
    # bits, which 1 - sigmoid(-h) would lose.
    assert out[1] == pytest.approx(np.exp(-40.0), rel=1e-15)


def test_sigmoid_matches_the_textbook_formula():
    h = np.linspace(-30, 30, 601)
    assert np.allclose(mlp.sigmoid(h), 1 / (1 + np.exp(-h)), rtol=1e-15, atol=0)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_central_difference(name):
    act = ACTIVATIONS[name]
    h = np.array([-2.5, -0.7, 0.3, 1.9])  # away from relu's kink at 0
    eps = 1e-6
    if act.elementwise:
        estimate = (act.f(h + eps) - act.f(h - eps)) / (2 * eps)
    else:  # column j of the Jacobian: every output's slope in h_j
        nudge = eps * np.eye(len(h))
        estimate = np.column_stack([(act.f(h + e) - act.f(h - e)) / (2 * eps) for e in nudge])
    assert np.allclose(act.prime(h), estimate, rtol=1e-7, atol=1e-9)


def test_softmax_rows_are_distributions_that_ignore_a_shift():
    h = np.array([[1.0, 2.0, 3.0], [-1000.0, 0.0, 1000.0], [5.0, 5.0, 5.0]])
    a = mlp.softmax(h)
    assert np.allclose(a.sum(axis=1), 1.0, rtol=0, atol=1e-15) and (a >= 0).all()
    assert np.allclose(mlp.softmax(h + 700.0), a, rtol=1e-15, atol=0)
    assert np.allclose(a[0], np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum(), rtol=1e-15)
    assert a[1].tolist() == [0.0, 0.0, 1.0] and a[2].tolist() == [1 / 3] * 3
    assert np.array_equal(mlp.softmax(h[0]), a[0])  # one record, 1-D


def test_softmax_jacobian_has_one_matrix_per_record():
    a = mlp.softmax(np.array([[0.0, 1.0], [2.0, -1.0], [0.5, 0.5]]))
    J = mlp.softmax_jacobian_from_output(a)
    assert J.shape == (3, 2, 2)
    for a_r, J_r in zip(a, J):
        assert np.allclose(J_r, np.diag(a_r) - np.outer(a_r, a_r), rtol=1e-15, atol=0)


@pytest.mark.parametrize("name", NAMES)
def test_derivative_from_output_equals_derivative_at_input(name):
    act = ACTIVATIONS[name]
    h = np.linspace(-4, 4, 17)
    assert np.array_equal(act.prime_from_output(act.f(h)), act.prime(h))


def test_sigmoid_prime_peaks_at_one_quarter():
    h = np.linspace(-10, 10, 2001)
    assert mlp.sigmoid_prime(h).max() == 0.25


@pytest.mark.parametrize("name", NAMES)
def test_float32_stays_float32(name):
    h = np.array([-1.0, 0.5], dtype=np.float32)
    act = ACTIVATIONS[name]
    for fn in (act.f, act.prime, act.prime_from_output):
        assert fn(h).dtype == np.float32


def test_integer_input_becomes_float():
    assert mlp.sigmoid(np.array([0, 1])).dtype == np.float64
    assert mlp.relu([1, -1]).tolist() == [1.0, 0.0]
