"""Validation at the public boundary.

Every public function checks its arguments here once, with messages that
name the argument, say what was expected and echo what was received. The
training loop behind the boundary trusts what it is given.
"""

import math
import numbers
import os
import sys

import numpy as np

from .activations import ACTIVATIONS
from .core import LOSSES, Forward

FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))

#: Activations whose output lies in [-1, 1] whatever their input.
BOUNDED = ("sigmoid", "tanh", "softmax")


def shown(value, limit=60):
    """``repr(value)``, shortened so that a huge argument cannot flood a message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def count(n, noun):
    """"1 unit", "3 units": a count with its noun in the right number."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def dtype(value):
    """The float dtype named by `value` (float64 or float32)."""
    try:
        dt = np.dtype(value)
    except TypeError:
        dt = None
    if dt not in FLOAT_DTYPES:
        raise TypeError(f"dtype must be 'float64' or 'float32', got {shown(value)}")
    return dt


def array(name, value, dt, ndims=None):
    """`value` as a finite, non-empty array of float dtype `dt`.

    Booleans, integers and nested lists are converted, once; an array that
    already has dtype `dt` is used as it is, without a copy. Strings,
    objects, complex numbers and ragged lists are refused with a message
    that names `name`.
    """
    dt = np.dtype(dt)
    try:
        arr = np.asarray(value)
    except ValueError:
        # NumPy's own message speaks of "inhomogeneous shape"; say it plainly.
        raise ValueError(
            f"{name} must be a rectangular array (every row the same length), "
            f"got a ragged sequence {shown(value)}"
        ) from None
    if arr.dtype.kind not in "biuf":
        got = f"dtype {arr.dtype}" if isinstance(value, np.ndarray) else shown(value)
        raise TypeError(f"{name} must hold real numbers, got {got}")
    if ndims is not None and arr.ndim not in ndims:
        if ndims == (0,):
            wanted = "a single number"
        else:
            wanted = "a " + " or ".join(f"{n}-D" for n in ndims) + " array"
        raise ValueError(
            f"{name} must be {wanted}, got a {arr.ndim}-D array of shape {arr.shape}"
        )
    if arr.size == 0:
        raise ValueError(
            f"{name} must hold at least one value, got an empty array of shape "
            f"{arr.shape}"
        )
    if arr.dtype.kind == "f" and not all_finite(arr):
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = f" at index {tuple(int(i) for i in bad)}" if arr.ndim else ""
        raise ValueError(
            f"{name} must be finite, but {np.count_nonzero(~np.isfinite(arr))} "
            f"value(s) are NaN or infinite (first{where}: {arr[tuple(bad)]})"
        )
    if arr.dtype.itemsize > dt.itemsize and arr.dtype.kind == "f":
        _fits(name, arr, dt)
    return arr.astype(dt, copy=False)


def _sum_of_squares(arr):
    """Σ x² over the float array `arr`, in one pass (a BLAS dot when contiguous)."""
    flat = arr.ravel(order="K")
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.dot(flat, flat))


def all_finite(arr):
    """Whether every value of the float array `arr` is finite."""
    # Why not np.isfinite(arr).all() alone: on a large X that and the two
    # reductions of no_overflow took as long as an epoch's worth of steps.
    # Σ x² is finite only if every x is (inf and NaN carry through a sum of
    # squares); only when it is not, or overflowed, does the exact test run.
    return math.isfinite(_sum_of_squares(arr)) or bool(np.isfinite(arr).all())


def _fits(name, arr, dt):
    """Refuse floats beyond the range of the narrower dtype `dt`."""
    # A float64 beyond float32's range would become inf in the cast, with an
    # overflow warning; refuse it by name instead.
    largest = float(np.abs(arr).max())
    if largest > float(np.finfo(dt).max):
        raise ValueError(
            f"{name} must lie within the {dt.name} range (magnitude at most "
            f"{np.finfo(dt).max:.8g}), got a value of magnitude {largest:.8g}; "
            f"rescale {name} or use dtype='float64'"
        )


