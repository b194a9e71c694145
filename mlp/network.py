"""The public boundary: a network that checks its arguments once, then calls the core.

The maths lives in :mod:`mlp.core`, whose docstring states the
conventions (rows, the loss, the sign of δ, the step) once for the whole
package; the training loop lives in :mod:`mlp.train` and its fast twin in
``mlp._fast``; files in :mod:`mlp.io`; every argument check in
``mlp._checks``.
"""

import numpy as np

from . import _checks, _fast, core, io, train
from .activations import ACTIVATIONS
from .core import LOSSES, Forward, Gradients

__all__ = ["LOSSES", "Forward", "Gradients", "Network"]



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
        self.dtype = _checks.dtype(dtype)
        self.activation = _checks.choice("activation", activation, ACTIVATIONS)
        self.output_activation = _checks.choice(
            "output_activation",
            activation if output_activation is None else output_activation,
            ACTIVATIONS,
        )
        self.weights = _checks.weights(weights, self.dtype)
        self.biases = _checks.biases(biases, self.weights, self.dtype)
        _checks.layer_activations(self.activation, self.output_activation,
                                  self.weights[-1].shape[1])

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
            with standard deviation 1/√n_in, i.e. from N(0, 1/n_in); a number
            uses that deviation for every layer
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
        sizes = _checks.sizes(sizes)
        bias = _checks.flag("bias", bias)
        scale = _checks.scale(scale)
        rng = _checks.rng(rng)
        weights = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            sigma = n_in**-0.5 if scale == "fan_in" else scale
            W = rng.normal(0.0, sigma, size=(n_in, n_out))
            with np.errstate(over="ignore"):
                if not np.isfinite(W.astype(_checks.dtype(dtype))).all():
                    raise ValueError(f"scale must be small enough for the weights drawn "
                                     f"with it to be finite {np.dtype(dtype)} numbers, "
                                     f"got {scale!r}")
            weights.append(W)
        biases = [np.zeros(n) for n in sizes[1:]] if bias else None
        return cls(weights, biases, activation, output_activation, dtype)

    @property
    def sizes(self):
        """Units per layer, inputs first."""
        return [self.weights[0].shape[0]] + [W.shape[1] for W in self.weights]

    @property
    def activations(self):
        """The activation name of every layer, hidden layers first."""
        return [self.activation] * (len(self.weights) - 1) + [self.output_activation]

    def parameters(self):
        """Every weight matrix, then every bias vector: the arrays training changes."""
        return self.weights + (self.biases or [])

    def __repr__(self):
        return (
            f"Network(sizes={self.sizes}, activation={self.activation!r}, "
            f"output_activation={self.output_activation!r}, "
            f"bias={self.biases is not None}, dtype={self.dtype.name})"
        )

    def _inputs(self, X):
        _checks.current(self.weights, self.biases, self.dtype)
        return _checks.inputs(X, self.dtype, self.weights, self.biases, self.activations)

    def _targets(self, y, m, single, loss):
        y = _checks.targets(y, m, single, self.weights[-1].shape[1], self.dtype)
        return _checks.loss_targets(y, loss, self.output_activation)

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
        .. math::

            h^{(l)} &= a^{(l)} W^{(l)} + b^{(l)} \\\\
            a^{(l+1)} &= f\\bigl(h^{(l)}\\bigr)
        """
        X, single = self._inputs(X)
        record = core.forward(X, self.weights, self.biases, self.activations)
        return _single(record) if single else record

    def backward(self, record, y, loss="mse"):
        """Backpropagate from a forward record; changes nothing.

        Parameters
        ----------
        record : Forward
            What :meth:`forward` returned for the inputs.
        y : array_like, shape (m, n_out), (m,) for one output, or (n_out,)
            Targets of the recorded inputs.
        loss : {"mse", "sse", "cross_entropy"}, optional

        Returns
        -------
        Gradients
            ``delta`` per layer (shaped like ``record.h``), and ``dE_dW``
            and ``dE_db`` shaped like the parameters.

        Notes
        -----
        .. math::

            \\delta^{(L-1)} &= (y - \\hat y) \\odot f'(h^{(L-1)}) \\\\
            \\delta^{(l)} &= \\delta^{(l+1)} W^{(l+1)\\top} \\odot f'(h^{(l)})

        .. math::

            \\frac{\\partial E}{\\partial W^{(l)}} = -\\frac{1}{m}\\, a^{(l)\\top} \\delta^{(l)}

        (mse and cross_entropy; without 1/m for sse). The output error
        term δ^(L−1) is the squared error's; the cross-entropy's is y − ŷ
        (see :func:`mlp.core.backward`).
        """
        _checks.current(self.weights, self.biases, self.dtype)
        _checks.record(record, self.sizes)
        loss = _checks.loss(loss, self.output_activation)
        single = record.a[0].ndim == 1
        record = Forward([_checks.rows(h) for h in record.h],
                         [_checks.rows(a) for a in record.a])
        y = self._targets(y, record.a[0].shape[0], single, loss)
        grads = core.backward(record, y, self.weights, self.biases, self.activations, loss)
        if single:
            grads = Gradients(grads.dE_dW, grads.dE_db, [d[0] for d in grads.delta])
        return grads

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
        loss : {"mse", "sse", "cross_entropy"}, optional

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
        grads = self.backward(self.forward(X), y, loss)
        with np.errstate(over="ignore", invalid="ignore"):
            W, b = core.step(self.weights, self.biases, grads, learn_rate)
        new = W + (b or [])
        if not train.finite(new):
            raise FloatingPointError(
                f"the step with learn_rate={learn_rate} would make a weight "
                "infinite or NaN; try a smaller learn_rate. The weights were "
                "left as they were."
            )
        for P, P_new in zip(self.parameters(), new):
            P[...] = P_new
        return grads

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
        history="auto",
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
        loss : {"mse", "sse", "cross_entropy"}, optional
            The loss of each batch; with ``"mse"`` a batch's step is its
            mean gradient.
        batch_size : int or None, optional
            Records per step: None for the full batch, 1 for one record per
            step (stochastic gradient descent with ``shuffle=True``, online
            learning in a fixed order without), k for mini-batches (the last
            may be smaller).
        shuffle : bool, optional
            Visit the records in a new random order every epoch.
        rng : None, int, numpy.random.Generator or numpy.random.RandomState
            Source of the shuffling order.
        history : {"auto", "epoch", "batches"}, optional
            What the returned losses measure. ``"epoch"``: the loss over all
            of X after each epoch. ``"batches"``: the loss over all of X with
            each record's error taken in the forward pass of its own batch,
            before that batch's step (so with one batch, the loss before the
            epoch's step): the running loss that scikit-learn and Keras
            record. ``"auto"``, the default: ``"epoch"`` when one batch holds
            all the records, ``"batches"`` when there are several. With one
            batch the loss after the epoch comes free from the next epoch's
            forward pass; with several it would cost a forward pass over X of
            its own every epoch. The default used to be ``"epoch"``: pass it
            to keep the loss after each epoch with mini-batches.

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
        X = _checks.fit_inputs(*self._inputs(X))
        loss = _checks.loss(loss, self.output_activation)
        y = self._targets(y, X.shape[0], False, loss)
        options = dict(
            epochs=_checks.positive_int("epochs", epochs),
            learn_rate=_checks.positive_number("learn_rate", learn_rate),
            loss=loss,
            batch_size=(None if batch_size is None
                        else _checks.positive_int("batch_size", batch_size)),
            shuffle=_checks.flag("shuffle", shuffle, show=repr),
            rng=_checks.rng(rng),  # checked whether or not shuffling uses it
            history=_checks.choice("history", history, ("auto", "epoch", "batches")),
        )
        _checks.history_memory(options, X.shape[0])
        options["rng"] = options["rng"] if options.pop("shuffle") else None
        # The fast twin of mlp.train.fit: the same floats, bit for bit.
        return _fast.fit(self.weights, self.biases, self.activations, X, y, **options)

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
        y_hat = core.forward(X, self.weights, self.biases, self.activations).y_hat
        return y_hat[0] if single else y_hat

    def loss(self, X, y, loss="mse"):
        """The loss of the network on X and y, as a Python float.

        Parameters
        ----------
        X : array_like, shape (m, n_in) or (n_in,)
        y : array_like, shape (m, n_out), (m,) for one output, or (n_out,)
        loss : {"mse", "sse", "cross_entropy"}, optional
            ``"sse"``: E = ½ Σ (y − ŷ)²; ``"mse"``: the same divided by m.
        """
        X, single = self._inputs(X)
        loss = _checks.loss(loss, self.output_activation, derived=False)
        y = self._targets(y, X.shape[0], single, loss)
        # An output beyond the float range has a loss of inf, not a warning.
        with np.errstate(over="ignore"):
            return train.epoch_loss(X, y, self.weights, self.biases, self.activations, loss)

    def save(self, path):
        """Write the network to an ``.npz`` file, atomically and without pickle.

        The file is written beside `path` under a temporary name and moved
        into place only when complete, so an interrupted save leaves any
        earlier file at `path` as it was. A new file gets the umask's
        permissions, a replaced one keeps its own, and a symbolic link is
        followed to the file it names.

        Parameters
        ----------
        path : str or os.PathLike
            Where to write; used exactly as given (no suffix is added).

        Raises
        ------
        ValueError
            If a parameter, edited in place, is no longer finite or no
            longer fits its layer; nothing is written.
        OSError
            If the file cannot be written (a full disk, a read-only folder,
            a folder or FIFO at `path`); the error names `path`, and nothing
            is left behind.
        """
        io.save(self, path)

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
            If the file is not a complete network saved by mlp, or is not a
            regular file. Nothing in the file is ever executed: only a zip
            archive is opened, object (pickled) arrays in it are refused,
            and its entries' names, storage and sizes are checked before
            any data is read, with at most ``mlp.io.MAX_BYTES`` (1 GiB) of
            arrays. The how-to page "When something goes wrong" shows every
            message.
        """
        return io.load(cls, path)


def _single(record):
    """A one-row forward record as 1-D arrays, as for a single record."""
    return Forward([h[0] for h in record.h], [a[0] for a in record.a])
