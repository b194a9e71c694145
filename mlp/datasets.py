"""The data of the tutorials: XOR, the UCLA graduate-school admissions and
the handwritten digits.

The 400 admissions records ship inside mlp, as ``mlp/data/admissions.csv``
beside a note on where they come from (``mlp/data/README.md``).
:func:`load_admissions` reads them, or any other copy, with NumPy alone.
Preparing them follows the lesson step by step, in NumPy: dummy variables
for the rank, standardised scores, and the lesson's seeded 90/10 split.
The 1797 8×8 handwritten digits ship as ``mlp/data/digits.csv.gz``, noted
in the same README; :func:`load_digits` reads them, and :func:`one_hot`
turns their labels into the targets of a network with one output per
class.
"""

import contextlib
import csv
import gzip
import hashlib
import io
import math
import os
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _checks

__all__ = [
    "ADMISSIONS_COLUMNS",
    "FEATURE_NAMES",
    "Admissions",
    "Digits",
    "Split",
    "admissions_split",
    "lesson_split",
    "load_admissions",
    "load_digits",
    "fetch_mnist",
    "load_mnist",
    "one_hot",
    "prepare_admissions",
    "xor",
]

#: The columns an admissions CSV file must have (others are ignored).
ADMISSIONS_COLUMNS = ("admit", "gre", "gpa", "rank")

#: The six input features after preparation, in the lesson's column order.
FEATURE_NAMES = ("gre", "gpa", "rank_1", "rank_2", "rank_3", "rank_4")

# The data shipped with mlp (provenance in data/README.md).
_ADMISSIONS_FILE = Path(__file__).resolve().parent / "data" / "admissions.csv"
_DIGITS_FILE = Path(__file__).resolve().parent / "data" / "digits.csv.gz"


def xor(bias_column=False):
    """The four records of XOR, in the order of the XOR blog.

    Parameters
    ----------
    bias_column : bool, optional
        Append a column of ones, the bias input the blog folds into every
        record, so that a network without biases can still shift its units.

    Returns
    -------
    X : ndarray, shape (4, 2), or (4, 3) with the bias column
    y : ndarray, shape (4,)
        1 where exactly one of the two inputs is 1.

    Examples
    --------
    >>> from mlp.datasets import xor
    >>> X, y = xor(bias_column=True)
    >>> print(X)
    [[1. 1. 1.]
     [1. 0. 1.]
     [0. 1. 1.]
     [0. 0. 1.]]
    >>> print(y)
    [0. 1. 1. 0.]
    """
    if not isinstance(bias_column, (bool, np.bool_)):
        raise TypeError(f"bias_column must be True or False, got {bias_column!r}")
    X = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    y = np.logical_xor(X[:, 0], X[:, 1]).astype(float)
    if bias_column:
        X = np.column_stack([X, np.ones(len(X))])
    return X, y


@dataclass(frozen=True)
class Admissions:
    """The admissions records as read, one array per column.

    Attributes
    ----------
    admit : ndarray of int, shape (m,)
        1 if the student was admitted, else 0.
    gre : ndarray of float, shape (m,)
        GRE score.
    gpa : ndarray of float, shape (m,)
        Grade point average, 0 to 4.
    rank : ndarray of int, shape (m,)
        Prestige of the undergraduate institution, 1 (highest) to 4.
    """

    admit: np.ndarray
    gre: np.ndarray
    gpa: np.ndarray
    rank: np.ndarray

    def __len__(self):
        return len(self.admit)


