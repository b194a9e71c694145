"""Activation functions and their derivatives.

Each derivative comes in two forms, named by what it takes: ``*_prime(h)``
on the pre-activation h, and ``*_prime_from_output(a)`` on the activation
a = f(h). Backpropagation uses the second form, because the forward pass
has already computed a; both give the same floats.
"""

from typing import Callable, NamedTuple

import numpy as np

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "identity",
    "identity_prime",
    "identity_prime_from_output",
    "relu",
    "relu_prime",
    "relu_prime_from_output",
    "sigmoid",
    "sigmoid_prime",
    "sigmoid_prime_from_output",
    "softmax",
    "softmax_jacobian",
    "softmax_jacobian_from_output",
    "tanh",
    "tanh_prime",
    "tanh_prime_from_output",
]


def _as_float(x):
    """`x` as an array of floats; float32 and float64 arrays pass unchanged."""
    x = np.asarray(x)
    return x if x.dtype.kind == "f" else x.astype(np.float64)


def sigmoid(h):
    """Logistic sigmoid, computed without overflow for any real input.

    Parameters
    ----------
    h : array_like
        Pre-activation, any shape.

    Returns
    -------
    ndarray
        σ(h), same shape as `h`, each value in [0, 1].

    Notes
    -----
    .. math:: \\sigma(h) = \\frac{1}{1 + e^{-h}}

    ``exp`` is only ever taken of ``-|h|``, which cannot overflow. With
    e = e^{−|h|} and s = 1/(1 + e), σ(h) is s for h ≥ 0 and the
    algebraically equal e^h/(1 + e^h) = e·s for h < 0. Training uses an
    in-place twin of this function (``mlp._fast``) that gives the same
    floats, bit for bit, with fewer arrays.

    Examples
    --------
    >>> from mlp import sigmoid
    >>> print(sigmoid([-1000.0, 0.0, 1000.0]))
    [0.  0.5 1. ]
    """
    h = _as_float(h)
    e = np.exp(-np.abs(h))  # e^{-|h|} lies in (0, 1]: it cannot overflow
    s = 1.0 / (1.0 + e)
    return np.where(h >= 0, s, e * s)


def sigmoid_prime(h):
    """Derivative of the sigmoid, taken at the pre-activation `h`.

    Parameters
    ----------
    h : array_like
        Pre-activation, any shape.

    Returns
    -------
    ndarray
        σ′(h), same shape as `h`, each value in [0, 0.25].

    Notes
    -----
    .. math:: \\sigma'(h) = \\sigma(h)\\,(1 - \\sigma(h))

    Examples
    --------
    >>> from mlp import sigmoid_prime
    >>> print(sigmoid_prime(0.0))
    0.25
    """
    return sigmoid_prime_from_output(sigmoid(h))


def sigmoid_prime_from_output(a):
    """Derivative of the sigmoid, given its output ``a = sigmoid(h)``.

    Parameters
    ----------
    a : array_like
        Activation σ(h), any shape.

    Returns
    -------
    ndarray
        a (1 − a), same shape as `a`.

    Examples
    --------
    >>> from mlp import sigmoid_prime_from_output
    >>> print(sigmoid_prime_from_output(0.5))
    0.25
    """
    a = _as_float(a)
    return a * (1 - a)


def tanh(h):
    """Hyperbolic tangent.

    Parameters
    ----------
    h : array_like
        Pre-activation, any shape.

    Returns
    -------
    ndarray
        tanh(h), same shape as `h`, each value in [−1, 1].

    Examples
    --------
    >>> from mlp import tanh
    >>> print(tanh(0.0))
    0.0
    """
    return np.tanh(_as_float(h))


def tanh_prime(h):
    """Derivative of tanh, taken at the pre-activation `h`.

    Parameters
    ----------
    h : array_like
        Pre-activation, any shape.

    Returns
    -------
    ndarray
        1 − tanh²(h), same shape as `h`, each value in [0, 1].

    Examples
    --------
    >>> from mlp import tanh_prime
    >>> print(tanh_prime(0.0))
    1.0
    """
    return tanh_prime_from_output(tanh(h))


def tanh_prime_from_output(a):
    """Derivative of tanh, given its output ``a = tanh(h)``.

    Parameters
    ----------
    a : array_like
        Activation tanh(h), any shape.

    Returns
    -------
    ndarray
        1 − a², same shape as `a`.
    """
    a = _as_float(a)
    return 1 - a * a


def relu(h):
    """Rectified linear unit, max(h, 0).

    Parameters
    ----------
    h : array_like
        Pre-activation, any shape.

    Returns
    -------
    ndarray
        max(h, 0), same shape as `h`.

    Examples
    --------
    >>> from mlp import relu
    >>> print(relu([-2.0, 3.0]))
    [0. 3.]
    """
    h = _as_float(h)
    return np.maximum(h, 0)