def no_overflow(name, X, weights, biases, activations):
    """Refuse inputs `X` for which some pre-activation could overflow.

    A bound on every ``|h|`` is carried through the layers: ``max |X|``
    times the largest column sum of ``|W|``, plus the largest ``|b|``;
    after a sigmoid or tanh the bound is 1 again. If every bound is
    finite, no matrix product can overflow, so the forward pass cannot make
    the NaN that ``inf - inf`` gives. The cost is one pass over `X` (two
    more when its bound cannot rule out an overflow) and one over each
    weight matrix.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    X : ndarray, shape (m, n_in)
        Checked, finite inputs.
    weights, biases : list of ndarray
        The network's parameters; `biases` may be None.
    activations : list of str
        Activation name of every layer.
    """
    # First a bound from one pass: max |x| ≤ √(Σ x²). Rounding is monotone,
    # so a computed sum of non-negative terms is never below its largest
    # term's rounded square, x²(1 − ε); the factor 1 + 1e-6 covers that and
    # the square root even in float32 (ε ≈ 6e-8), whatever the length of X.
    # Only when the bound cannot rule out an overflow is the exact max taken.
    # max and -min instead of abs().max(): no temporary the size of X.
    if _overflowing_layer(math.sqrt(_sum_of_squares(X)) * (1 + 1e-6), X.dtype,
                          weights, biases, activations) is None:
        return X
    largest = float(max(X.max(), -X.min()))
    found = _overflowing_layer(largest, X.dtype, weights, biases, activations)
    if found is not None:
        l, h = found
        raise ValueError(
            f"{name} is too large for this network: with |{name}| up to "
            f"{largest:.6g}, the pre-activation of layer {l} "
            f"could reach {h:.6g}, beyond the largest {X.dtype.name} "
            f"({float(np.finfo(X.dtype).max):.6g}), and inf - inf would make NaN; "
            f"rescale {name} (for example, standardise each column)"
        )
    return X


def _overflowing_layer(largest, dt, weights, biases, activations):
    """The first layer l whose |h| bound exceeds dtype `dt`, and the bound; or None."""
    bound, limit = largest, float(np.finfo(dt).max)
    biases = biases or [None] * len(weights)
    with np.errstate(over="ignore"):
        for l, (W, b, act) in enumerate(zip(weights, biases, activations)):
            h = bound * float(np.abs(W).sum(axis=0).max())
            h += 0.0 if b is None else float(np.abs(b).max())
            if not h <= limit:
                return l, h
            bound = 1.0 if act in BOUNDED else h
    return None


def path(name, value):
    """`value` as a str path (from a str or an os.PathLike)."""
    try:
        return os.fspath(value)
    except TypeError:
        raise TypeError(
            f"{name} must be a str or os.PathLike file name, got {shown(value)}"
        ) from None


def positive_number(name, value):
    """`value` as a positive, finite float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {shown(value)}")
    value = float(value)
    if not (value > 0 and np.isfinite(value)):
        raise ValueError(f"{name} must be a positive, finite number, got {value!r}")
    return value


def positive_int(name, value):
    """`value` as a positive int."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {shown(value)}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def choice(name, value, options):
    """`value` if it is one of `options` (a mapping or sequence of names)."""
    if not isinstance(value, str) or value not in options:
        names = ", ".join(repr(k) for k in options)
        raise ValueError(f"{name} must be one of {names}, got {shown(value)}")
    return value


def layer_activations(activation, output_activation, n_out):
    """Refuse a softmax where it has no meaning: in a hidden layer, or over one output."""
    if not ACTIVATIONS[activation].elementwise:
        raise ValueError(
            f"activation={activation!r} can only be an output_activation: each of its "
            "outputs depends on the whole layer, and backpropagation through a hidden "
            "layer needs an elementwise f (sigmoid, tanh, relu or identity)"
        )
    if output_activation == "softmax" and n_out == 1:
        raise ValueError(
            "a softmax over 1 output is always 1, so it cannot learn; for two classes use "
            "one 'sigmoid' output with loss='cross_entropy', or two softmax outputs"
        )


def loss(value, output, derived=True):
    """`value` if it names a loss that fits an output layer with activation `output`.

    With `derived`, the output error term must be derived for the pairing,
    as backpropagation needs; without, only E must be defined, as the loss
    and the numerical gradient need.
    """
    value = choice("loss", value, LOSSES)
    outputs = LOSSES[value].outputs
    if value == "cross_entropy" and output not in outputs:
        raise ValueError(
            f"loss='cross_entropy' needs outputs that are probabilities, from "
            f"output_activation 'sigmoid' (each output a probability) or 'softmax' "
            f"(a distribution over the outputs); this network's is {output!r}"
        )
    if derived and output not in outputs:
        raise ValueError(
            f"loss={value!r} is not derived for a {output!r} output (its error term is "
            f"not (y - y_hat) * f'(h), since {output} is not elementwise); train a "
            f"{output} output with loss='cross_entropy', whose error term is y - y_hat"
        )
    return value


