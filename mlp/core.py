"""The maths of a multilayer perceptron, and nothing else.

Pure functions on lists of arrays, in the pages' symbols: no argument
checks, no buffers, no speed tricks (:class:`mlp.Network` checks once and
then calls these). The conventions, stated once:

* **Rows.** ``X`` has shape (m, n_in), one record per row. Layer ``l`` has
  ``W[l]`` of shape (n_in, n_out) and ``b[l]`` of shape (n_out,);
  ``h[l] = a[l] @ W[l] + b[l]`` and ``a[l + 1] = f(h[l])``, so ``a[0]`` is
  X and ``a[-1]`` is ŷ. ``b`` is None for a network without biases.
* **Loss.** ``"sse"`` is E = ½ Σ (y − ŷ)² over records and outputs;
  ``"mse"`` is the same sum times 1/m; ``"cross_entropy"`` is the mean
  cross-entropy of a sigmoid or softmax output, computed from h.
* **Sign.** ``delta[l]`` = −∂E/∂h[l] for each record, before any averaging,
  so ∂E/∂W[l] = −(1/m) a[l]ᵀ δ[l] for mse (without 1/m for sse).
* **Step.** W ← W − η ∂E/∂W: the learning rate η is applied by the step,
  never folded into a gradient.
"""

from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np

from .activations import ACTIVATIONS

__all__ = ["LOSSES", "Forward", "Gradients", "Loss", "backward", "cross_entropy",
           "forward", "mse", "sse", "step"]


@dataclass(frozen=True)
class Forward:
    """The record of one forward pass: every layer's h and a.

    For a single record (1-D ``X``), every array is 1-D.

    Attributes
    ----------
    h : list of ndarray
        ``h[l]``, shape (m, n_out of layer l): pre-activation of layer l.
    a : list of ndarray
        ``a[0]`` is the input X, ``a[l + 1] = f(h[l])``, ``a[-1]`` is ŷ.
        One more entry than `h`.
    """

    h: list
    a: list

    @property
    def y_hat(self):
        """The network's output, ``a[-1]``."""
        return self.a[-1]


@dataclass(frozen=True)
class Gradients:
    """Gradients of the loss, shaped like the parameters, and the deltas.

    Attributes
    ----------
    dE_dW : list of ndarray
        ``dE_dW[l]`` has the shape of ``W[l]``.
    dE_db : list of ndarray or None
        ``dE_db[l]`` has the shape of ``b[l]``; None for a network without
        biases.
    delta : list of ndarray or None
        ``delta[l]`` = −∂E/∂h[l] per record, shaped like ``h[l]`` in the
        forward record; None where the gradients were not found by
        backpropagation (:func:`mlp.numerical_gradient`).
    """

    dE_dW: list
    dE_db: list | None
    delta: list | None = None


def sse(y, y_hat):
    """The sum of squared errors, E = ½ Σ (y − ŷ)², as a float.

    Parameters
    ----------
    y, y_hat : ndarray, shape (m, n_out)

    Examples
    --------
    >>> import numpy as np
    >>> from mlp.core import sse
    >>> sse(np.array([[1.0], [0.0]]), np.array([[0.5], [0.5]]))
    0.25
    """
    return 0.5 * float(np.sum((y - y_hat) ** 2))


def mse(y, y_hat):
    """The mean squared error over the m records, E = (1/m) · ½ Σ (y − ŷ)².

    Parameters
    ----------
    y, y_hat : ndarray, shape (m, n_out)

    Examples
    --------
    >>> import numpy as np
    >>> from mlp.core import mse
    >>> mse(np.array([[1.0], [0.0]]), np.array([[0.5], [0.5]]))
    0.125
    """
    # Times 1/m rather than ÷ m: the gradient carries the same factor 1/m,
    # and the two roundings can differ in the last bit.
    return sse(y, y_hat) * _mean_weight(len(y))


