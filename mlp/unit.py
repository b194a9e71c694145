"""One sigmoid unit and one step of gradient descent: the lesson's first model."""

from typing import NamedTuple

import numpy as np

from . import _checks
from .activations import sigmoid, sigmoid_prime

__all__ = ["UnitStep", "unit_step"]


class UnitStep(NamedTuple):
    """The quantities the lesson names for one gradient-descent step.

    Attributes
    ----------
    h : float
        Pre-activation, h = Σᵢ wᵢ xᵢ.
    y_hat : float
        Output of the unit, ŷ = σ(h).
    error : float
        Output error, y − ŷ.
    error_term : float
        δ = (y − ŷ) σ′(h).
    delta_w : ndarray, shape (n_in,)
        The weight step Δwᵢ = η δ xᵢ, to be *added* to the weights.
    """

    h: float
    y_hat: float
    error: float
    error_term: float
    delta_w: np.ndarray


def unit_step(x, y, weights, learn_rate):
    """One gradient-descent step of a single sigmoid unit on one record.

    Parameters
    ----------
    x : array_like, shape (n_in,)
        One input record.
    y : float
        Its target.
    weights : array_like, shape (n_in,)
        The unit's weights; not modified.
    learn_rate : float
        η, a positive number.

    Returns
    -------
    UnitStep
        ``h``, ``y_hat``, ``error``, ``error_term`` and ``delta_w``.

    Notes
    -----
    For E = ½ (y − ŷ)² and ŷ = σ(h), the chain rule gives

    .. math:: \\Delta w_i &= -\\eta \\frac{\\partial E}{\\partial w_i} \\\\
              &= \\eta\\,(y - \\hat y)\\,\\sigma'(h)\\,x_i = \\eta\\,\\delta\\,x_i

    Examples
    --------
    >>> from mlp import unit_step
    >>> step = unit_step([1, 2, 3, 4], 0.5, [0.5, -0.5, 0.3, 0.1], learn_rate=0.5)
    >>> print(round(step.y_hat, 12), round(step.error, 12))
    0.689974481128 -0.189974481128
    """
    x = _checks.array("x", x, np.float64, ndims=(1,))
    weights = _checks.array("weights", weights, np.float64, ndims=(1,))
    if weights.shape != x.shape:
        raise ValueError(
            f"weights has {weights.size} entries but x has {x.size}; "
            "a unit needs one weight per input"
        )
    y = float(_checks.array("y", y, np.float64, ndims=(0,)))
    learn_rate = _checks.positive_number("learn_rate", learn_rate)
    _checks.no_overflow("x", x[None, :], [weights[:, None]], None, ["sigmoid"])

    h = float(x @ weights)
    y_hat = float(sigmoid(h))
    error = y - y_hat
    error_term = error * float(sigmoid_prime(h))
    return UnitStep(h, y_hat, error, error_term, learn_rate * error_term * x)