def relu_prime(h):
    """Derivative of the ReLU at the pre-activation `h` (taken as 0 at h = 0).

    Parameters
    ----------
    h : array_like
        Pre-activation, any shape.

    Returns
    -------
    ndarray
        1 where h > 0, else 0; same shape as `h`.
    """
    h = _as_float(h)
    return (h > 0).astype(h.dtype)


def relu_prime_from_output(a):
    """Derivative of the ReLU, given its output ``a = relu(h)``.

    Because a > 0 exactly when h > 0, the output carries all that is needed.

    Parameters
    ----------
    a : array_like
        Activation max(h, 0), any shape.

    Returns
    -------
    ndarray
        1 where a > 0, else 0; same shape as `a`.
    """
    return relu_prime(a)


def identity(h):
    """The identity activation, f(h) = h, for a linear (regression) output.

    Parameters
    ----------
    h : array_like
        Pre-activation, any shape.

    Returns
    -------
    ndarray
        A float array equal to `h`.
    """
    return _as_float(h)


def identity_prime(h):
    """Derivative of the identity: ones shaped like `h`.

    Parameters
    ----------
    h : array_like
        Pre-activation, any shape.

    Returns
    -------
    ndarray
        Ones, same shape as `h`.
    """
    return np.ones_like(_as_float(h))


def identity_prime_from_output(a):
    """Derivative of the identity, given its output: ones shaped like `a`."""
    return identity_prime(a)


def softmax(h):
    """Softmax over each record's outputs: positive values that sum to 1.

    Parameters
    ----------
    h : array_like, shape (m, k) or (k,)
        Pre-activations of a layer of k units, one record per row.

    Returns
    -------
    ndarray
        softmax(h), same shape as `h`; each row is positive and sums to 1.

    Notes
    -----
    .. math:: \\operatorname{softmax}(h)_k = \\frac{e^{h_k}}{\\sum_j e^{h_j}}

    Unlike the other activations, each output depends on the whole row,
    and every h must be finite. The row's largest h is subtracted before
    ``exp``: the quotient is the same, and no term can overflow, because
    the largest is e⁰ = 1. A difference beyond the float range rounds to
    −∞, whose exp is exactly 0, the right value.

    Examples
    --------
    >>> from mlp import softmax
    >>> print(softmax([1000.0, 1000.0, -1000.0]))
    [0.5 0.5 0. ]
    """
    h = _as_float(h)
    with np.errstate(over="ignore"):
        e = np.exp(h - np.max(h, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_jacobian(h):
    """The derivatives of every softmax output with respect to every h.

    Parameters
    ----------
    h : array_like, shape (m, k) or (k,)

    Returns
    -------
    ndarray, shape (m, k, k) or (k, k)
        ``J[..., i, j]`` = ∂ softmax(h)_i / ∂h_j.
    """
    return softmax_jacobian_from_output(softmax(h))


def softmax_jacobian_from_output(a):
    """The softmax's Jacobian, given its output ``a = softmax(h)``.

    Parameters
    ----------
    a : array_like, shape (m, k) or (k,)

    Returns
    -------
    ndarray, shape (m, k, k) or (k, k)
        ``J[..., i, j] = a_i (1[i = j] − a_j)``, that is diag(a) − a aᵀ.

    Examples
    --------
    >>> from mlp import softmax_jacobian_from_output
    >>> print(softmax_jacobian_from_output([0.5, 0.5]))
    [[ 0.25 -0.25]
     [-0.25  0.25]]
    """
    a = _as_float(a)
    diagonal = a[..., :, None] * np.eye(a.shape[-1], dtype=a.dtype)
    return diagonal - a[..., :, None] * a[..., None, :]


class Activation(NamedTuple):
    """An activation function with both forms of its derivative.

    For an elementwise activation, ``prime`` and ``prime_from_output``
    give f′ shaped like their argument. The softmax is not elementwise:
    each output depends on every h of its row, so its derivative is a
    Jacobian, one (k, k) matrix per record. It can only be an output
    layer, paired with the cross-entropy, whose error term needs no f′.
    """

    f: Callable
    prime: Callable
    prime_from_output: Callable
    elementwise: bool = True


#: Every activation the package knows, by the name a :class:`~mlp.Network`
#: accepts for ``activation`` and ``output_activation``.
ACTIVATIONS = {
    "sigmoid": Activation(sigmoid, sigmoid_prime, sigmoid_prime_from_output),
    "tanh": Activation(tanh, tanh_prime, tanh_prime_from_output),
    "relu": Activation(relu, relu_prime, relu_prime_from_output),
    "identity": Activation(identity, identity_prime, identity_prime_from_output),
    "softmax": Activation(softmax, softmax_jacobian, softmax_jacobian_from_output,
                          elementwise=False),
}
