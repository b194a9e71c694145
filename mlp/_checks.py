"""Validation at the public boundary.

Every public function checks its arguments here once, with messages that
name the argument, say what was expected and echo what was received. The
training loop behind the boundary trusts what it is given.
"""

import numbers
import os

import numpy as np

FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))

#: Activations whose output lies in [-1, 1] whatever their input.
BOUNDED = ("sigmoid", "tanh")


def shown(value, limit=60):
    """``repr(value)``, shortened so that a huge argument cannot flood a message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = f" at index {tuple(int(i) for i in bad)}" if arr.ndim else ""
        raise ValueError(
            f"{name} must be finite, but {np.count_nonzero(~np.isfinite(arr))} "
            f"value(s) are NaN or infinite (first{where}: {arr[tuple(bad)]})"
        )
    if arr.dtype.itemsize > dt.itemsize and arr.dtype.kind == "f":
        # A float64 beyond float32's range would become inf in the cast,
        # with an overflow warning; refuse it by name instead.
        largest = float(np.abs(arr).max())
        if largest > float(np.finfo(dt).max):
            raise ValueError(
                f"{name} must lie within the {dt.name} range (magnitude at most "
                f"{np.finfo(dt).max:.8g}), got a value of magnitude {largest:.8g}; "
                f"rescale {name} or use dtype='float64'"
            )
    return arr.astype(dt, copy=False)


def no_overflow(name, X, weights, biases, activations):
    """Refuse inputs `X` for which some pre-activation could overflow.

    A bound on every ``|h|`` is carried through the layers: ``max |X|``
    times the largest column sum of ``|W|``, plus the largest ``|b|``;
    after a sigmoid or tanh the bound is 1 again. If every bound is
    finite, no matrix product can overflow, so the forward pass cannot make
    the NaN that ``inf - inf`` gives. The cost is two reductions over `X`
    and one over each weight matrix.

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
    # max and -min instead of abs().max(): no temporary the size of X.
    largest = bound = float(max(X.max(), -X.min()))
    limit = float(np.finfo(X.dtype).max)
    biases = biases or [None] * len(weights)
    with np.errstate(over="ignore"):
        for l, (W, b, act) in enumerate(zip(weights, biases, activations)):
            h = bound * float(np.abs(W).sum(axis=0).max())
            h += 0.0 if b is None else float(np.abs(b).max())
            if not h <= limit:
                raise ValueError(
                    f"{name} is too large for this network: with |{name}| up to "
                    f"{largest:.6g}, the pre-activation of layer {l} "
                    f"could reach {h:.6g}, beyond the largest {X.dtype.name} "
                    f"({limit:.6g}), and inf - inf would make NaN; rescale {name} "
                    "(for example, standardise each column)"
                )
            bound = 1.0 if act in BOUNDED else h
    return X


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
