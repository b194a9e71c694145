import numpy as np
import pytest

from mlp import unit_step


def test_notebook_example_one_step():
    # Seed 002: x = [1, 2, 3, 4], y = 0.5, w = [0.5, -0.5, 0.3, 0.1], eta = 0.5.
    # h = 0.5 - 1.0 + 0.9 + 0.4 = 0.8, and the notebook printed the rest.
    step = unit_step([1, 2, 3, 4], 0.5, [0.5, -0.5, 0.3, 0.1], learn_rate=0.5)
    assert step.h == pytest.approx(0.8, abs=1e-15)
    assert round(step.y_hat, 12) == 0.689974481128
    assert round(step.error, 12) == -0.189974481128
    assert np.array_equal(
        np.round(step.delta_w, 8), [-0.02031869, -0.04063738, -0.06095608, -0.08127477]
    )


def test_step_is_eta_times_error_term_times_x():
    x = np.array([0.1, 0.3])
    step = unit_step(x, 0.2, [-0.8, 0.5], learn_rate=0.5)
    s = 1 / (1 + np.exp(-step.h))
    assert step.error_term == pytest.approx((0.2 - s) * s * (1 - s), rel=1e-14)
    assert np.allclose(step.delta_w, 0.5 * step.error_term * x, rtol=1e-15)


def test_weights_are_not_modified():
    w = np.array([0.5, -0.5])
    unit_step([1.0, 2.0], 1.0, w, 0.1)
    assert w.tolist() == [0.5, -0.5]