def _read_text(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return raw.decode("utf-8-sig")


def load_admissions(path=None):
    """Read the UCLA graduate-school admissions records.

    Parameters
    ----------
    path : str or os.PathLike, optional
        A CSV file (plain or gzipped) with a header naming at least the
        columns ``admit, gre, gpa, rank``; other columns are ignored.
        By default, the 400 records that ship with mlp, in
        ``mlp/data/admissions.csv``.

    Returns
    -------
    Admissions
        The columns as arrays of shape (m,), records in file order.

    Raises
    ------
    FileNotFoundError
        If `path` does not exist; the message names it.
    ValueError
        If the file lacks a column, or a value is not a number or is out
        of range (admit 0 or 1, rank 1 to 4); the message names the line.

    Examples
    --------
    >>> from mlp.datasets import load_admissions
    >>> data = load_admissions()
    >>> len(data), int(data.admit.sum())
    (400, 127)
    """
    path = os.fspath(_ADMISSIONS_FILE if path is None else path)
    try:
        text = _read_text(path)
    except FileNotFoundError:
        raise FileNotFoundError(f"no admissions data file at {path}") from None
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path} is not a readable CSV file: {exc}") from None
    table = _check_ranges(path, _parse_table(path, text))
    # Integer columns are NumPy's index type, np.intp: int64 on a 64-bit
    # machine, int32 on a 32-bit one (the browser's WASI), where np.bincount
    # refuses int64.
    return Admissions(
        admit=table[:, 0].astype(np.intp),
        gre=table[:, 1],
        gpa=table[:, 2],
        rank=table[:, 3].astype(np.intp),
    )


def _parse_table(path, text):
    """The CSV `text` as an array of rows (admit, gre, gpa, rank)."""
    rows = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(rows, [])]
    missing = [c for c in ADMISSIONS_COLUMNS if c not in header]
    if missing:
        raise ValueError(
            f"{path} has no column {', '.join(missing)}; expected a header naming "
            f"{', '.join(ADMISSIONS_COLUMNS)}, got {header}"
        )
    where = [header.index(c) for c in ADMISSIONS_COLUMNS]
    values = []
    for line, row in enumerate(rows, start=2):
        if not row:
            continue
        try:
            values.append([float(row[i]) for i in where])
        except (ValueError, IndexError):
            raise ValueError(
                f"{path}, line {line}: expected numbers in the columns "
                f"{', '.join(ADMISSIONS_COLUMNS)}, got {row}"
            ) from None
    if not values:
        raise ValueError(f"{path} has a header but no records")
    return np.array(values)


def _check_ranges(path, table):
    """`table` if admit is 0 or 1, rank 1 to 4 and every score finite."""
    bad = ~np.isfinite(table).all(axis=1)
    bad |= ~np.isin(table[:, 0], (0, 1)) | ~np.isin(table[:, 3], (1, 2, 3, 4))
    if bad.any():
        first = int(np.argmax(bad))
        raise ValueError(
            f"{path}: {int(bad.sum())} record(s) out of range (admit must be 0 "
            f"or 1, rank 1 to 4, scores finite); first at record {first + 1}: "
            f"{table[first].tolist()}"
        )
    return table


def prepare_admissions(data):
    """The lesson's data cleanup: rank dummies and standardised scores.

    Parameters
    ----------
    data : Admissions
        Records from :func:`load_admissions`.

    Returns
    -------
    features : ndarray, shape (m, 6)
        Columns :data:`FEATURE_NAMES`: gre and gpa standardised, then one
        0/1 column per rank.
    targets : ndarray, shape (m,)
        ``admit`` as floats.

    Notes
    -----
    Each score x becomes (x − mean) / s with the *sample* standard
    deviation s (``ddof=1``), over all m records before the split, as the
    lesson's pandas ``std()`` computes it.
    """
    if not isinstance(data, Admissions):
        raise TypeError(
            f"data must be the Admissions that load_admissions returns, got "
            f"{type(data).__name__}"
        )
    scores = [(x - x.mean()) / x.std(ddof=1) for x in (data.gre, data.gpa)]
    dummies = (data.rank[:, None] == np.arange(1, 5)).astype(float)
    features = np.column_stack(scores + [dummies])
    return features, data.admit.astype(float)


