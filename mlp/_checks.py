"""Validation at the public boundary.

Every public function checks its arguments here once, with messages that
name the argument, say what was expected and echo what was received. The
training loop behind the boundary trusts what it is given.
"""

import numbers

import numpy as np

FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))


def dtype(value):
    """The float dtype named by `value` (float64 or float32)."""
    try:
        dt = np.dtype(value)
    except TypeError:
        dt = None
    if dt not in FLOAT_DTYPES:
        raise TypeError(f"dtype must be float64 or float32, got {value!r}")
    return dt


def array(name, value, dt, ndims=None):
    """`value` as a finite, non-empty array of float dtype `dt`.

    Booleans, integers and nested lists are converted; strings, objects
    and complex numbers are refused with a message that names `name`.
    """
    arr = np.asarray(value)
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must hold real numbers, got an array of dtype {arr.dtype}"
        )
    if ndims is not None and arr.ndim not in ndims:
        wanted = " or ".join("a single number" if n == 0 else f"a {n}-D array" for n in ndims)
        raise ValueError(
            f"{name} must be {wanted}, got {arr.ndim}-D with shape {arr.shape}"
        )
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    arr = arr.astype(dt, copy=False)
    if not np.isfinite(arr).all():
        bad = np.argwhere(~np.isfinite(arr))[0]
        where = f" at index {tuple(int(i) for i in bad)}" if arr.ndim else ""
        raise ValueError(
            f"{name} must be finite, but {np.count_nonzero(~np.isfinite(arr))} "
            f"value(s) are NaN or infinite (first{where}: {arr[tuple(bad)]})"
        )
    return arr


def positive_number(name, value):
    """`value` as a positive, finite float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {value!r}")
    value = float(value)
    if not (value > 0 and np.isfinite(value)):
        raise ValueError(f"{name} must be a positive, finite number, got {value!r}")
    return value


def positive_int(name, value):
    """`value` as a positive int."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def choice(name, value, options):
    """`value` if it is one of `options` (a mapping or sequence of names)."""
    if not isinstance(value, str) or value not in options:
        names = ", ".join(repr(k) for k in options)
        raise ValueError(f"{name} must be one of {names}, got {value!r}")
    return value