def loss_targets(y, loss, output):
    """Refuse targets that the cross-entropy cannot score: `y` as given."""
    if loss != "cross_entropy":
        return y
    if not (float(y.min(initial=0.0)) >= 0.0 and float(y.max(initial=1.0)) <= 1.0):
        raise ValueError(
            "y must lie in [0, 1] for loss='cross_entropy' (each target is a probability), "
            f"got values from {float(y.min()):.6g} to {float(y.max()):.6g}"
        )
    sums = y.sum(axis=1)
    tolerance = 16 * np.finfo(y.dtype).eps * y.shape[1]
    far = np.flatnonzero(np.abs(sums - 1.0) > tolerance)
    if output == "softmax" and far.size:
        raise ValueError(
            "each row of y must sum to 1 for a softmax output with loss='cross_entropy' "
            f"(a distribution over the classes); row {far[0]} sums to {sums[far[0]]:.6g}. "
            "For labels 0, 1, ..., k - 1 use mlp.datasets.one_hot(labels)"
        )
    return y


def flag(name, value, show=shown):
    """`value` if it is True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {show(value)}")
    return value


def rng(value):
    """A random generator from None, an int seed, a Generator or a RandomState.

    Both generator kinds offer ``normal`` and ``permutation``, which is all
    this package draws. A legacy ``RandomState`` reproduces the draws of
    lesson code written with ``np.random.seed``.
    """
    if isinstance(value, (np.random.Generator, np.random.RandomState)):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        if value < 0:
            raise ValueError(f"rng must be a seed of 0 or more, got {value!r}")
        return np.random.default_rng(int(value))
    if value is None:
        return np.random.default_rng()
    raise TypeError(
        "rng must be None, an int seed, a numpy.random.Generator or a "
        f"numpy.random.RandomState, got {shown(value)}"
    )


#: The address space of a 32-bit build (4 GiB: the browser's WebAssembly);
#: None on a 64-bit one, where the machine's memory is the tighter limit.
ADDRESS_SPACE = None if sys.maxsize > 2**32 else 2 * (sys.maxsize + 1)


def usable_memory():
    """The most memory, in bytes, that arrays can have here: this machine's
    memory, and at most the :data:`ADDRESS_SPACE`; None where neither is known."""
    limits = [] if ADDRESS_SPACE is None else [ADDRESS_SPACE]
    try:
        page, pages = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        page = pages = 0
    # A 32-bit C long can wrap: WASI in the browser reports a negative count.
    if page > 0 and pages > 0:
        limits.append(page * pages)
    return min(limits, default=None)


def size_text(nbytes):
    """A number of bytes as people read it: ``7.3 TiB``."""
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if nbytes < 1024 or unit == "PiB":
            return f"{nbytes:.0f} {unit}" if unit == "bytes" else f"{nbytes:.1f} {unit}"
        nbytes /= 1024


def memory(name, nbytes):
    """Refuse, before allocating, arrays that need more than this machine's memory."""
    total = usable_memory()
    if total is not None and nbytes > total:
        raise ValueError(f"{name} would need {size_text(nbytes)} of memory, more than "
                         f"this machine has ({size_text(total)})")


def _array_list(name, value, what):
    if isinstance(value, np.ndarray) or not hasattr(value, "__len__"):
        raise TypeError(f"{name} must be {what}, got {type(value).__name__}")
    return value


def weights(value, dt):
    """Copies of the layers' weight matrices, checked to fit one another."""
    _array_list("weights", value, "a list with one 2-D array per layer")
    if len(value) == 0:
        raise ValueError(
            "weights must hold at least one 2-D array (one per layer), got "
            f"an empty {type(value).__name__}"
        )
    Ws = []
    for l, W in enumerate(value):
        W = array(f"weights[{l}]", W, dt, ndims=(2,)).copy()
        if Ws and W.shape[0] != Ws[-1].shape[1]:
            raise ValueError(
                f"weights[{l}] has {W.shape[0]} rows but weights[{l - 1}] has "
                f"{Ws[-1].shape[1]} columns (shapes {Ws[-1].shape} and "
                f"{W.shape}); each layer takes as many inputs as the "
                "layer before it has outputs"
            )
        Ws.append(W)
    return Ws


