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
* For batches of a few records, where each NumPy call costs more than
  the arithmetic it does: every layer's arrays are made once per batch
  size (:class:`_Buffers`), constants are 0-d arrays rather than Python
  floats, and products of two matrices go through ``np.dot``, the same
  BLAS call as ``@`` with less around it.

tests/test_fast.py checks that :func:`fit` and :func:`mlp.train.fit` give
the same floats, bit for bit, over a grid of networks and options.
"""

import math

import numpy as np

from . import core, train
from .activations import ACTIVATIONS
from .core import LOSSES
from .train import diverged, recorded


def _half_sse(err, square=None):
    """½ Σ err² over records and outputs, as a Python float."""
    return 0.5 * float(np.add.reduce(np.square(err, out=square), axis=None))


def _flat_copy(arrays):
    """One contiguous copy of `arrays`, and views of it shaped like them."""
    flat = np.concatenate([A.ravel() for A in arrays])
    views, start = [], 0
    for A in arrays:
        views.append(flat[start : start + A.size].reshape(A.shape))
        start += A.size
    return flat, views


def _sigmoid(h, out=None, one=1.0):
    """:func:`mlp.sigmoid` of a float array, bit for bit, into `out`, spending `h`.

    `one` may be 1 as a 0-d array of h's dtype: NumPy converts a Python
    float anew at every call, and on a batch of 10 that is a sizeable part
    of each call's cost.
    """
    e = np.abs(h, out=out)
    np.negative(e, out=e)
    np.exp(e, out=e)  # e = e^{−|h|}
    # σ is s = 1/(1 + e) where h ≥ 0 and e·s where h < 0: s times max(e, t)
    # with t = [h ≥ 0] or t = sign h (1 where h > 0, 1 = e where h = 0, and
    # at most e where h < 0). Writing the boolean [h ≥ 0] into floats costs
    # a cast, about 0.4 µs a call, but per value it is half sign's cost:
    # measured, sign is the cheaper below about a thousand values.
    t = np.sign(h, out=h) if h.size < 1024 else np.greater_equal(h, 0.0, out=h)
    np.maximum(e, t, out=t)
    np.add(e, one, out=e)
    np.divide(one, e, out=e)
    return np.multiply(e, t, out=e)


def _sigmoid_prime_from_output(a, out=None, one=1.0):
    """:func:`mlp.sigmoid_prime_from_output` of a float array, bit for bit."""
    t = np.subtract(one, a, out=out)
    return np.multiply(t, a, out=t)  # a (1 − a): a product rounds the same either way round


def _identity(h, out=None, one=None):
    return h


def _allocating(f):
    """An activation (or f′) of :mod:`mlp.activations`, called as the twins are."""
    return lambda h, out=None, one=None: f(h)


# In-place twins of the activations whose speed matters; the others are
# taken from mlp.activations as they are.
_F = {"sigmoid": _sigmoid, "identity": _identity}
_PRIME = {"sigmoid": _sigmoid_prime_from_output}


class _Buffers:
    """Arrays for the batches of `rows` records, reused by every such batch.

    A batch of 10 on a small network spends more on making its arrays than
    on filling them, so each layer's h, a, f′ and δ has its array here and
    every operation writes into it (``out=``). Constants are 0-d arrays of
    the training's dtype, converted once; `k` is the loss's weight 1/m or 1.
    """

    def __init__(self, rows, sizes, dtype, k, learn_rate):
        def arrays():
            return [np.empty((rows, n), dtype) for n in sizes[1:]]

        self.h, self.a, self.prime, self.delta = arrays(), arrays(), arrays(), arrays()
        self.err = np.empty((rows, sizes[-1]), dtype)
        self.square = np.empty_like(self.err)
        self.one = np.array(1.0, dtype)
        # Where every product is of two matrices (no dimension of 1), np.dot
        # makes the same BLAS call (gemm) as np.matmul, the `@` of
        # mlp.core, with less of the ufunc machinery: about 0.3 µs a call.
        # With a dimension of 1 the two may choose other BLAS routines.
        self.product = np.dot if rows > 1 and min(sizes) > 1 else np.matmul
        # W ← W − η ∂E/∂W with ∂E/∂W = −k·G. When k is a power of two (a
        # batch of 1, 2, 4, ... records, or "sse"), −k·G is exact, so η(−k·G)
        # rounds once, as (−k·η)·G does: one pass, the same floats.
        self.exact = math.frexp(k)[0] == 0.5
        self.minus_k = np.array(-k, dtype)
        self.rate = np.array(-k * learn_rate if self.exact else learn_rate, dtype)


def forward(X, W, b, f, buf):
    """Every layer's a, as :func:`mlp.core.forward`, and the output layer's h.

    `f` holds the activation functions; an in-place one spends its h, so
    the returned h is the output's only where ``f[-1]`` does not. The
    arrays are `buf`'s (a :class:`_Buffers` for X's rows).
    """
    a = [X]
    for l, f_l in enumerate(f):
        h = buf.product(a[l], W[l], out=buf.h[l])
        if b is not None:
            np.add(h, b[l], out=h)
        a.append(f_l(h, buf.a[l], buf.one))
    return a, h


def backward(a, err, W_T, b, prime, output_prime, out, buf):
    """``a[l]ᵀ δ[l]`` and Σ δ[l] of every layer, written into `out`.

    `W_T` holds the transposed weights, `prime` every layer's f′ from its
    output. The output error term is err ⊙ `output_prime`(ŷ), written over
    `err`, or err itself where `output_prime` is None (an identity output's
    f′ is all ones; the cross-entropy's cancels). `out` holds arrays shaped
    like the weights, then like the biases; they receive −∂E/∂W and −∂E/∂b
    before the loss's weight 1/m or 1.
    """
    L, product = len(W_T), buf.product
    d = err
    if output_prime is not None:
        np.multiply(err, output_prime(a[-1], buf.prime[-1], buf.one), out=d)
    for l in range(L - 1, -1, -1):
        product(a[l].T, d, out=out[l])
        if b is not None:
            np.add.reduce(d, 0, None, out[L + l])
        if l:
            d = product(d, W_T[l], out=buf.delta[l - 1])
            np.multiply(d, prime[l - 1](a[l], buf.prime[l - 1], buf.one), out=d)
    return out


class _Trainer:
    """The state of one fast training: flat parameters and their buffers."""

    def __init__(self, W, b, activations, loss, learn_rate):
        self.params = W + (b or [])
        self.flat, views = _flat_copy(self.params)
        self.grad, self.grad_views = _flat_copy(self.params)
        self.saved = self.flat.copy()  # the last weights with a finite loss
        self.W, self.b = views[: len(W)], views[len(W) :] or None
        self.W_T = [W_l.T for W_l in self.W]  # views: they follow every step
        self.sizes = [W[0].shape[0]] + [W_l.shape[1] for W_l in W]
        self.f = [_F.get(name) or _allocating(ACTIVATIONS[name].f) for name in activations]
        self.prime = [_PRIME.get(name) or _allocating(ACTIVATIONS[name].prime_from_output)
                      for name in activations]
        self.loss, self.learn_rate = loss, learn_rate
        self.weight = LOSSES[loss].weight
        self._buffers = {}  # by batch size
        self.output = activations[-1]
        self.squared = LOSSES[loss].delta is core._squared_delta
        squared_slope = self.squared and self.output != "identity"
        self.output_prime = self.prime[-1] if squared_slope else None
        if not self.squared:  # the cross-entropy is computed from h: keep it
            self.f[-1] = _allocating(ACTIVATIONS[self.output].f)

    def buffers(self, rows):
        """The :class:`_Buffers` for batches of `rows` records, made once."""
        if rows not in self._buffers:
            self._buffers[rows] = _Buffers(rows, self.sizes, self.flat.dtype,
                                           self.weight(rows), self.learn_rate)
        return self._buffers[rows]

    def batches(self, X, y, size, order=None):
        """(X, y, buffers) of every batch, as :func:`mlp.train.batches` selects
        them: views of X and y without an `order`, copies made one by one with."""
        selected = ((X[rows], y[rows]) for rows in train.batches(X.shape[0], size, order))
        batches = ((xb, yb, self.buffers(xb.shape[0])) for xb, yb in selected)
        return list(batches) if order is None else batches

    def errors(self, Xb, yb, buf):
        """Every layer's a for a batch, the output's h, and the output error y − ŷ."""
        a, h = forward(Xb, self.W, self.b, self.f, buf)
        return a, h, np.subtract(yb, a[-1], out=buf.err)

    def total(self, y, a, h, err, buf):
        """Σ e over a batch's records, as ``LOSSES[loss].total`` computes it."""
        if self.squared:
            return _half_sse(err, buf.square)
        return LOSSES[self.loss].total(y, a[-1], h, self.output)

    def step(self, a, err, buf):
        """One step from a batch's forward pass and output error (spent)."""
        backward(a, err, self.W_T, self.b, self.prime, self.output_prime,
                 self.grad_views, buf)
        # In place: the next batch's backward pass overwrites the gradient,
        # and fewer arrays stay in the cache (on 784-128-10, the gradient and
        # the parameters fill most of it).
        if not buf.exact:
            np.multiply(self.grad, buf.minus_k, out=self.grad)
        np.multiply(self.grad, buf.rate, out=self.grad)
        np.subtract(self.flat, self.grad, out=self.flat)

    def keep(self, epoch, E):
        """:func:`mlp.train.guard` on the flat parameters; keep them if they
        pass, and go back to the last ones that did if they do not."""
        # The guard's test, without its errstate (fit has one): Σ x² is
        # finite only if every x is; if not, the exact test decides.
        flat = self.flat
        if not (math.isfinite(E) and (math.isfinite(flat @ flat) or np.isfinite(flat).all())):
            np.copyto(flat, self.saved)
            raise diverged(epoch, E, self.loss, self.learn_rate)
        np.copyto(self.saved, flat)

    def loss_over(self, X, y):
        buf = self.buffers(X.shape[0])
        return self.total(y, *self.errors(X, y, buf), buf) * self.weight(len(X))

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
    batches = t.batches(X, y, size) if rng is None else None
    try:
        for epoch in range(epochs):
            if rng is not None:
                batches = t.batches(X, y, size, rng.permutation(m))
            seen = 0.0
            for xb, yb, buf in batches:
                a, h, err = t.errors(xb, yb, buf)
                if history == "batches":
                    seen += t.total(yb, a, h, err, buf)
                elif fused and epoch:
                    losses[epoch - 1] = E = t.total(yb, a, h, err, buf) * t.weight(m)
                    t.keep(epoch - 1, E)
                t.step(a, err, buf)
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