def cross_entropy(y, h, output="softmax"):
    """The mean cross-entropy of m records, computed from the output's pre-activation h.

    Parameters
    ----------
    y : ndarray, shape (m, k)
        Targets: for ``"softmax"``, each row a distribution over the k
        classes (one-hot for a label); for ``"sigmoid"``, each value the
        probability that its output is 1.
    h : ndarray, shape (m, k)
        Pre-activation of the output layer.
    output : {"softmax", "sigmoid"}, optional
        The output layer's activation.

    Returns
    -------
    float
        E = −(1/m) Σ_records Σ_k y_k ln ŷ_k for a softmax output, and
        E = −(1/m) Σ_records Σ_k [y_k ln ŷ_k + (1 − y_k) ln(1 − ŷ_k)]
        for sigmoid outputs.

    Notes
    -----
    ŷ itself is never taken to a logarithm: a rounded ŷ of 0 would give
    −∞. For the softmax, ln ŷ_k = h_k − ln Σ_j e^{h_j}, with the row's
    largest h taken out of the sum; for the sigmoid, ln σ(h) = −ln(1 + e^{−h})
    and ln(1 − σ(h)) = −ln(1 + e^{h}), each by ``np.logaddexp``.

    Examples
    --------
    >>> import numpy as np
    >>> from mlp.core import cross_entropy
    >>> round(cross_entropy(np.array([[0.0, 1.0]]), np.array([[0.0, 0.0]])), 6)
    0.693147
    >>> cross_entropy(np.array([[1.0]]), np.array([[-1000.0]]), "sigmoid")
    1000.0
    """
    return _cross_entropy_total(y, None, h, output) * _mean_weight(len(y))


def _mean_weight(m):
    return 1.0 / m


def _sum_weight(m):
    return 1.0


def _squared_total(y, y_hat, h, output):
    """½ Σ (y − ŷ)² over records and outputs."""
    return sse(y, y_hat)


def _cross_entropy_total(y, y_hat, h, output):
    """−Σ over records and outputs of y ln ŷ (and (1 − y) ln(1 − ŷ) for sigmoids), from h."""
    if output == "softmax":
        top = np.max(h, axis=-1, keepdims=True)
        with np.errstate(over="ignore"):  # h − top beyond the float range is −∞
            shifted = h - top
        log_y_hat = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
        # A target of 0 takes no part, even where ln ŷ = −∞; and 0 − Σ
        # rather than −Σ, so that a perfect score is 0.0, not −0.0.
        terms = np.multiply(y, log_y_hat, out=np.zeros_like(log_y_hat), where=y != 0)
        return 0.0 - float(np.sum(terms))
    return float(np.sum(y * np.logaddexp(0, -h) + (1 - y) * np.logaddexp(0, h)))


def _squared_delta(y, y_hat, f):
    """BP1 for the squared error: (y − ŷ) ⊙ f′(h), f′ from the output ŷ."""
    return (y - y_hat) * f.prime_from_output(y_hat)


def _cross_entropy_delta(y, y_hat, f):
    """BP1 for the cross-entropy of a sigmoid or softmax output: y − ŷ, f′ cancelled."""
    return y - y_hat


class Loss(NamedTuple):
    """A loss E = weight(m) · Σ over the m records of each record's loss e.

    Attributes
    ----------
    total : callable
        ``total(y, y_hat, h, output)``: Σ e over the records, from the
        output layer's ŷ and pre-activation h (``output`` names its
        activation).
    weight : callable
        ``weight(m)``: 1/m for a mean, 1 for a sum. Every record's error
        term enters the gradient with this weight.
    delta : callable
        ``delta(y, y_hat, f)``: the output error term δ = −∂e/∂h of each
        record, for an output layer with activation `f`
        (:class:`~mlp.activations.Activation`).
    outputs : tuple of str
        The output activations `delta` is derived for; backpropagation
        refuses any other.
    """

    total: Callable
    weight: Callable
    delta: Callable
    outputs: tuple

    def E(self, y, y_hat, h=None, output=None):
        """The loss of the records: ``weight(m) · total(y, y_hat, h, output)``."""
        return self.total(y, y_hat, h, output) * self.weight(len(y))


_ELEMENTWISE = tuple(name for name, f in ACTIVATIONS.items() if f.elementwise)

#: Every loss by the name ``loss=`` accepts.
LOSSES = {
    "sse": Loss(_squared_total, _sum_weight, _squared_delta, _ELEMENTWISE),
    "mse": Loss(_squared_total, _mean_weight, _squared_delta, _ELEMENTWISE),
    "cross_entropy": Loss(_cross_entropy_total, _mean_weight, _cross_entropy_delta,
                          ("sigmoid", "softmax")),
}


def forward(X, W, b, activations):
    """Run X through the layers and record every h and a.

    Parameters
    ----------
    X : ndarray, shape (m, n_in)
    W : list of ndarray
        ``W[l]``, shape (n_in, n_out) of layer l.
    b : list of ndarray or None
        ``b[l]``, shape (n_out,) of layer l; None for no biases.
    activations : list of str
        The activation of every layer, keys of :data:`mlp.activations.ACTIVATIONS`.

    Returns
    -------
    Forward

    Notes
    -----
    .. math:: h^{(l)} = a^{(l)} W^{(l)} + b^{(l)}, \\qquad a^{(l+1)} = f(h^{(l)})

    Examples
    --------
    >>> import numpy as np
    >>> from mlp.core import forward
    >>> W = [np.array([[0.4], [-0.2]]), np.array([[0.1]])]
    >>> print(forward(np.array([[0.1, 0.3]]), W, None, ["sigmoid", "sigmoid"]).y_hat)
    [[0.51237248]]
    """
    h, a = [], [X]
    for l, name in enumerate(activations):
        h_l = a[l] @ W[l] if b is None else a[l] @ W[l] + b[l]
        h.append(h_l)
        a.append(ACTIVATIONS[name].f(h_l))
    return Forward(h, a)


