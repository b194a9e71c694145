"""A multilayer perceptron: forward pass, backpropagation, gradient descent.

Conventions, stated once and kept everywhere:

* **Rows.** ``X`` has shape (m, n_in), one record per row. Layer ``l`` has
  ``W[l]`` of shape (n_in, n_out) and, optionally, ``b[l]`` of shape
  (n_out,); ``h[l] = a[l] @ W[l] + b[l]`` and ``a[l + 1] = f(h[l])``, so
  ``a[0]`` is the input and ``a[-1]`` is ŷ. The column convention of
  Rashid and the Coding Train (W·x, W shaped (n_out, n_in)) is ``W.T``.
* **Loss.** ``"sse"`` is E = ½ Σ (y − ŷ)² over records and outputs;
  ``"mse"`` is the same sum divided by the number of records m.
* **Sign.** ``delta[l]`` is the lesson's error term δ = −∂E/∂h for each
  record, before any averaging: δ = (y − ŷ) f′(h) at the output. So a
  positive δ says "h should grow", and ∂E/∂W[l] = −a[l]ᵀ δ[l] (÷ m for mse).
* **Step.** ``W ← W − η ∂E/∂W``: the learning rate η is applied by the
  step, never folded into a gradient.
"""

import math
import os
import tempfile
import zipfile
from dataclasses import dataclass

import numpy as np

from . import _checks
from .activations import ACTIVATIONS

__all__ = ["LOSSES", "Forward", "Gradients", "Network"]

#: The loss names accepted wherever ``loss=`` is.
LOSSES = ("sse", "mse")

_FILE_FORMAT = "mlp.Network"
_FILE_VERSION = 1


def _loss_scale(loss, m):
    """The factor that turns a sum over m records into the named loss."""
    return 1.0 if loss == "sse" else 1.0 / m


def _half_sse(err):
    """½ Σ err² over records and outputs, as a Python float."""
    # np.add.reduce is np.sum without its Python wrapper: the same pairwise
    # sum, bit for bit, and fit may call this once per step.
    return 0.5 * float(np.add.reduce(np.square(err), axis=None))


def _flat_copy(arrays):
    """One contiguous copy of `arrays`, and views of it shaped like them."""
    flat = np.concatenate([A.ravel() for A in arrays])
    views, start = [], 0
    for A in arrays:
        views.append(flat[start : start + A.size].reshape(A.shape))
        start += A.size
    return flat, views


def _rows(arr):
    """A 1-D record as a one-row matrix; 2-D arrays pass unchanged."""
    return arr if arr.ndim == 2 else arr[None, :]


def rng_from(rng):
    """A random generator from None, an int seed, a Generator or a RandomState.

    Both generator kinds offer ``normal`` and ``permutation``, which is all
    this package draws. A legacy ``RandomState`` reproduces the draws of
    lesson code written with ``np.random.seed``.
    """
    if isinstance(rng, (np.random.Generator, np.random.RandomState)):
        return rng
    if rng is None or (
        isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)
    ):
        return np.random.default_rng(rng)
    raise TypeError(
        "rng must be None, an int seed, a numpy.random.Generator or a "
        f"numpy.random.RandomState, got {rng!r}"
    )


