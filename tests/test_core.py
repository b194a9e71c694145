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
    assert [core.LOSSES[k].weight(4) for k in ("sse", "mse")] == [1.0, 0.25]


@pytest.mark.parametrize("loss", sorted(core.LOSSES))
def test_a_small_step_against_the_gradient_lowers_the_loss(loss):
    # The sign convention: dE_dW is the true gradient, so W − η dE_dW descends.
    W, b, X, y = layers(0)
    E = core.LOSSES[loss].E
    grads = core.backward(core.forward(X, W, b, ACTS), y, W, b, ACTS, loss)
    before = E(y, core.forward(X, W, b, ACTS).y_hat)
    for eta in (1e-3, -1e-3):
        W_new, b_new = core.step(W, b, grads, eta)
        after = E(y, core.forward(X, W_new, b_new, ACTS).y_hat)
        assert (after < before) == (eta > 0)


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
