"""load_mnist reads the four standard IDX files, gzipped or not, and refuses
a malformed one with a ValueError naming it, reading no more than its
header announces."""

import gzip
import hashlib
from pathlib import Path

import numpy as np
import pytest

from mlp.datasets import MNIST_FILES, load_mnist

REPO = Path(__file__).resolve().parents[1]
#: The real MNIST test files, beside the repository (see their README there).
SHARED = next((f / "shared" / "mnist" for f in REPO.parents[:2]
               if (f / "shared" / "mnist" / "t10k-labels-idx1-ubyte.gz").is_file()), None)
needs_mnist = pytest.mark.skipif(SHARED is None, reason="no shared/mnist beside the repo")


def idx(magic, dims, data):
    """The bytes of an IDX file."""
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in dims)
    body = data if isinstance(data, bytes) else np.asarray(data, dtype=np.uint8).tobytes()
    return header + body


def write(folder, kind="test", m=3, gz=False, images=None, labels=None):
    """Two small IDX files of `kind` in `folder`: m images of 28×28 and labels."""
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=m * 784, dtype=np.uint8)
    files = {MNIST_FILES[kind][0]: images or idx(0x0803, [m, 28, 28], pixels),
             MNIST_FILES[kind][1]: labels or idx(0x0801, [m], np.arange(m) % 10)}
    for name, data in files.items():
        if gz:
            (folder / f"{name}.gz").write_bytes(gzip.compress(data))
        else:
            (folder / name).write_bytes(data)
    return pixels


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("kind", ["train", "test"])
def test_the_files_are_read_as_written(tmp_path, gz, kind):
    pixels = write(tmp_path, kind, m=3, gz=gz)
    digits = load_mnist(tmp_path, kind)
    assert digits.X.shape == (3, 784) and digits.images.shape == (3, 28, 28)
    assert np.array_equal(digits.X * 255, pixels.reshape(3, 784))
    assert np.array_equal(digits.images.reshape(3, 784), digits.X)
    assert digits.labels.tolist() == [0, 1, 2]


def bad(tmp_path, why, **files):
    with pytest.raises(ValueError) as info:
        load_mnist(tmp_path, "test")
    assert why in str(info.value), info.value
    return str(info.value)


def test_a_wrong_magic_number_names_the_file(tmp_path):
    write(tmp_path, labels=idx(0x0803, [3], [0, 1, 2]))
    message = bad(tmp_path, "its magic number is not 0x00000801")
    assert message.startswith(f"{tmp_path / 't10k-labels-idx1-ubyte'} is not an MNIST labels file")


def test_images_of_another_size_are_refused(tmp_path):
    write(tmp_path, images=idx(0x0803, [3, 27, 28], bytes(3 * 27 * 28)))
    bad(tmp_path, "its header gives the sizes [3, 27, 28]")


@pytest.mark.parametrize("cut, why", [(-1, "holds fewer"), (+1, "holds more")])
def test_a_file_cut_short_or_too_long_is_refused(tmp_path, cut, why):
    data = idx(0x0803, [3, 28, 28], bytes(3 * 784))
    write(tmp_path, images=data[:cut] if cut < 0 else data + b"\0")
    bad(tmp_path, f"it should hold 2352 bytes of images after its header, and {why}")


def test_a_huge_count_is_refused_before_anything_is_read(tmp_path):
    # A gzipped header that claims 10⁹ images: refused from the header alone.
    write(tmp_path, gz=True, images=idx(0x0803, [10**9, 28, 28], b""))
    bad(tmp_path, "its header gives the sizes [1000000000, 28, 28]")


def test_counts_must_agree(tmp_path):
    write(tmp_path, labels=idx(0x0801, [2], [0, 1]))
    bad(tmp_path, "holds 3 test images but 2 labels")


def test_a_label_above_9_is_refused(tmp_path):
    write(tmp_path, labels=idx(0x0801, [3], [0, 1, 10]))
    bad(tmp_path, "it holds the label 10")


def test_a_damaged_gzip_file_is_refused(tmp_path):
    write(tmp_path, gz=True)
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    bad(tmp_path, "is not a readable MNIST images file")


def test_a_missing_file_names_what_was_looked_for(tmp_path):
    with pytest.raises(FileNotFoundError, match="no train-images-idx3-ubyte or "
                       "train-images-idx3-ubyte.gz in"):
        load_mnist(tmp_path)
    with pytest.raises(ValueError, match="kind must be one of 'train', 'test'"):
        load_mnist(tmp_path, "validation")