@dataclass(frozen=True)
class Forward:
    """The record of one forward pass: every layer's h and a.

    Attributes
    ----------
    h : list of ndarray
        ``h[l]``, shape (m, n_out of layer l): pre-activation of layer l.
    a : list of ndarray
        ``a[0]`` is the input X, ``a[l + 1] = f(h[l])``, ``a[-1]`` is ŷ.
        One more entry than `h`.

    For a single record (1-D ``X``), every array is 1-D.
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


class Network:
    """A fully connected feed-forward network in the row convention.

    Parameters
    ----------
    weights : sequence of array_like
        ``weights[l]`` has shape (n_in, n_out) of layer l; consecutive
        layers must fit (``weights[l].shape[1] == weights[l + 1].shape[0]``).
        The arrays are copied.
    biases : sequence of array_like or None, optional
        ``biases[l]`` has shape (n_out,) of layer l. None (the default)
        means the network has no bias terms at all, like the lessons'.
    activation : str, optional
        Activation of the hidden layers, a key of :data:`mlp.activations.ACTIVATIONS`.
    output_activation : str, optional
        Activation of the output layer; defaults to `activation`. Use
        ``"identity"`` for a linear output.
    dtype : {"float64", "float32"}, optional
        Float type of the parameters and of every computation.

    Attributes
    ----------
    weights : list of ndarray
    biases : list of ndarray or None
    sizes : list of int
        Units per layer, the inputs first.

    Examples
    --------
    >>> import numpy as np
    >>> from mlp import Network
    >>> net = Network([np.array([[0.4], [-0.2]]), np.array([[0.1]])])
    >>> print(net.predict([0.1, 0.3]))
    [0.51237248]
    """

    def __init__(
        self,
        weights,
        biases=None,
        activation="sigmoid",
        output_activation=None,
        dtype="float64",
    ):
        dt = _checks.dtype(dtype)
        activation = _checks.choice("activation", activation, ACTIVATIONS)
        if output_activation is None:
            output_activation = activation
        output_activation = _checks.choice(
            "output_activation", output_activation, ACTIVATIONS
        )
        if isinstance(weights, np.ndarray) or not hasattr(weights, "__len__"):
            raise TypeError(
                "weights must be a list with one 2-D array per layer, "
                f"got {type(weights).__name__}"
            )
        if len(weights) == 0:
            raise ValueError(
                "weights must hold at least one 2-D array (one per layer), got "
                f"an empty {type(weights).__name__}"
            )
        Ws = []
        for l, W in enumerate(weights):
            W = _checks.array(f"weights[{l}]", W, dt, ndims=(2,)).copy()
            if Ws and W.shape[0] != Ws[-1].shape[1]:
                raise ValueError(
                    f"weights[{l}] has {W.shape[0]} rows but weights[{l - 1}] has "
                    f"{Ws[-1].shape[1]} columns (shapes {Ws[-1].shape} and "
                    f"{W.shape}); each layer takes as many inputs as the "
                    "layer before it has outputs"
                )
            Ws.append(W)
        bs = None
        if biases is not None:
            if isinstance(biases, np.ndarray) or not hasattr(biases, "__len__"):
                raise TypeError(
                    "biases must be None or a list with one 1-D array per "
                    f"layer, got {type(biases).__name__}"
                )
            if len(biases) != len(Ws):
                raise ValueError(
                    f"biases has {len(biases)} arrays but weights has {len(Ws)} "
                    "layers; give one bias array per layer, or None for no biases"
                )
            bs = []
            for l, (b, W) in enumerate(zip(biases, Ws)):
                b = _checks.array(f"biases[{l}]", b, dt, ndims=(1,)).copy()
                if b.shape[0] != W.shape[1]:
                    raise ValueError(
                        f"biases[{l}] has {b.shape[0]} entries but layer {l} has "
                        f"{W.shape[1]} units (weights[{l}] has shape {W.shape})"
                    )
                bs.append(b)
        self.weights = Ws
        self.biases = bs
        self.activation = activation
        self.output_activation = output_activation
        self.dtype = dt

    @classmethod
    def random(
        cls,
        sizes,
        *,
        rng=None,
        bias=True,
        scale="fan_in",
        activation="sigmoid",
        output_activation=None,
        dtype="float64",
    ):
        """A network with weights drawn from a normal distribution.

        Parameters
        ----------
        sizes : sequence of int
            Units per layer, inputs first: ``[2, 3, 1]`` is 2-3-1.
        rng : None, int, numpy.random.Generator or numpy.random.RandomState
            Source of randomness; an int is a seed for ``default_rng``.
        bias : bool, optional
            Give every layer a bias, started at zero.
        scale : "fan_in" or float, optional
            Standard deviation of the weights: ``"fan_in"`` draws layer l
            from N(0, 1/√n_in); a number uses that deviation for every layer
            (``scale=1.0`` is the unscaled start, kept for contrast).
        activation, output_activation, dtype
            As for :class:`Network`.

        Returns
        -------
        Network

        Notes
        -----
        Layers are drawn in order, each as one ``normal(0, σ, (n_in, n_out))``
        call, so a ``RandomState`` seeded as a lesson seeds ``np.random``
        reproduces the lesson's weights.

        Examples
        --------
        >>> from mlp import Network
        >>> net = Network.random([2, 3, 1], rng=0)
        >>> [W.shape for W in net.weights]
        [(2, 3), (3, 1)]
        """
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
            raise TypeError(f"sizes must be a list of layer sizes, got {sizes!r}")
        if len(sizes) < 2:
            raise ValueError(
                f"sizes must list at least the inputs and the outputs, got {list(sizes)!r}"
            )
        sizes = [_checks.positive_int(f"sizes[{i}]", n) for i, n in enumerate(sizes)]
        if not isinstance(bias, (bool, np.bool_)):
            raise TypeError(f"bias must be True or False, got {_checks.shown(bias)}")
        if not (isinstance(scale, str) and scale == "fan_in"):
            if isinstance(scale, str):
                raise ValueError(f"scale must be 'fan_in' or a number, got {scale!r}")
            scale = _checks.positive_number("scale", scale)
        rng = rng_from(rng)
        weights = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            sigma = n_in**-0.5 if scale == "fan_in" else scale
            weights.append(rng.normal(0.0, sigma, size=(n_in, n_out)))
        biases = [np.zeros(n) for n in sizes[1:]] if bias else None
        return cls(weights, biases, activation, output_activation, dtype)

    @property
    def sizes(self):
        """Units per layer, inputs first."""
        return [self.weights[0].shape[0]] + [W.shape[1] for W in self.weights]

    def __repr__(self):
        return (
            f"Network(sizes={self.sizes}, activation={self.activation!r}, "
            f"output_activation={self.output_activation!r}, "
            f"bias={self.biases is not None}, dtype={self.dtype.name})"
        )

    # -- the public boundary: check once, then call the trusting core -------

    def _inputs(self, X):
        """Checked X as a 2-D array, and whether it was a single record."""
        X = _checks.array("X", X, self.dtype, ndims=(1, 2))
        n_in = self.weights[0].shape[0]
        if X.shape[-1] != n_in:
            what = "entries" if X.ndim == 1 else "columns"
            raise ValueError(
                f"X has {X.shape[-1]} {what} but the first layer expects {n_in} "
                f"inputs (weights[0] has shape {self.weights[0].shape})"
            )
        _checks.no_overflow("X", X, self.weights, self.biases, self._activation_names())
        return _rows(X), X.ndim == 1

    def _targets(self, y, m, single):
        """Checked targets as a 2-D array of shape (m, n_out)."""
        n_out = self.weights[-1].shape[1]
        y = _checks.array("y", y, self.dtype)
        if single:
            fits = y.shape in ((n_out,), (1, n_out)) or (n_out == 1 and y.ndim == 0)
            wanted = f"({n_out},)" + (" or a number" if n_out == 1 else "")
        else:
            fits = y.shape == (m, n_out) or (n_out == 1 and y.shape == (m,))
            wanted = f"({m}, {n_out})" + (f" or ({m},)" if n_out == 1 else "")
        if not fits:
            records = "one record" if single else f"{m} records"
            raise ValueError(
                f"y has shape {y.shape} but X holds {records} and the network has "
                f"{n_out} output(s); expected shape {wanted}"
            )
        return y.reshape(m, n_out)

    def _check_record(self, record):
        if not isinstance(record, Forward):
            raise TypeError(
                f"record must be the Forward record that forward() returns, got "
                f"{type(record).__name__}"
            )
        if [_rows(a).shape[1] for a in record.a] != self.sizes:
            raise ValueError(
                f"record must come from a network of sizes {self.sizes}, got "
                f"one from a network of sizes {[_rows(a).shape[1] for a in record.a]}"
            )

    def forward(self, X):
        """Run X through the network and record every layer.

        Parameters
        ----------
        X : array_like, shape (m, n_in) or (n_in,)
            Input records, one per row, or a single record.

        Returns
        -------
        Forward
            ``h`` and ``a`` of every layer; 1-D arrays for a single record.

        Notes
        -----
        .. math:: h^{(l)} = a^{(l)} W^{(l)} + b^{(l)}, \\qquad
                  a^{(l+1)} = f\\bigl(h^{(l)}\\bigr)
        """
        X, single = self._inputs(X)
        h, a = self._forward(X)
        if single:
            h, a = [v[0] for v in h], [v[0] for v in a]
        return Forward(h, a)

    def backward(self, record, y, loss="mse"):
        """Backpropagate from a forward record; changes nothing.

        Parameters
        ----------
        record : Forward
            What :meth:`forward` returned for the inputs.
        y : array_like, shape (m, n_out), (m,) for one output, or (n_out,)
            Targets of the recorded inputs.
        loss : {"mse", "sse"}, optional

        Returns
        -------
        Gradients
            ``delta`` per layer (shaped like ``record.h``), and ``dE_dW``
            and ``dE_db`` shaped like the parameters.

        Notes
        -----
        .. math:: \\delta^{(L)} = (y - \\hat y) \\odot f'(h^{(L)}), \\qquad
                  \\delta^{(l)} = \\delta^{(l+1)} W^{(l+1)\\top} \\odot f'(h^{(l)})

        .. math:: \\frac{\\partial E}{\\partial W^{(l)}}
                  = -\\frac{1}{m}\\, a^{(l)\\top} \\delta^{(l)} \\quad
                  \\text{(mse; without } \\tfrac1m \\text{ for sse)}
        """
        self._check_record(record)
        loss = _checks.choice("loss", loss, LOSSES)
        single = record.a[0].ndim == 1
        a = [_rows(v) for v in record.a]
        y = self._targets(y, a[0].shape[0], single)
        scale = _loss_scale(loss, a[0].shape[0])
        G, g, delta = self._backward(a, y - a[-1])
        dE_dW = [-scale * G_l for G_l in G]
        dE_db = None if g is None else [-scale * g_l for g_l in g]
        if single:
            delta = [d[0] for d in delta]
        return Gradients(dE_dW, dE_db, delta)

    def step(self, X, y, learn_rate, loss="mse"):
        """One gradient-descent update of every layer from one batch.

        Every delta is found from the current weights before any weight
        changes.

        Parameters
        ----------
        X : array_like, shape (m, n_in) or (n_in,)
        y : array_like, shape (m, n_out), (m,) for one output, or (n_out,)
        learn_rate : float
            η, a positive number.
        loss : {"mse", "sse"}, optional

        Returns
        -------
        Gradients
            The gradients the step applied.

        Raises
        ------
        FloatingPointError
            If the step would make a weight infinite or NaN; the weights
            are then left as they were.

        Notes
        -----
        .. math:: W \\leftarrow W - \\eta \\frac{\\partial E}{\\partial W}
        """
        learn_rate = _checks.positive_number("learn_rate", learn_rate)
        record = self.forward(X)
        grads = self.backward(record, y, loss)
        params = self.weights + (self.biases or [])
        saved = [P.copy() for P in params]
        with np.errstate(over="ignore", invalid="ignore"):
            self._apply(grads, learn_rate)
        if not all(np.isfinite(P).all() for P in params):
            for P, good in zip(params, saved):
                P[...] = good
            raise FloatingPointError(
                f"the step with learn_rate={learn_rate} would make a weight "
                "infinite or NaN; try a smaller learn_rate. The weights were "
                "left as they were."
            )
        return grads

    # Divergence is reported once, by the FloatingPointError below, with the
    # weights restored; NumPy's overflow warnings on the way there would only
    # repeat it (and, as errors, would escape before the weights are restored).
    @np.errstate(over="ignore", invalid="ignore")
    def fit(
        self,
        X,
        y,
        *,
        epochs,
        learn_rate,
        loss="mse",
        batch_size=None,
        shuffle=False,
        rng=None,
        history="epoch",
    ):
        """Train by gradient descent; full-batch, stochastic or mini-batch.

        Parameters
        ----------
        X : array_like, shape (m, n_in)
        y : array_like, shape (m, n_out), or (m,) for one output
        epochs : int
            Passes over the data.
        learn_rate : float
            η, a positive number.
        loss : {"mse", "sse"}, optional
            The loss of each batch; with ``"mse"`` a batch's step is its
            mean gradient.
        batch_size : int or None, optional
            Records per step: None for the full batch, 1 for stochastic
            gradient descent, k for mini-batches (the last may be smaller).
        shuffle : bool, optional
            Visit the records in a new random order every epoch.
        rng : None, int, numpy.random.Generator or numpy.random.RandomState
            Source of the shuffling order.
        history : {"epoch", "batches"}, optional
            What the returned losses measure. ``"epoch"``: the loss over all
            of X after each epoch, which costs one more forward pass over X
            per epoch when there are several batches. ``"batches"``: the loss
            over all of X with each record's error taken in the forward pass
            of its own batch, before that batch's step (so with one batch,
            the loss before the epoch's step), as scikit-learn and Keras
            report it; it costs nothing extra.

        Returns
        -------
        ndarray, shape (epochs,)
            The loss of each epoch, as `history` says.

        Raises
        ------
        FloatingPointError
            If the loss becomes NaN or infinite. The weights are first
            restored to those of the last epoch with a finite loss.
        """
        X, single = self._inputs(X)
        if single:
            raise ValueError(
                f"X must be a 2-D array of records for fit, got shape {X.shape[1:]}; "
                "use X[None, :] to train on a single record"
            )
        y = self._targets(y, X.shape[0], single)
        epochs = _checks.positive_int("epochs", epochs)
        learn_rate = _checks.positive_number("learn_rate", learn_rate)
        loss = _checks.choice("loss", loss, LOSSES)
        m = X.shape[0]
        if batch_size is not None:
            batch_size = _checks.positive_int("batch_size", batch_size)
        size = m if batch_size is None else min(batch_size, m)
        if not isinstance(shuffle, (bool, np.bool_)):
            raise TypeError(f"shuffle must be True or False, got {shuffle!r}")
        rng = rng_from(rng) if shuffle else None
        history = _checks.choice("history", history, ("epoch", "batches"))

        # fit trains a flat copy of the parameters: every weight and bias is a
        # view into one array and every gradient a view into another, so a
        # few ufunc calls update all layers and one saves or restores them
        # (per-layer calls were a large share of a small network's step, as
        # profiling showed). The caller's arrays receive the result when fit
        # ends, however it ends.
        params = self.weights + (self.biases or [])
        flat, views = _flat_copy(params)
        grad, grad_views = _flat_copy(params)
        step = np.empty_like(flat)
        saved = flat.copy()  # the last weights with a finite loss
        weights, biases, L = self.weights, self.biases, len(self.weights)
        self.weights, self.biases = views[:L], views[L:] or None
        # With one unshuffled batch, each forward pass runs over all of X on
        # the weights the previous epoch left: its error gives that epoch's
        # loss, so no second forward pass per epoch is needed.
        fused = size == m and not shuffle and history == "epoch"
        by_batches = history == "batches"
        losses = np.empty(epochs)

        def record(epoch, E):
            """Keep an epoch's loss; restore the weights if it or they are not finite."""
            losses[epoch] = E
            # A saturated sigmoid output can keep the loss finite while a
            # weight has overflowed, so the weights are checked too.
            if not (math.isfinite(E) and np.isfinite(flat).all()):
                flat[...] = saved
                last = f"those after epoch {epoch}" if epoch else "their starting values"
                what = (
                    f"the {loss} loss became {E}"
                    if not math.isfinite(E)
                    else "a weight became infinite or NaN"
                )
                raise FloatingPointError(
                    f"training diverged: {what} in epoch {epoch + 1} with "
                    f"learn_rate={learn_rate}; try a smaller learn_rate. The "
                    f"weights were restored to {last}."
                )
            saved[...] = flat

        try:
            for epoch in range(epochs):
                order = rng.permutation(m) if shuffle else None
                seen = 0.0  # ½ Σ err² of the records this epoch has used
                for start in range(0, m, size):
                    rows = slice(start, start + size)
                    if order is not None:
                        rows = order[rows]
                    Xb, yb = X[rows], y[rows]
                    scale = _loss_scale(loss, Xb.shape[0])
                    _, a = self._forward(Xb)
                    err = yb - a[-1]
                    if by_batches:
                        seen += _half_sse(err)
                    elif fused and epoch:
                        record(epoch - 1, _half_sse(err) * scale)
                    self._backward(a, err, out=grad_views)
                    # W ← W − η ∂E/∂W, with ∂E/∂W = −scale·G, for every layer.
                    # When scale is a power of two (a batch of 1, 2, 4, ...
                    # records, or "sse"), −scale·G is exact, so η(−scale·G)
                    # rounds once, as (−scale·η)·G does: one pass, same floats.
                    if math.frexp(scale)[0] == 0.5:
                        np.multiply(grad, -scale * learn_rate, out=step)
                    else:
                        np.multiply(grad, -scale, out=grad)
                        np.multiply(grad, learn_rate, out=step)
                    flat -= step
                if by_batches:
                    record(epoch, seen * _loss_scale(loss, m))
                elif not fused or epoch == epochs - 1:
                    record(epoch, self._loss(X, y, loss))
        finally:
            for P, V in zip(params, views):
                P[...] = V
            self.weights, self.biases = weights, biases
        return losses

    def predict(self, X):
        """The network's output ŷ for X.

        Parameters
        ----------
        X : array_like, shape (m, n_in) or (n_in,)

        Returns
        -------
        ndarray, shape (m, n_out), or (n_out,) for a single record
            Note the shape for one output: compare with targets of shape
            (m,) through ``predict(X)[:, 0]``, not by broadcasting.
        """
        X, single = self._inputs(X)
        y_hat = self._forward(X)[1][-1]
        return y_hat[0] if single else y_hat

    def loss(self, X, y, loss="mse"):
        """The loss of the network on X and y, as a Python float.

        Parameters
        ----------
        X : array_like, shape (m, n_in) or (n_in,)
        y : array_like, shape (m, n_out), (m,) for one output, or (n_out,)
        loss : {"mse", "sse"}, optional
            ``"sse"``: E = ½ Σ (y − ŷ)²; ``"mse"``: the same divided by m.
        """
        X, single = self._inputs(X)
        y = self._targets(y, X.shape[0], single)
        loss = _checks.choice("loss", loss, LOSSES)
        # An output beyond the float range has a loss of inf, not a warning.
        with np.errstate(over="ignore"):
            return self._loss(X, y, loss)

    # -- the trusting core: 2-D arrays of the network's dtype ---------------

    def _activation_names(self):
        """The activation name of every layer, hidden layers first."""
        return [self.activation] * (len(self.weights) - 1) + [self.output_activation]

    def _activations(self):
        """The activation table entry of every layer, hidden layers first."""
        return [ACTIVATIONS[name] for name in self._activation_names()]

    def _forward(self, X):
        h, a = [], [X]
        biases = self.biases or [None] * len(self.weights)
        for W, b, act in zip(self.weights, biases, self._activations()):
            z = a[-1] @ W
            if b is not None:
                z += b
            h.append(z)
            a.append(act.f(z))
        return h, a

    def _backward(self, a, err, out=None):
        """Deltas from the output error ``err = y − ŷ``, and per-record sums.

        Returns ``(G, g, delta)`` with ``G[l] = a[l]ᵀ δ[l]`` and ``g[l]`` the
        sum of δ[l] over the records (None without biases), so that
        ∂E/∂W[l] = −scale · G[l] and ∂E/∂b[l] = −scale · g[l]. The scaling is
        left to the caller so that fit can apply it to every layer at once.
        `out`, if given, is a list of arrays shaped like the parameters
        (weights, then biases) that receives G and g instead of new arrays.
        """
        L = len(self.weights)
        acts = self._activations()
        out = out or [None] * (2 * L)
        G, g, delta = [None] * L, [None] * L, [None] * L
        d = err  # for the identity, f′ = 1: multiplying by ones would only copy
        if self.output_activation != "identity":
            d = err * acts[-1].prime_from_output(a[-1])
        for l in reversed(range(L)):
            delta[l] = d
            G[l] = np.matmul(a[l].T, d, out=out[l])
            if self.biases is not None:
                # np.add.reduce is ndarray.sum without its Python wrapper:
                # the same sum, bit for bit, at a fraction of the call cost.
                g[l] = np.add.reduce(d, axis=0, out=out[L + l])
            if l:
                d = d @ self.weights[l].T
                d *= acts[l - 1].prime_from_output(a[l])  # in place: no new array
        return G, (g if self.biases is not None else None), delta

    def _apply(self, grads, learn_rate):
        for W, g in zip(self.weights, grads.dE_dW):
            W -= learn_rate * g
        if self.biases is not None:
            for b, g in zip(self.biases, grads.dE_db):
                b -= learn_rate * g

    def _loss(self, X, y, loss):
        y_hat = self._forward(X)[1][-1]
        return _half_sse(y - y_hat) * _loss_scale(loss, X.shape[0])

    # -- files ---------------------------------------------------------------

    def save(self, path):
        """Write the network to an ``.npz`` file, atomically and without pickle.

        The file is written beside `path` under a temporary name and moved
        into place only when complete, so an interrupted save leaves any
        earlier file at `path` as it was.

        Parameters
        ----------
        path : str or os.PathLike
            Where to write; used exactly as given (no suffix is added).

        Raises
        ------
        ValueError
            If a parameter, edited in place, is no longer finite or no
            longer fits its layer; nothing is written.
        """
        path = _checks.path("path", path)
        # The constructor's checks, run on the current parameters (which a
        # user may have edited in place), so that load can read whatever
        # save writes, and a non-finite weight never reaches the disk.
        type(self)(
            self.weights, self.biases, self.activation, self.output_activation, self.dtype
        )
        arrays = {
            "format": np.array(_FILE_FORMAT),
            "version": np.array(_FILE_VERSION),
            "activation": np.array(self.activation),
            "output_activation": np.array(self.output_activation),
            "n_layers": np.array(len(self.weights)),
            "has_bias": np.array(self.biases is not None),
        }
        for l, W in enumerate(self.weights):
            arrays[f"W{l}"] = W
        for l, b in enumerate(self.biases or []):
            arrays[f"b{l}"] = b
        folder = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".mlp-", suffix=".npz.tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                np.savez(f, **arrays)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise

    @classmethod
    def load(cls, path):
        """Read a network written by :meth:`save`.

        Parameters
        ----------
        path : str or os.PathLike

        Returns
        -------
        Network
            Equal, array for array, to the one saved.

        Raises
        ------
        FileNotFoundError
            If there is no file at `path`.
        ValueError
            If the file is not a complete network saved by mlp. Nothing in
            the file is ever executed: only a zip archive is opened, and
            object (pickled) arrays in it are refused. The how-to page
            "When something goes wrong" shows every message.
        """
        path = _checks.path("path", path)
        try:
            # Only an archive reaches np.load: anything else would be tried
            # as a pickle, and NumPy's refusal then suggests allow_pickle.
            with open(path, "rb") as f:
                magic = f.read(6)
                if magic == b"\x93NUMPY":
                    raise ValueError(
                        "expected an .npz archive, got a single array (an .npy file)"
                    )
                if not magic.startswith(b"PK"):
                    raise ValueError(
                        "expected an .npz (zip) archive, got a file that begins "
                        f"{magic!r}"
                    )
                f.seek(0)
                with np.load(f, allow_pickle=False) as data:
                    return cls._from_arrays({k: data[k] for k in data.files})
        except FileNotFoundError:
            raise
        except (zipfile.BadZipFile, EOFError) as exc:
            raise ValueError(
                f"{path} is not a network saved by mlp: expected a complete .npz "
                f"archive, got a damaged or truncated one ({exc})"
            ) from None
        except (ValueError, TypeError, KeyError, OSError) as exc:
            raise ValueError(f"{path} is not a network saved by mlp: {exc}") from None

    @classmethod
    def _from_arrays(cls, d):
        def scalar(key, kind):
            if key not in d:
                raise KeyError(f"it has no {key!r} entry")
            v = d[key]
            if v.shape != () or v.dtype.kind != kind:
                raise ValueError(
                    f"its {key!r} entry must be a single value of dtype kind "
                    f"{kind!r}, got shape {v.shape} and dtype {v.dtype}"
                )
            return v.item()

        if "format" not in d or scalar("format", "U") != _FILE_FORMAT:
            raise ValueError(
                f"expected a 'format' entry {_FILE_FORMAT!r}, found entries "
                f"{sorted(d)}"
            )
        if scalar("version", "i") != _FILE_VERSION:
            raise ValueError(
                f"it is format version {d['version']}; this mlp reads version "
                f"{_FILE_VERSION}"
            )
        n = scalar("n_layers", "i")
        has_bias = scalar("has_bias", "b")
        if not 1 <= n <= 10_000:
            raise ValueError(f"its layer count must be from 1 to 10000, got {n}")
        expected = {"format", "version", "activation", "output_activation",
                    "n_layers", "has_bias"}
        expected |= {f"W{l}" for l in range(n)}
        if has_bias:
            expected |= {f"b{l}" for l in range(n)}
        if set(d) != expected:
            missing, extra = expected - set(d), set(d) - expected
            raise ValueError(
                f"its entries do not match {n} layers (missing {sorted(missing)}, "
                f"unexpected {sorted(extra)})"
            )
        Ws = [d[f"W{l}"] for l in range(n)]
        dtype = Ws[0].dtype
        if any(W.dtype != dtype for W in Ws) or dtype not in _checks.FLOAT_DTYPES:
            raise ValueError(
                "its weights must be all float64 or all float32, got dtypes "
                f"{[W.dtype.name for W in Ws]}"
            )
        return cls(
            Ws,
            [d[f"b{l}"] for l in range(n)] if has_bias else None,
            scalar("activation", "U"),
            scalar("output_activation", "U"),
            dtype,
        )