def lesson_split(m, seed, train_fraction=0.9):
    """The lesson's random split of m records into training and test rows.

    Parameters
    ----------
    m : int
        Number of records.
    seed : int
        The seed the lesson passes to ``np.random.seed``.
    train_fraction : float, optional
        Share of the records drawn for training, ``int(m * train_fraction)``.

    Returns
    -------
    train_rows : ndarray of int, shape (int(m * train_fraction),)
        In the order drawn.
    test_rows : ndarray of int
        The other rows, in their original order.

    Notes
    -----
    A ``RandomState`` seeded with `seed` draws exactly what the lesson's
    ``np.random.seed(seed)`` followed by ``np.random.choice(index, n,
    replace=False)`` draws, without touching NumPy's global state.

    Examples
    --------
    >>> from mlp.datasets import lesson_split
    >>> train, test = lesson_split(10, seed=0)
    >>> print(train, test)
    [2 8 4 9 1 6 7 3 0] [5]
    """
    m = _checks.positive_int("m", m)
    if isinstance(train_fraction, bool) or not 0 < train_fraction <= 1:
        raise ValueError(f"train_fraction must be in (0, 1], got {train_fraction!r}")
    n_train = int(m * train_fraction)
    train = np.random.RandomState(seed).choice(m, size=n_train, replace=False)
    is_test = np.ones(m, dtype=bool)
    is_test[train] = False
    return train, np.flatnonzero(is_test)


