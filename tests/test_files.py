import os
import pickle
import zipfile

import numpy as np
import pytest

from mlp import Network


def trained():
    net = Network.random([3, 4, 2], rng=0, output_activation="identity")
    X = np.random.default_rng(1).normal(size=(6, 3))
    net.fit(X, X[:, :2], epochs=3, learn_rate=0.1)
    return net, X


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_save_then_load_is_exact(tmp_path, bias, dtype):
    net = Network.random([3, 4, 2], rng=0, bias=bias, activation="tanh",
                         output_activation="identity", dtype=dtype)
    path = tmp_path / "net.npz"
    net.save(path)
    back = Network.load(path)
    assert repr(back) == repr(net)
    for P, Q in zip(net.weights + (net.biases or []), back.weights + (back.biases or [])):
        assert P.dtype == Q.dtype and np.array_equal(P, Q)
    X = np.ones((2, 3))
    assert np.array_equal(net.predict(X), back.predict(X))


def test_save_uses_the_path_as_given_and_leaves_no_temporary_file(tmp_path):
    net, _ = trained()
    net.save(tmp_path / "model")
    assert os.listdir(tmp_path) == ["model"]


def test_failed_save_keeps_the_earlier_file(tmp_path, monkeypatch):
    net, X = trained()
    path = tmp_path / "net.npz"
    net.save(path)
    before = path.read_bytes()

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", explode)
    other = Network.random([3, 4, 2], rng=99)
    with pytest.raises(OSError, match="disk full"):
        other.save(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["net.npz"]


def write_npz(path, **arrays):
    np.savez(path, **arrays)
    return path


def valid_arrays():
    return dict(format=np.array("mlp.Network"), version=np.array(1),
                activation=np.array("sigmoid"), output_activation=np.array("sigmoid"),
                n_layers=np.array(1), has_bias=np.array(False), W0=np.eye(2))


def test_a_hand_built_valid_file_loads(tmp_path):
    net = Network.load(write_npz(tmp_path / "ok.npz", **valid_arrays()))
    assert net.sizes == [2, 2]


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda d: d.pop("format"), "no mlp format marker"),
        (lambda d: d.update(format=np.array("numpy")), "no mlp format marker"),
        (lambda d: d.update(version=np.array(7)), "format version 7"),
        (lambda d: d.pop("W0"), "missing ['W0']"),
        (lambda d: d.update(W1=np.eye(2)), "unexpected ['W1']"),
        (lambda d: d.update(W0=np.array([[np.nan]])), "weights[0] must be finite"),
        (lambda d: d.update(activation=np.array("evil")), "activation must be one of"),
        (lambda d: d.update(n_layers=np.array([1, 2])), "'n_layers' entry is damaged"),
        (lambda d: d.update(W0=np.eye(2, dtype=np.int64)), "not all float64 or all float32"),
    ],
)
def test_tampered_files_are_refused(tmp_path, change, words):
    arrays = valid_arrays()
    change(arrays)
    path = write_npz(tmp_path / "bad.npz", **arrays)
    with pytest.raises(ValueError, match="is not a network saved by mlp") as info:
        Network.load(path)
    assert words in str(info.value)


def test_truncated_file_is_refused(tmp_path):
    net, _ = trained()
    path = tmp_path / "net.npz"
    net.save(path)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(ValueError, match="is not a network saved by mlp"):
        Network.load(path)


def test_foreign_files_are_refused(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    npy = tmp_path / "a.npy"
    np.save(npy, np.eye(2))
    for path in (text, npy):
        with pytest.raises(ValueError, match="is not a network saved by mlp"):
            Network.load(path)


class Boom:
    def __reduce__(self):
        return (os.system, ("echo pwned > pwned.txt",))


def test_loading_never_runs_code_from_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    arrays = valid_arrays()
    path = tmp_path / "evil.npz"
    with zipfile.ZipFile(path, "w") as z:
        for k, v in arrays.items():
            with z.open(k + ".npy", "w") as f:
                np.lib.format.write_array(f, v)
        with z.open("payload.npy", "w") as f:
            np.lib.format.write_array(f, np.array([Boom()], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError, match="is not a network saved by mlp"):
        Network.load(path)
    assert not (tmp_path / "pwned.txt").exists()
    raw = tmp_path / "raw.pkl"
    raw.write_bytes(pickle.dumps(Boom()))
    with pytest.raises(ValueError, match="is not a network saved by mlp"):
        Network.load(raw)
    assert not (tmp_path / "pwned.txt").exists()


def test_missing_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        Network.load(tmp_path / "nothing.npz")
