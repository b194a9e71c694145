"""mlp.core on its own: the losses' table, the sign of the gradient, a pure step."""

import numpy as np
import pytest

from mlp import core
from tests.helpers import copies, same_arrays

ACTS = ["tanh", "sigmoid"]


def layers(seed, bias=True):
    rng = np.random.default_rng(seed)
    W = [rng.normal(size=(3, 4)), rng.normal(size=(4, 2))]
    b = [rng.normal(size=4), rng.normal(size=2)] if bias else None
    return W, b, rng.normal(size=(5, 3)), rng.random((5, 2))


def test_the_losses_are_half_the_sum_of_squares_and_its_mean():
    y, y_hat = np.array([[1.0, 0.0], [0.0, 0.0]]), np.array([[0.5, 0.5], [0.0, 1.0]])
    assert core.LOSSES["sse"].E(y, y_hat) == 0.5 * (0.25 + 0.25 + 1.0)
    assert core.LOSSES["mse"].E(y, y_hat) == 0.5 * (0.25 + 0.25 + 1.0) / 2
    assert [core.LOSSES[k].weight(4) for k in ("sse", "mse", "cross_entropy")] == [1.0, 0.25,
                                                                                   0.25]


def test_the_cross_entropy_is_the_textbook_formula_where_that_can_be_computed():
    rng = np.random.default_rng(3)
    h, y = rng.normal(size=(6, 4)), rng.random((6, 4))
    y_hat = 1 / (1 + np.exp(-h))
    binary = -np.mean(np.sum(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat), axis=1))
    assert core.cross_entropy(y, h, "sigmoid") == pytest.approx(binary, rel=1e-14)
    y = np.eye(4)[rng.integers(0, 4, 6)]
    y_hat = np.exp(h) / np.exp(h).sum(axis=1, keepdims=True)
    assert core.cross_entropy(y, h) == pytest.approx(-np.mean(np.log(y_hat[y == 1])), rel=1e-14)


def test_the_cross_entropy_of_a_certain_wrong_output_is_finite_and_exact():
    # ln ŷ of a rounded ŷ = 0 would be −inf; from h the loss is |h|, exactly.
    one = np.array([[1.0, 0.0]])
    assert core.cross_entropy(one, np.array([[-800.0, 0.0]])) == 800.0
    assert core.cross_entropy(np.array([[1.0]]), np.array([[-800.0]]), "sigmoid") == 800.0
    assert core.cross_entropy(np.array([[0.0]]), np.array([[800.0]]), "sigmoid") == 800.0


LOSS_OUTPUTS = [("sse", "sigmoid"), ("mse", "tanh"), ("cross_entropy", "sigmoid"),
                ("cross_entropy", "softmax")]


@pytest.mark.parametrize("loss, output", LOSS_OUTPUTS)
def test_a_small_step_against_the_gradient_lowers_the_loss(loss, output):
    # The sign convention: dE_dW is the true gradient, so W − η dE_dW descends.
    W, b, X, y = layers(0)
    y = y / y.sum(axis=1, keepdims=True)  # targets every loss accepts
    acts = ["tanh", output]

    def E(W, b):
        record = core.forward(X, W, b, acts)
        return core.LOSSES[loss].E(y, record.y_hat, record.h[-1], output)

    grads = core.backward(core.forward(X, W, b, acts), y, W, b, acts, loss)
    for eta in (1e-3, -1e-3):
        assert (E(*core.step(W, b, grads, eta)) < E(W, b)) == (eta > 0)


@pytest.mark.parametrize("loss, output", LOSS_OUTPUTS)
def test_every_derived_pairing_agrees_with_central_differences(loss, output):
    W, b, X, y = layers(4)
    y = y / y.sum(axis=1, keepdims=True)
    acts = ["sigmoid", output]
    exact = core.backward(core.forward(X, W, b, acts), y, W, b, acts, loss)
    for P, G in zip(W + b, exact.dE_dW + exact.dE_db):
        for i in np.ndindex(P.shape):
            E, original = [], P[i]
            for nudge in (1e-6, -1e-6):
                P[i] = original + nudge
                record = core.forward(X, W, b, acts)
                E.append(core.LOSSES[loss].E(y, record.y_hat, record.h[-1], output))
            P[i] = original
            assert abs((E[0] - E[1]) / 2e-6 - G[i]) < 1e-8


@pytest.mark.parametrize("bias", [True, False])
def test_step_returns_new_parameters_and_leaves_the_old(bias):
    W, b, X, y = layers(1, bias)
    start = copies(W + (b or []))
    grads = core.backward(core.forward(X, W, b, ACTS), y, W, b, ACTS)
    assert (grads.dE_db is None) == (not bias)
    W_new, b_new = core.step(W, b, grads, 0.5)
    assert same_arrays(W + (b or []), start)
    for P, P_new, g in zip(W + (b or []), W_new + (b_new or []),
                           grads.dE_dW + (grads.dE_db or [])):
        assert np.array_equal(P_new, P - 0.5 * g)