@dataclass(frozen=True)
class Split:
    """Prepared admissions data split as the lesson splits it.

    Attributes
    ----------
    X_train : ndarray, shape (n_train, 6)
    y_train : ndarray, shape (n_train,)
    X_test : ndarray, shape (n_test, 6)
    y_test : ndarray, shape (n_test,)
    train_rows, test_rows : ndarray of int
        Row numbers in the file (from 0) of the records in each part.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    train_rows: np.ndarray
    test_rows: np.ndarray


def admissions_split(seed, path=None):
    """Load, prepare and split the admissions data in one call.

    Parameters
    ----------
    seed : int
        Seed of the split: 42 in the lesson's gradient-descent exercise, 21
        in its backpropagation exercise.
    path : str or os.PathLike, optional
        As for :func:`load_admissions`.

    Returns
    -------
    Split
    """
    features, targets = prepare_admissions(load_admissions(path))
    train, test = lesson_split(len(targets), seed)
    return Split(features[train], targets[train], features[test], targets[test],
                 train, test)


@dataclass(frozen=True)
class Digits:
    """Handwritten digits: each a small grey image, and its label.

    Attributes
    ----------
    X : ndarray of float, shape (m, side * side)
        Each image's pixels, row by row, scaled to [0, 1]: for
        :func:`load_digits` (side 8) the count of inked pixels (0 to 16) in
        each 4×4 block of the scan, over 16; for :func:`load_mnist` (side
        28) the grey level (0 to 255), over 255.
    images : ndarray of float, shape (m, side, side)
        The same numbers as images (a copy, so that changing `X` leaves
        them as they were), ready for ``imshow``.
    labels : ndarray of int, shape (m,)
        The digit each image shows, 0 to 9.
    """

    X: np.ndarray
    images: np.ndarray
    labels: np.ndarray

    def __len__(self):
        return len(self.labels)


def load_digits():
    """Read the 1797 handwritten digits that ship with mlp.

    They are the test part of the UCI "Optical Recognition of Handwritten
    Digits" set (Alpaydin and Kaynak, 1998), as scikit-learn ships it:
    ``mlp/data/README.md`` says where they come from.

    Returns
    -------
    Digits
        ``X`` (1797, 64) floats in [0, 1], ``images`` (1797, 8, 8) and
        ``labels`` (1797,) ints from 0 to 9, in the file's order.

    Examples
    --------
    >>> from mlp.datasets import load_digits
    >>> digits = load_digits()
    >>> digits.X.shape, digits.images.shape, digits.labels[:10].tolist()
    ((1797, 64), (1797, 8, 8), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    """
    text = gzip.decompress(_DIGITS_FILE.read_bytes()).decode("ascii")
    table = np.loadtxt(io.StringIO(text), delimiter=",", dtype=np.int64)
    X = table[:, :64] / 16.0
    return Digits(X=X, images=X.reshape(-1, 8, 8).copy(), labels=table[:, 64].astype(np.intp))


def one_hot(labels, k=None):
    """Targets for a network with one output per class.

    Parameters
    ----------
    labels : array_like of int, shape (m,)
        Class numbers from 0 to k − 1.
    k : int, optional
        The number of classes; by default one more than the largest label.

    Returns
    -------
    ndarray of float, shape (m, k)
        Row i is 1.0 in column ``labels[i]`` and 0.0 elsewhere.

    Examples
    --------
    >>> from mlp.datasets import one_hot
    >>> print(one_hot([2, 0, 1]))
    [[0. 0. 1.]
     [1. 0. 0.]
     [0. 1. 0.]]
    """
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"labels must be integers, got dtype {labels.dtype}: "
                        f"{_checks.shown(labels)}")
    if labels.ndim != 1 or labels.size == 0:
        raise ValueError(f"labels must be a non-empty 1-D array, got shape {labels.shape}")
    if labels.min() < 0:
        raise ValueError(f"labels must be 0 or more, got {int(labels.min())}")
    k = int(labels.max()) + 1 if k is None else _checks.positive_int("k", k)
    if labels.max() >= k:
        raise ValueError(f"labels must be less than k = {k}, got {int(labels.max())}")
    targets = np.zeros((len(labels), k))
    targets[np.arange(len(labels)), labels] = 1.0
    return targets


#: The file names of MNIST's four IDX files, by kind; each may also be gzipped.
MNIST_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
#: The most records an MNIST-format file may claim (MNIST has 60,000).
MNIST_MAX_RECORDS = 10**6


def load_mnist(folder, kind="train"):
    """Read MNIST's images and labels of one kind from the IDX files in `folder`.

    Parameters
    ----------
    folder : str or os.PathLike
        A folder with the two files of `kind`, gzipped or not, under their
        standard names (:data:`MNIST_FILES`).
    kind : {"train", "test"}, optional
        The 60,000 training digits, or the 10,000 test digits.

    Returns
    -------
    Digits
        ``X`` (m, 784) floats in [0, 1], ``images`` (m, 28, 28) and
        ``labels`` (m,) ints from 0 to 9.

    Raises
    ------
    FileNotFoundError
        If a file is missing; the message names the names looked for.
    ValueError
        If a file is not what its name says: a wrong magic number, a count
        that differs between the two files, too few or too many bytes, a
        label above 9. The message names the file.
    """
    folder = _checks.path("folder", folder)
    kind = _checks.choice("kind", kind, MNIST_FILES)
    images_path, labels_path = (_find(folder, name) for name in MNIST_FILES[kind])
    images = _read_idx(images_path, 0x0803, (28, 28))
    labels = _read_idx(labels_path, 0x0801, ())
    if len(images) != len(labels):
        raise ValueError(f"{folder} holds {len(images)} {kind} images but "
                         f"{len(labels)} labels")
    if labels.max() > 9:
        raise ValueError(f"{labels_path} is not an MNIST labels file: it "
                         f"holds the label {int(labels.max())}")
    X = images.reshape(len(images), -1) / 255.0
    return Digits(X=X, images=X.reshape(images.shape).copy(),
                  labels=labels.astype(np.intp))  # np.intp: see load_admissions


def _find(folder, name):
    """The path of `name` or `name`.gz in `folder`."""
    for candidate in (name, name + ".gz"):
        path = os.path.join(folder, candidate)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(f"no {name} or {name}.gz in {folder}")


def _read_idx(path, magic, shape):
    """The unsigned bytes of the IDX file at `path`, shaped (m, *shape),
    after its magic number and sizes are checked; at most the bytes the
    header announces are ever decompressed."""
    opener = gzip.open if path.endswith(".gz") else open
    what = "images" if shape else "labels"
    try:
        with opener(path, "rb") as f:
            header = f.read(4 + 4 * (1 + len(shape)))
            if len(header) < 8 or int.from_bytes(header[:4], "big") != magic:
                raise ValueError(f"its magic number is not {magic:#010x}")
            dims = [int.from_bytes(header[i:i + 4], "big")
                    for i in range(4, len(header), 4)]
            if tuple(dims[1:]) != shape or not 1 <= dims[0] <= MNIST_MAX_RECORDS:
                raise ValueError(f"its header gives the sizes {dims}")
            size = dims[0] * math.prod(shape)
            data = f.read(size)
            if len(data) != size or f.read(1):
                raise ValueError(f"it should hold {size} bytes of {what} after its "
                                 f"header, and holds {'fewer' if len(data) < size else 'more'}")
    except (OSError, EOFError, zlib.error) as exc:
        raise ValueError(f"{path} is not a readable MNIST {what} file: {exc}") from None
    except ValueError as exc:
        raise ValueError(f"{path} is not an MNIST {what} file: {exc}") from None
    return np.frombuffer(data, dtype=np.uint8).reshape(dims[0], *shape)


#: Where :func:`fetch_mnist` downloads from by default: the mirror of
#: LeCun, Cortes and Burges's files that Keras and TensorFlow Datasets use.
MNIST_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"
#: The published size and SHA-256 of each gzipped MNIST file.
MNIST_SHA256 = {
    "train-images-idx3-ubyte.gz":
        (9_912_422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    "train-labels-idx1-ubyte.gz":
        (28_881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    "t10k-images-idx3-ubyte.gz":
        (1_648_877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    "t10k-labels-idx1-ubyte.gz":
        (4_542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
}


def _cache_folder():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "mlp", "mnist")


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_mnist(folder=None, *, base_url=MNIST_URL, kinds=("train", "test"), progress=None):
    """Download MNIST's gzipped IDX files, each checked against its published SHA-256.

    Parameters
    ----------
    folder : str or os.PathLike, optional
        Where the files go; by default ``~/.cache/mlp/mnist`` (under
        ``$XDG_CACHE_HOME`` if that is set), made if it is missing.
    base_url : str, optional
        The address the file names are appended to (:data:`MNIST_URL`).
    kinds : sequence of {"train", "test"}, optional
    progress : bool, optional
        Show each download's progress on stderr; by default only when
        stderr is a terminal.

    Returns
    -------
    str
        The folder, ready for :func:`load_mnist`.

    Raises
    ------
    OSError
        If a file cannot be downloaded; the message names its address.
    ValueError
        If a downloaded file is not the published one (its size or SHA-256
        differs). It is removed, so nothing unverified stays behind.

    Notes
    -----
    A file already in `folder` that verifies is not downloaded again; one
    that does not is removed, with a line on stderr, and downloaded anew.
    MNIST is the work of Yann LeCun, Corinna Cortes and Christopher J. C.
    Burges, usually distributed under the Creative Commons
    Attribution-ShareAlike 3.0 licence; mlp does not ship it.
    """
    folder = _cache_folder() if folder is None else _checks.path("folder", folder)
    kinds = [_checks.choice("kinds", k, MNIST_FILES) for k in kinds]
    show = sys.stderr.isatty() if progress is None else _checks.flag("progress", progress)
    os.makedirs(folder, exist_ok=True)
    for name in (f"{n}.gz" for kind in kinds for n in MNIST_FILES[kind]):
        path = os.path.join(folder, name)
        size, digest = MNIST_SHA256[name]
        if os.path.isfile(path):
            if _sha256(path) == digest:
                continue
            os.remove(path)
            print(f"removed {path}: it is not the published file (its SHA-256 differs)",
                  file=sys.stderr)
        _download(base_url.rstrip("/") + "/" + name, path, size, digest, show)
    return folder


def _download(url, path, size, digest, show):
    """Fetch `url` into `path` through a temporary file, or leave nothing."""
    import urllib.request  # here, not at the top: it brings http, email and ssl

    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".mlp-", suffix=".part")
    sha, done = hashlib.sha256(), 0
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=60) as reply:
            while block := reply.read(min(1 << 16, size + 1 - done)):
                out.write(block)
                sha.update(block)
                done += len(block)
                if show:
                    print(f"\r{os.path.basename(path)}: {done * 100 // size}%", end="",
                          file=sys.stderr, flush=True)
                if done > size:
                    break
        if show:
            print(file=sys.stderr)
        if done != size or sha.hexdigest() != digest:
            raise ValueError(f"{url} gave {done} bytes with SHA-256 {sha.hexdigest()}, not "
                             f"the published {size} bytes with {digest}; nothing was kept")
        os.replace(tmp, path)
    except OSError as exc:  # urllib's URLError and HTTPError among them
        raise OSError(f"could not download {url}: {getattr(exc, 'reason', exc)}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
