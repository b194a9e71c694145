"""The training of :mod:`mlp.train`, faster, with the same floats.

What makes it faster, measured on small networks where Python's per-call
cost dominates:

* Every weight and bias is a view into one flat array, and every gradient
  a view into another, so a few ufunc calls update all layers and one
  copy saves or restores them.
* Gradients are written into those preallocated views (``out=``), and
  hidden deltas are multiplied in place.
* ``np.add.reduce`` is ``np.sum`` without its Python wrapper: the same
  pairwise sum, bit for bit.
* The sigmoid is computed over the memory of its argument h, which the
  loop no longer needs, and its slope a(1 − a) into one new array: the
  floats of :mod:`mlp.activations`, without their checks and conversions.
* With one unshuffled batch, each forward pass runs over all of X on the
  weights the previous epoch left, so its error gives that epoch's loss.

tests/test_fast.py checks that :func:`fit` and :func:`mlp.train.fit` give
the same floats, bit for bit, over a grid of networks and options.
"""

import math

import numpy as np

from .activations import ACTIVATIONS
from . import core
from .core import LOSSES
from .train import guard, recorded


def _half_sse(err):
    """½ Σ err² over records and outputs, as a Python float."""
    return 0.5 * float(np.add.reduce(np.square(err), axis=None))


def _flat_copy(arrays):
    """One contiguous copy of `arrays`, and views of it shaped like them."""
    flat = np.concatenate([A.ravel() for A in arrays])
    views, start = [], 0
    for A in arrays:
        views.append(flat[start : start + A.size].reshape(A.shape))
        start += A.size
    return flat, views


def _sigmoid(h):
    """:func:`mlp.sigmoid` of a float array, bit for bit, spending `h`'s memory."""
    e = np.abs(h)
    np.negative(e, out=e)
    np.exp(e, out=e)
    t = np.greater_equal(h, 0.0, out=h)
    np.maximum(e, t, out=t)
    np.add(e, 1.0, out=e)
    np.divide(1.0, e, out=e)
    return np.multiply(e, t, out=e)


def _sigmoid_prime_from_output(a):
    """:func:`mlp.sigmoid_prime_from_output` of a float array, bit for bit."""
    t = np.subtract(1.0, a)
    return np.multiply(t, a, out=t)  # a (1 − a): a product rounds the same either way round


def _identity(h):
    return h


# In-place twins of the activations whose speed matters; the others are
# taken from mlp.activations as they are.
_F = {"sigmoid": _sigmoid, "identity": _identity}
_PRIME = {"sigmoid": _sigmoid_prime_from_output}


def forward(X, W, b, f):
    """Every layer's a, as :func:`mlp.core.forward`, and the output layer's h.

    `f` holds the activation functions; an in-place one spends its h, so
    the returned h is the output's only where ``f[-1]`` does not.
    """
    a = [X]
    for l, f_l in enumerate(f):
        h = a[l] @ W[l]
        if b is not None:
            h += b[l]
        a.append(f_l(h))
    return a, h


def backward(a, err, W, b, prime, output_prime, out):
    """``a[l]ᵀ δ[l]`` and Σ δ[l] of every layer, written into `out`.

    `prime` holds every layer's f′ from its output. The output error term
    is err ⊙ `output_prime`(ŷ), or err itself where `output_prime` is None
    (an identity output's f′ is all ones; the cross-entropy's cancels).
    `out` holds arrays shaped like the weights, then like the biases; they
    receive −∂E/∂W and −∂E/∂b before the loss's weight 1/m or 1.
    """
    L = len(W)
    d = err if output_prime is None else err * output_prime(a[-1])
    for l in range(L - 1, -1, -1):
        np.matmul(a[l].T, d, out=out[l])
        if b is not None:
            np.add.reduce(d, axis=0, out=out[L + l])
        if l:
            d = d @ W[l].T
            d *= prime[l - 1](a[l])
    return out


