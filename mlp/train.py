"""Training by gradient descent, in small named parts.

An epoch visits the records in batches; each batch makes one step of
:func:`mlp.core.step`; after each epoch the loss is kept, and a guard
stops training if the loss or a weight is no longer finite. This is the
loop to read. :meth:`mlp.Network.fit` runs the same training through
``mlp._fast``, which gives the same floats, bit for bit, faster.
"""

import math

import numpy as np

from . import _checks, core

__all__ = ["batches", "diverged", "epoch_loss", "fit", "guard", "recorded"]


def batches(m, batch_size, order=None):
    """The rows of each batch: runs of `batch_size` records, the last maybe shorter.

    Parameters
    ----------
    m : int
        Number of records.
    batch_size : int
    order : ndarray of int, shape (m,), or None
        The order to visit the records in; None for 0, 1, ..., m − 1.

    Returns
    -------
    list of slice or ndarray
        Row selectors: ``X[rows]`` is a batch.

    Examples
    --------
    >>> import numpy as np
    >>> from mlp.train import batches
    >>> batches(5, 2, order=np.array([4, 0, 3, 1, 2]))
    [array([4, 0]), array([3, 1]), array([2])]
    """
    starts = range(0, m, batch_size)
    if order is None:
        return [slice(start, start + batch_size) for start in starts]
    return [order[start : start + batch_size] for start in starts]


def epoch_loss(X, y, W, b, activations, loss):
    """The loss over all records, E(y, ŷ) with ŷ (and h) from a forward pass of X."""
    record = core.forward(X, W, b, activations)
    return core.LOSSES[loss].E(y, record.y_hat, record.h[-1], activations[-1])


def recorded(history, size, m):
    """What `history` records for batches of `size` of `m` records: "epoch" or "batches"."""
    # "auto" keeps the loss after each epoch where it costs nothing, with one
    # batch; with several it would cost a forward pass over X every epoch, so
    # "auto" records the running loss of the batches, as scikit-learn and
    # Keras do.
    if history == "auto":
        return "epoch" if size == m else "batches"
    return history


def diverged(epoch, E, loss, learn_rate):
    """The error that reports a diverged training in epoch `epoch` (from 0)."""
    last = f"those after epoch {epoch}" if epoch else "their starting values"
    what = (
        f"the {loss} loss became {E}"
        if not math.isfinite(E)
        else "a weight became infinite or NaN"
    )
    return FloatingPointError(
        f"training diverged: {what} in epoch {epoch + 1} with "
        f"learn_rate={learn_rate}; try a smaller learn_rate. The "
        f"weights were restored to {last}."
    )


def finite(params):
    """Whether every value of every parameter array is finite: the one test
    that training, :meth:`mlp.Network.step` and the fast loop all use."""
    return all(_checks.all_finite(P) for P in params)


def guard(epoch, E, params, loss, learn_rate):
    """Raise :func:`diverged` if the loss `E` or any parameter is not finite."""
    # A saturated sigmoid output can keep the loss finite while a weight has
    # overflowed, so the weights are checked too.
    if not (math.isfinite(E) and finite(params)):
        raise diverged(epoch, E, loss, learn_rate)


# Divergence is reported once, by the guard; NumPy's overflow warnings on the
# way there would only repeat it.
@np.errstate(over="ignore", invalid="ignore")
def fit(W, b, activations, X, y, *, epochs, learn_rate, loss="mse",
        batch_size=None, rng=None, history="auto"):
    """Train `W` and `b` in place by gradient descent; the loss of every epoch.

    Parameters
    ----------
    W, b, activations
        As for :func:`mlp.core.forward`. Only weights that passed the
        :func:`guard` are ever written into `W` and `b`.
    X : ndarray, shape (m, n_in)
    y : ndarray, shape (m, n_out)
    epochs : int
    learn_rate : float
    loss : {"mse", "sse", "cross_entropy"}
    batch_size : int or None
        Records per step; None for all m.
    rng : numpy.random.Generator, numpy.random.RandomState or None
        Draws a new order of the records every epoch; None keeps their order.
    history : {"auto", "epoch", "batches"}
        As for :meth:`mlp.Network.fit`; ``recorded`` resolves ``"auto"``.

    Returns
    -------
    ndarray, shape (epochs,)
    """
    m = len(X)
    size = m if batch_size is None else min(batch_size, m)
    history = recorded(history, size, m)
    losses = np.empty(epochs)
    W_t, b_t = W, b
    for epoch in range(epochs):
        order = None if rng is None else rng.permutation(m)
        seen = 0.0  # Σ e of the records this epoch has used
        for rows in batches(m, size, order):
            record = core.forward(X[rows], W_t, b_t, activations)
            seen += core.LOSSES[loss].total(y[rows], record.y_hat, record.h[-1],
                                            activations[-1])
            grads = core.backward(record, y[rows], W_t, b_t, activations, loss)
            W_t, b_t = core.step(W_t, b_t, grads, learn_rate)
        if history == "batches":
            E = seen * core.LOSSES[loss].weight(m)
        else:
            E = epoch_loss(X, y, W_t, b_t, activations, loss)
        losses[epoch] = E
        guard(epoch, E, W_t + (b_t or []), loss, learn_rate)
        for P, P_t in zip(W + (b or []), W_t + (b_t or [])):
            P[...] = P_t
    return losses