def backward(record, y, W, b, activations, loss="mse"):
    """Backpropagate the output error of a forward record through the layers.

    Parameters
    ----------
    record : Forward
        What :func:`forward` returned for the inputs.
    y : ndarray, shape (m, n_out)
        Targets of the recorded inputs.
    W, b : list of ndarray, and list of ndarray or None
        The parameters the record was made with; `b` only says whether
        there are biases.
    activations : list of str
        The activation of every layer.
    loss : {"mse", "sse", "cross_entropy"}, optional

    Returns
    -------
    Gradients
        ``delta``, ``dE_dW`` and ``dE_db`` of every layer; ``dE_db`` is
        None when `b` is.

    Notes
    -----
    .. math::

        \\delta^{(L-1)} &= (y - \\hat y) \\odot f'(h^{(L-1)}) \\\\
        \\delta^{(l)} &= \\delta^{(l+1)} W^{(l+1)\\top} \\odot f'(h^{(l)})

    .. math::

        \\frac{\\partial E}{\\partial W^{(l)}} &= -\\frac1m\\, a^{(l)\\top} \\delta^{(l)} \\\\
        \\frac{\\partial E}{\\partial b^{(l)}} &= -\\frac1m \\sum_{\\text{records}} \\delta^{(l)}

    (mse and cross_entropy; without 1/m for sse). The output error term
    δ^(L−1) of the output layer L − 1 is the loss's own (``LOSSES[loss].delta``): the one above for the
    squared error, and y − ŷ for the cross-entropy of a sigmoid or softmax
    output, whose f′ cancels. f′ is taken from the layer's output a = f(h),
    which the record holds. The hidden layers' f must be elementwise, and
    the output's one that ``LOSSES[loss].outputs`` names (unchecked here;
    :class:`mlp.Network` checks both).

    Examples
    --------
    >>> import numpy as np
    >>> from mlp.core import backward, forward
    >>> W = [np.array([[0.4], [-0.2]]), np.array([[0.1]])]
    >>> record = forward(np.array([[0.1, 0.3]]), W, None, ["sigmoid", "sigmoid"])
    >>> print(backward(record, np.array([[1.0]]), W, None, ["sigmoid", "sigmoid"]).dE_dW[1])
    [[-0.06030698]]
    """
    a, L = record.a, len(W)
    f = [ACTIVATIONS[name] for name in activations]
    delta = [None] * L
    delta[-1] = LOSSES[loss].delta(y, a[-1], f[-1])
    for l in reversed(range(L - 1)):
        delta[l] = (delta[l + 1] @ W[l + 1].T) * f[l].prime_from_output(a[l + 1])
    k = LOSSES[loss].weight(len(y))
    dE_dW = [-k * (a[l].T @ delta[l]) for l in range(L)]
    dE_db = None if b is None else [-k * delta[l].sum(axis=0) for l in range(L)]
    return Gradients(dE_dW, dE_db, delta)


def step(W, b, grads, learn_rate):
    """One gradient-descent step: new weights and biases, the old left as they were.

    Parameters
    ----------
    W : list of ndarray
    b : list of ndarray or None
    grads : Gradients
        What :func:`backward` returned for `W` and `b`.
    learn_rate : float
        η.

    Returns
    -------
    W, b : list of ndarray, and list of ndarray or None

    Notes
    -----
    .. math:: W \\leftarrow W - \\eta\\, \\frac{\\partial E}{\\partial W}, \\qquad
              b \\leftarrow b - \\eta\\, \\frac{\\partial E}{\\partial b}

    Examples
    --------
    >>> import numpy as np
    >>> from mlp.core import Gradients, step
    >>> W, b = step([np.array([[0.5]])], None, Gradients([np.array([[0.2]])], None), 0.5)
    >>> print(W[0], b)
    [[0.4]] None
    """
    W = [W_l - learn_rate * dE_dW_l for W_l, dE_dW_l in zip(W, grads.dE_dW)]
    if b is not None:
        b = [b_l - learn_rate * dE_db_l for b_l, dE_db_l in zip(b, grads.dE_db)]
    return W, b
