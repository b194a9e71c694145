"""The numerical gradient: an oracle for backpropagation that knows no calculus."""

import numpy as np

from . import _checks
from .core import Gradients
from .network import Network
from .train import epoch_loss

__all__ = ["numerical_gradient"]


def numerical_gradient(net, X, y, loss="mse", eps=1e-6):
    """Estimate ∂E/∂W and ∂E/∂b by central differences.

    Each parameter in turn is nudged by ±`eps` and the loss measured; the
    network is left exactly as it was.

    Parameters
    ----------
    net : Network
    X : array_like, shape (m, n_in) or (n_in,)
    y : array_like, shape (m, n_out), (m,) for one output, or (n_out,)
    loss : {"mse", "sse", "cross_entropy"}, optional
    eps : float, optional
        The nudge; the estimate's error shrinks as eps², down to where
        rounding takes over.

    Returns
    -------
    Gradients
        ``dE_dW`` and ``dE_db`` in the structure :meth:`Network.backward`
        returns; ``delta`` is None.

    Notes
    -----
    .. math:: \\frac{\\partial E}{\\partial w}
              \\approx \\frac{E(w + \\varepsilon) - E(w - \\varepsilon)}{2\\varepsilon}

    Examples
    --------
    >>> import numpy as np
    >>> from mlp import Network, numerical_gradient
    >>> net = Network.random([2, 3, 1], rng=0)
    >>> X, y = np.array([[0.1, 0.3]]), np.array([1.0])
    >>> exact = net.backward(net.forward(X), y).dE_dW[0]
    >>> approx = numerical_gradient(net, X, y).dE_dW[0]
    >>> bool(np.allclose(exact, approx, rtol=1e-6, atol=1e-10))
    True
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be an mlp.Network, got {type(net).__name__}")
    X, single = _checks.inputs(X, net.dtype, net.weights, net.biases, net.activations)
    loss = _checks.loss(loss, net.output_activation, derived=False)
    y = net._targets(y, X.shape[0], single, loss)
    eps = _checks.positive_number("eps", eps)

    def E():
        return epoch_loss(X, y, net.weights, net.biases, net.activations, loss)

    def estimate(P):
        G = np.empty_like(P)
        for i in np.ndindex(P.shape):
            original = P[i]
            try:
                P[i] = original + eps
                e_plus = E()
                P[i] = original - eps
                e_minus = E()
            finally:
                P[i] = original
            G[i] = (e_plus - e_minus) / (2 * eps)
        return G

    dE_dW = [estimate(W) for W in net.weights]
    dE_db = None if net.biases is None else [estimate(b) for b in net.biases]
    return Gradients(dE_dW, dE_db)
