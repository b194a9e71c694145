"""Networks in files: an ``.npz`` archive of plain arrays, never a pickle.

:meth:`mlp.Network.save` and :meth:`mlp.Network.load` call :func:`save`
and :func:`load`. A file holds the format name and version, the two
activation names, the layer count, whether there are biases, and the
arrays ``W0, W1, ...`` and ``b0, b1, ...``.
"""

import os
import tempfile
import zipfile

import numpy as np

from . import _checks

FILE_FORMAT = "mlp.Network"
FILE_VERSION = 1
MAX_LAYERS = 10_000


def atomic_write(path, arrays):
    """Write `arrays` to an ``.npz`` at `path`, or leave `path` as it was.

    The file is written beside `path` under a temporary name and moved
    into place only when complete.
    """
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


def save(net, path):
    """Write `net` to `path`; see :meth:`mlp.Network.save`."""
    path = _checks.path("path", path)
    # The constructor's checks, run on the current parameters (which a user
    # may have edited in place), so that load can read whatever save writes,
    # and a non-finite weight never reaches the disk.
    type(net)(net.weights, net.biases, net.activation, net.output_activation, net.dtype)
    arrays = {
        "format": np.array(FILE_FORMAT),
        "version": np.array(FILE_VERSION),
        "activation": np.array(net.activation),
        "output_activation": np.array(net.output_activation),
        "n_layers": np.array(len(net.weights)),
        "has_bias": np.array(net.biases is not None),
    }
    for l, W in enumerate(net.weights):
        arrays[f"W{l}"] = W
    for l, b in enumerate(net.biases or []):
        arrays[f"b{l}"] = b
    atomic_write(path, arrays)


def load(cls, path):
    """Read a network of class `cls` from `path`; see :meth:`mlp.Network.load`."""
    path = _checks.path("path", path)
    try:
        # Only an archive reaches np.load: anything else would be tried as a
        # pickle, and NumPy's refusal then suggests allow_pickle.
        with open(path, "rb") as f:
            magic = f.read(6)
            if magic == b"\x93NUMPY":
                raise ValueError(
                    "expected an .npz archive, got a single array (an .npy file)"
                )
            if not magic.startswith(b"PK"):
                raise ValueError(
                    f"expected an .npz (zip) archive, got a file that begins {magic!r}"
                )
            f.seek(0)
            with np.load(f, allow_pickle=False) as data:
                return cls(**from_arrays({k: data[k] for k in data.files}))
    except FileNotFoundError:
        raise
    except (zipfile.BadZipFile, EOFError) as exc:
        raise ValueError(
            f"{path} is not a network saved by mlp: expected a complete .npz "
            f"archive, got a damaged or truncated one ({exc})"
        ) from None
    except (ValueError, TypeError, KeyError, OSError) as exc:
        raise ValueError(f"{path} is not a network saved by mlp: {exc}") from None


def _scalar(d, key, kind):
    """The single value of entry `key`, of dtype kind `kind`."""
    if key not in d:
        raise KeyError(f"it has no {key!r} entry")
    v = d[key]
    if v.shape != () or v.dtype.kind != kind:
        raise ValueError(
            f"its {key!r} entry must be a single value of dtype kind "
            f"{kind!r}, got shape {v.shape} and dtype {v.dtype}"
        )
    return v.item()


def _check_entries(d, n, has_bias):
    """Refuse a file whose entries are not exactly those of `n` layers."""
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


def from_arrays(d):
    """The constructor's arguments from a file's entries, checked for format."""
    if "format" not in d or _scalar(d, "format", "U") != FILE_FORMAT:
        raise ValueError(
            f"expected a 'format' entry {FILE_FORMAT!r}, found entries {sorted(d)}"
        )
    if _scalar(d, "version", "i") != FILE_VERSION:
        raise ValueError(
            f"it is format version {d['version']}; this mlp reads version "
            f"{FILE_VERSION}"
        )
    n = _scalar(d, "n_layers", "i")
    has_bias = _scalar(d, "has_bias", "b")
    if not 1 <= n <= MAX_LAYERS:
        raise ValueError(f"its layer count must be from 1 to 10000, got {n}")
    _check_entries(d, n, has_bias)
    Ws = [d[f"W{l}"] for l in range(n)]
    dtype = Ws[0].dtype
    if any(W.dtype != dtype for W in Ws) or dtype not in _checks.FLOAT_DTYPES:
        raise ValueError(
            "its weights must be all float64 or all float32, got dtypes "
            f"{[W.dtype.name for W in Ws]}"
        )
    return dict(
        weights=Ws,
        biases=[d[f"b{l}"] for l in range(n)] if has_bias else None,
        activation=_scalar(d, "activation", "U"),
        output_activation=_scalar(d, "output_activation", "U"),
        dtype=dtype,
    )