class _Trainer:
    """The state of one fast training: flat parameters and their buffers."""

    def __init__(self, W, b, activations, loss, learn_rate):
        self.params = W + (b or [])
        self.flat, views = _flat_copy(self.params)
        self.grad, self.grad_views = _flat_copy(self.params)
        self.step_buf = np.empty_like(self.flat)
        self.saved = self.flat.copy()  # the last weights with a finite loss
        self.W, self.b = views[: len(W)], views[len(W) :] or None
        self.f = [_F.get(name, ACTIVATIONS[name].f) for name in activations]
        self.prime = [_PRIME.get(name, ACTIVATIONS[name].prime_from_output)
                      for name in activations]
        self.loss, self.learn_rate = loss, learn_rate
        self.weight = LOSSES[loss].weight
        self.output = activations[-1]
        self.squared = LOSSES[loss].delta is core._squared_delta
        squared_slope = self.squared and self.output != "identity"
        self.output_prime = self.prime[-1] if squared_slope else None
        if not self.squared:  # the cross-entropy is computed from h: keep it
            self.f[-1] = ACTIVATIONS[self.output].f

    def errors(self, Xb, yb):
        """Every layer's a for a batch, the output's h, and the output error y − ŷ."""
        a, h = forward(Xb, self.W, self.b, self.f)
        return a, h, yb - a[-1]

    def total(self, y, a, h, err):
        """Σ e over a batch's records, as ``LOSSES[loss].total`` computes it."""
        if self.squared:
            return _half_sse(err)
        return LOSSES[self.loss].total(y, a[-1], h, self.output)

    def step(self, a, err):
        """One step from a batch's forward pass and output error."""
        backward(a, err, self.W, self.b, self.prime, self.output_prime,
                 self.grad_views)
        k, eta = self.weight(err.shape[0]), self.learn_rate
        # W ← W − η ∂E/∂W with ∂E/∂W = −k·G. When k is a power of two (a
        # batch of 1, 2, 4, ... records, or "sse"), −k·G is exact, so η(−k·G)
        # rounds once, as (−k·η)·G does: one pass, the same floats.
        if math.frexp(k)[0] == 0.5:
            np.multiply(self.grad, -k * eta, out=self.step_buf)
        else:
            np.multiply(self.grad, -k, out=self.grad)
            np.multiply(self.grad, eta, out=self.step_buf)
        self.flat -= self.step_buf

    def keep(self, epoch, E):
        """:func:`mlp.train.guard` on the flat parameters; keep them if they
        pass, and go back to the last ones that did if they do not."""
        try:
            guard(epoch, E, [self.flat], self.loss, self.learn_rate)
        except FloatingPointError:
            self.flat[...] = self.saved
            raise
        self.saved[...] = self.flat

    def loss_over(self, X, y):
        return self.total(y, *self.errors(X, y)) * self.weight(len(X))

    def write_back(self):
        for P, V in zip(self.params, self.W + (self.b or [])):
            P[...] = V


@np.errstate(over="ignore", invalid="ignore")
def fit(W, b, activations, X, y, *, epochs, learn_rate, loss="mse",
        batch_size=None, rng=None, history="auto"):
    """:func:`mlp.train.fit`, faster; the same arguments and the same floats."""
    t = _Trainer(W, b, activations, loss, learn_rate)
    m = X.shape[0]
    size = m if batch_size is None else min(batch_size, m)
    history = recorded(history, size, m)
    fused = size == m and rng is None and history == "epoch"
    losses = np.empty(epochs)
    try:
        for epoch in range(epochs):
            order = None if rng is None else rng.permutation(m)
            seen = 0.0
            for start in range(0, m, size):
                rows = slice(start, start + size)
                if order is not None:
                    rows = order[rows]
                yb = y[rows]
                a, h, err = t.errors(X[rows], yb)
                if history == "batches":
                    seen += t.total(yb, a, h, err)
                elif fused and epoch:
                    losses[epoch - 1] = E = t.total(yb, a, h, err) * t.weight(m)
                    t.keep(epoch - 1, E)
                t.step(a, err)
            if history == "batches":
                losses[epoch] = E = seen * t.weight(m)
            elif not fused or epoch == epochs - 1:
                losses[epoch] = E = t.loss_over(X, y)
            else:
                continue
            t.keep(epoch, E)
    finally:
        t.write_back()
    return losses