def biases(value, Ws, dt):
    """Copies of the layers' bias vectors, one per layer of `Ws`, or None."""
    if value is None:
        return None
    _array_list("biases", value, "None or a list with one 1-D array per layer")
    if len(value) != len(Ws):
        raise ValueError(
            f"biases has {count(len(value), 'array')} but weights has "
            f"{count(len(Ws), 'layer')}; give one bias array per layer, or None for no biases"
        )
    bs = []
    for l, (b, W) in enumerate(zip(value, Ws)):
        b = array(f"biases[{l}]", b, dt, ndims=(1,)).copy()
        if b.shape[0] != W.shape[1]:
            raise ValueError(
                f"biases[{l}] has {b.shape[0]} entries but layer {l} has "
                f"{count(W.shape[1], 'unit')} (weights[{l}] has shape {W.shape})"
            )
        bs.append(b)
    return bs


def history_memory(options, m):
    """Refuse a fit whose loss history (one float per epoch, or per batch of
    `m` records) would not fit in memory."""
    per_epoch = 1
    if options["history"] == "batches" and options["batch_size"] is not None:
        per_epoch = -(-m // options["batch_size"])
    memory("epochs", 8 * options["epochs"] * per_epoch)


def sizes(value):
    """Units per layer, inputs first, as a list of positive ints."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise TypeError(f"sizes must be a list of layer sizes, got {value!r}")
    if len(value) < 2:
        raise ValueError(
            f"sizes must list at least the inputs and the outputs, got {list(value)!r}"
        )
    sizes = [positive_int(f"sizes[{i}]", n) for i, n in enumerate(value)]
    memory("sizes", 8 * sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:])))
    return sizes


def current(Ws, bs, dt):
    """Check a network's weights `Ws` and biases `bs` as they are now, for a
    user may have replaced or edited them after construction: the
    constructor's checks, on arrays that must still be NumPy arrays of the
    network's dtype (a list put in their place is refused, not silently
    copied, because training would then update the copy)."""
    for name, arrays in (("weights", Ws), ("biases", bs)):
        if arrays is None and name == "biases":
            continue
        if not isinstance(arrays, list):
            raise TypeError(f"{name} must be a list of arrays, as Network makes it, got "
                            f"{shown(arrays)}; build a new Network to change them")
        for l, A in enumerate(arrays):
            if not (isinstance(A, np.ndarray) and A.dtype == dt):
                got = f"dtype {A.dtype}" if isinstance(A, np.ndarray) else shown(A)
                raise TypeError(f"{name}[{l}] must be a NumPy array of dtype {dt}, as "
                                f"Network makes it, got {got}; build a new Network to "
                                "change it")
    biases(bs, weights(Ws, dt), dt)


def scale(value):
    """``"fan_in"``, or a positive number: the deviation of the first weights."""
    if isinstance(value, str) and value == "fan_in":
        return value
    if isinstance(value, str):
        raise ValueError(f"scale must be 'fan_in' or a number, got {value!r}")
    return positive_number("scale", value)


def inputs(X, dt, weights, biases, activations):
    """Checked inputs as a 2-D array, and whether `X` was a single record."""
    X = array("X", X, dt, ndims=(1, 2))
    n_in = weights[0].shape[0]
    if X.shape[-1] != n_in:
        what = "entries" if X.ndim == 1 else "columns"
        raise ValueError(
            f"X has {X.shape[-1]} {what} but the first layer expects {n_in} "
            f"inputs (weights[0] has shape {weights[0].shape})"
        )
    no_overflow("X", X, weights, biases, activations)
    return rows(X), X.ndim == 1


def rows(arr):
    """A 1-D record as a one-row matrix; 2-D arrays pass unchanged."""
    return arr if arr.ndim == 2 else arr[None, :]


def targets(y, m, single, n_out, dt):
    """Checked targets as a 2-D array of shape (m, n_out).

    Targets of shape (m,) are accepted for one output, and reshaped; any
    other shape, such as (n_out, m), is refused, never reshaped.
    """
    y = array("y", y, dt)
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


def record(value, sizes):
    """`value` if it is a forward record of a network of these sizes."""
    if not isinstance(value, Forward):
        raise TypeError(
            f"record must be the Forward record that forward() returns, got "
            f"{type(value).__name__}"
        )
    got = [rows(a).shape[1] for a in value.a]
    if got != sizes:
        raise ValueError(
            f"record must come from a network of sizes {sizes}, got "
            f"one from a network of sizes {got}"
        )
    return value


def fit_inputs(X, single):
    """Refuse a single record where fit needs a 2-D array of records."""
    if single:
        raise ValueError(
            f"X must be a 2-D array of records for fit, got shape {X.shape[1:]}; "
            "use X[None, :] to train on a single record"
        )
    return X