@needs_mnist
def test_the_real_test_set_matches_its_published_counts_and_checksums():
    readme = (SHARED / "README.md").read_text(encoding="utf-8")
    for name in MNIST_FILES["test"]:
        digest = hashlib.sha256((SHARED / f"{name}.gz").read_bytes()).hexdigest()
        assert digest in readme
    digits = load_mnist(SHARED, "test")
    assert digits.X.shape == (10_000, 784) and digits.X.max() == 1.0
    counts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]  # the README's
    assert np.bincount(digits.labels).tolist() == counts
    assert digits.labels[:5].tolist() == [7, 2, 1, 0, 4]


# -- fetch_mnist, against a server on 127.0.0.1 -------------------------------

import functools  # noqa: E402
import http.server  # noqa: E402
import threading  # noqa: E402

from mlp.datasets import MNIST_SHA256, fetch_mnist  # noqa: E402


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    """A web server on 127.0.0.1 serving the folder it returns; its address."""
    served = tmp_path / "served"
    served.mkdir()
    handler = functools.partial(_QuietHandler, directory=served)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{httpd.server_address[1]}/mnist/"
    httpd.shutdown()
    httpd.server_close()


def serve(served, name, data):
    (served / "mnist").mkdir(exist_ok=True)
    (served / "mnist" / name).write_bytes(data)


@needs_mnist
def test_fetching_the_real_test_files_verifies_them(tmp_path, server):
    served, url = server
    for name in MNIST_FILES["test"]:
        serve(served, f"{name}.gz", (SHARED / f"{name}.gz").read_bytes())
    folder = fetch_mnist(tmp_path / "cache", base_url=url, kinds=["test"], progress=False)
    assert sorted(p.name for p in Path(folder).iterdir()) == [
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
    assert len(load_mnist(folder, "test")) == 10_000
    # A second call finds them verified and downloads nothing.
    for name in MNIST_FILES["test"]:
        (served / "mnist" / f"{name}.gz").unlink()
    assert fetch_mnist(folder, base_url=url, kinds=["test"], progress=False) == folder


def test_a_file_that_is_not_the_published_one_is_refused_and_removed(tmp_path, server):
    served, url = server
    size = MNIST_SHA256["t10k-labels-idx1-ubyte.gz"][0]
    serve(served, "t10k-labels-idx1-ubyte.gz", b"\0" * size)  # the right size, wrong bytes
    serve(served, "t10k-images-idx3-ubyte.gz", b"\0" * 10)
    with pytest.raises(ValueError, match=r"gave 10 bytes with SHA-256 [0-9a-f]{64}, not the "
                       r"published 1648877 bytes .*; nothing was kept"):
        fetch_mnist(tmp_path / "cache", base_url=url, kinds=["test"], progress=False)
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_stale_file_in_the_folder_is_removed_and_said(tmp_path, server, capsys):
    served, url = server
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "t10k-images-idx3-ubyte.gz").write_bytes(b"an old, partial download")
    with pytest.raises(OSError, match=r"could not download http://127.0.0.1:\d+/mnist/"
                       r"t10k-images-idx3-ubyte.gz: File not found"):
        fetch_mnist(cache, base_url=url, kinds=["test"], progress=False)
    assert "removed " in capsys.readouterr().err
    assert list(cache.iterdir()) == []


def test_progress_is_shown_when_asked(tmp_path, server, capsys, monkeypatch):
    served, url = server
    data = b"x" * 100
    monkeypatch.setitem(MNIST_SHA256, "t10k-labels-idx1-ubyte.gz",
                        (100, hashlib.sha256(data).hexdigest()))
    monkeypatch.setitem(MNIST_FILES, "test", ("t10k-labels-idx1-ubyte",))
    serve(served, "t10k-labels-idx1-ubyte.gz", data)
    fetch_mnist(tmp_path, base_url=url, kinds=["test"], progress=True)
    assert capsys.readouterr().err.endswith("t10k-labels-idx1-ubyte.gz: 100%\n")


def test_the_default_folder_is_a_cache_under_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert fetch_mnist(kinds=[]) == str(tmp_path / "mlp" / "mnist")
    assert (tmp_path / "mlp" / "mnist").is_dir()
