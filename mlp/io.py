"""Networks in files: an ``.npz`` archive of plain arrays, never a pickle.

:meth:`mlp.Network.save` and :meth:`mlp.Network.load` call :func:`save`
and :func:`load`. A file holds the format name and version, the two
activation names, the layer count, whether there are biases, and the
arrays ``W0, W1, ...`` and ``b0, b1, ...``.
"""

import contextlib
import errno
import math
import os
import re
import stat
import struct
import tempfile
import zipfile
import zlib

import numpy as np

from . import _checks

FILE_FORMAT = "mlp.Network"
FILE_VERSION = 1
MAX_LAYERS = 10_000


#: The most array data a file may hold. A network that mlp trains is far
#: smaller; the bound keeps a hostile file from filling the memory.
MAX_BYTES = 2**30
#: The entries of a file besides the arrays W0, W1, ... and b0, b1, ...
_METADATA = frozenset({"format", "version", "activation", "output_activation",
                       "n_layers", "has_bias"})


def _new_file_mode():
    """The mode a new file gets under the user's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def atomic_write(path, arrays):
    """Write `arrays` to an ``.npz`` at `path`, or leave `path` as it was.

    The file is written beside `path` under a temporary name and moved into
    place only when complete; an error names `path`. A symbolic link is
    followed, so the file it points to is replaced and the link stays. The
    file keeps the mode of the one it replaces, or gets the umask's.
    """
    target = os.path.realpath(path)
    try:
        old = os.stat(target).st_mode
    except FileNotFoundError:
        old = None
    if old is not None and stat.S_ISDIR(old):
        raise IsADirectoryError(errno.EISDIR, "it is a folder", path)
    if old is not None and not stat.S_ISREG(old):
        raise OSError(errno.EINVAL, "it exists and is not a regular file", path)
    mode = _new_file_mode() if old is None else stat.S_IMODE(old)
    folder, name = os.path.split(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, path) from None
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)  # mkstemp made it 0600
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror, path) from None
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


#: What a damaged or hostile file can make the standard library raise while
#: it is read; each becomes the one ValueError "not a network saved by mlp".
_DAMAGED = (ValueError, TypeError, KeyError, OSError, EOFError, zipfile.BadZipFile,
            NotImplementedError, RuntimeError, OverflowError, struct.error, zlib.error)


def load(cls, path):
    """Read a network of class `cls` from `path`; see :meth:`mlp.Network.load`."""
    path = _checks.path("path", path)
    try:
        with _open_regular(path) as f:
            return cls(**from_arrays(_read_archive(f)))
    except FileNotFoundError:
        raise
    except _DAMAGED as exc:
        raise ValueError(f"{path} is not a network saved by mlp: {exc}") from None


def _open_regular(path):
    """`path` opened for reading, if it is a regular file (a FIFO or a device
    would block or never end)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ValueError("it is not a regular file")
    return os.fdopen(fd, "rb")


def _read_archive(f):
    """The arrays of the .npz archive open in `f`, checked from the zip
    directory and the .npy headers before any data is read."""
    magic = f.read(6)
    if magic == b"\x93NUMPY":
        raise ValueError("expected an .npz archive, got a single array (an .npy file)")
    if not magic.startswith(b"PK"):
        raise ValueError(f"expected an .npz (zip) archive, got a file that begins {magic!r}")
    f.seek(0)
    try:
        archive = zipfile.ZipFile(f)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise ValueError(f"expected a complete .npz archive, got a damaged or truncated "
                         f"one ({exc})") from None
    with archive:
        infos = _entries(archive.infolist())
        return {key: _read_entry(archive, key, info) for key, info in infos.items()}


def _entries(infos):
    """Entry name -> zip info, refusing names, flags and sizes mlp never writes."""
    if len(infos) > 2 * MAX_LAYERS + len(_METADATA):
        raise ValueError(f"it has {len(infos)} entries, more than a network can have")
    names = sorted(info.filename.removesuffix(".npy") for info in infos)
    if "format" not in names:  # another program's archive, most likely
        raise ValueError(f"expected a 'format' entry {FILE_FORMAT!r}, found entries "
                         f"{_checks.shown(names)}")
    entries = {}
    for info in infos:
        key = info.filename.removesuffix(".npy")
        known = key in _METADATA or _ARRAY_NAME.fullmatch(key)
        if not (known and info.filename.endswith(".npy")) or key in entries:
            raise ValueError(f"it has an entry {info.filename!r} that no network has")
        if info.flag_bits & 0x1 or info.compress_type not in _COMPRESSIONS:
            raise ValueError(f"its entry {info.filename!r} is encrypted or compressed "
                             "in a way NumPy does not write")
        entries[key] = info
    total = sum(info.file_size for info in infos)
    if total > MAX_BYTES:
        raise ValueError(f"its arrays would take {_checks.size_text(total)}, more than "
                         f"the {_checks.size_text(MAX_BYTES)} mlp reads")
    return entries


#: How np.savez and np.savez_compressed store entries, and their names.
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_ARRAY_NAME = re.compile(r"[Wb](0|[1-9][0-9]{0,4})")
_HEADERS = {(1, 0): np.lib.format.read_array_header_1_0,
            (2, 0): np.lib.format.read_array_header_2_0}


def _read_entry(archive, key, info):
    """Entry `key`'s array, after its .npy header has been checked against the
    size the zip directory gives."""
    with archive.open(info) as f:
        version = np.lib.format.read_magic(f)
        read_header = _HEADERS.get(version)
        if read_header is None:
            raise ValueError(f"its entry {key!r} has .npy version {version}, which "
                             "NumPy writes only for names a network never has")
        shape, fortran, dtype = read_header(f)
        if dtype.hasobject:
            raise ValueError(f"its entry {key!r} holds Python objects, which mlp never "
                             "loads: unpickling them could run any code")
        nbytes = math.prod(shape) * dtype.itemsize
        if f.tell() + nbytes != info.file_size:
            raise ValueError(f"its entry {key!r} claims shape {shape}, which does not "
                             f"match its size in the archive")
        data = f.read(nbytes)
    order = "F" if fortran else "C"
    return np.frombuffer(data, dtype=dtype).reshape(shape, order=order).copy()


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
