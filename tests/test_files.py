"""Saving is atomic, and loading never runs code from the file."""

import os
import pickle

import numpy as np
import pytest

import mlp
from tests.helpers import same_network


def nets():
    return (mlp.Network.random([2, 3, 1], rng=0), mlp.Network.random([2, 4, 1], rng=1))


def half_written_savez(file, **arrays):
    """np.savez that writes part of the archive, then fails like a full disk."""
    file.write(b"PK\x03\x04 half an archive")
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("where", ["savez", "fsync", "replace"])
def test_a_failed_save_leaves_the_previous_file_intact_and_no_temp_file(
    tmp_path, monkeypatch, where
):
    old, new = nets()
    path = tmp_path / "net.npz"
    old.save(path)
    before = path.read_bytes()
    listing = sorted(os.listdir(tmp_path))

    if where == "savez":
        monkeypatch.setattr(np, "savez", half_written_savez)
    else:
        def fail(*args, **kwargs):
            raise OSError(5, f"simulated failure in os.{where}")
        monkeypatch.setattr(os, where, fail)
    with pytest.raises(OSError):
        new.save(path)
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == listing
    back = mlp.Network.load(path)
    assert all(np.array_equal(P, Q) for P, Q in zip(back.weights, old.weights))


def test_an_interrupted_save_leaves_no_temp_file(tmp_path, monkeypatch):
    # KeyboardInterrupt is not an Exception; the clean-up must still run.
    def interrupted(file, **arrays):
        file.write(b"PK")
        raise KeyboardInterrupt

    monkeypatch.setattr(np, "savez", interrupted)
    with pytest.raises(KeyboardInterrupt):
        nets()[0].save(tmp_path / "net.npz")
    assert os.listdir(tmp_path) == []


def test_a_successful_save_replaces_the_file_and_leaves_nothing_else(tmp_path):
    old, new = nets()
    path = tmp_path / "net.npz"
    old.save(path)
    new.save(path)
    assert os.listdir(tmp_path) == ["net.npz"]
    assert mlp.Network.load(path).sizes == [2, 4, 1]


class Payload:
    """Unpickling this creates a file: proof that code from the file ran."""

    def __init__(self, sentinel):
        self.sentinel = sentinel

    def __reduce__(self):
        return (open, (self.sentinel, "w"))


def test_the_payload_really_runs_when_unpickled(tmp_path):
    # The control: without mlp's refusal, this payload does run.
    sentinel = str(tmp_path / "ran")
    pickle.loads(pickle.dumps(Payload(sentinel))).close()
    assert os.path.exists(sentinel)


def test_loading_a_pickle_runs_no_code(tmp_path):
    sentinel = str(tmp_path / "ran")
    path = tmp_path / "net.npz"
    path.write_bytes(pickle.dumps(Payload(sentinel)))
    with pytest.raises(ValueError, match="is not a network saved by mlp"):
        mlp.Network.load(path)
    assert not os.path.exists(sentinel)


def test_loading_an_object_array_runs_no_code(tmp_path):
    sentinel = str(tmp_path / "ran")
    good = tmp_path / "good.npz"
    nets()[0].save(good)
    with np.load(good) as data:
        entries = {k: data[k] for k in data.files}
    # An .npz whose weights are a pickled object array: NumPy writes it
    # (allow_pickle defaults to True when saving), mlp must refuse to read it.
    entries["W0"] = np.array([Payload(sentinel)], dtype=object)
    path = tmp_path / "net.npz"
    np.savez(path, **entries)
    with pytest.raises(ValueError, match="holds Python objects, which mlp never loads"):
        mlp.Network.load(path)
    assert not os.path.exists(sentinel)


def test_a_network_edited_into_nan_is_not_saved(tmp_path):
    net, _ = nets()
    path = tmp_path / "net.npz"
    net.save(path)
    before = path.read_bytes()
    net.biases[0][1] = np.nan
    with pytest.raises(ValueError, match=r"biases\[0\] must be finite, but 1 value"):
        net.save(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["net.npz"]


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_save_then_load_is_exact(tmp_path, bias, dtype):
    net = mlp.Network.random([3, 4, 2], rng=0, bias=bias, activation="tanh",
                             output_activation="identity", dtype=dtype)
    path = tmp_path / "net.npz"
    net.save(path)
    back = mlp.Network.load(path)
    assert same_network(back, net)
    X = np.ones((2, 3))
    assert np.array_equal(net.predict(X), back.predict(X))


def test_save_uses_the_path_as_given(tmp_path):
    mlp.Network.random([2, 1], rng=0).save(tmp_path / "model")
    assert os.listdir(tmp_path) == ["model"]


def test_a_hand_built_file_in_the_documented_layout_loads(tmp_path):
    # The file format is plain arrays, so another program can write one.
    np.savez(tmp_path / "ok.npz", format=np.array("mlp.Network"), version=np.array(1),
             activation=np.array("tanh"), output_activation=np.array("identity"),
             n_layers=np.array(1), has_bias=np.array(False), W0=np.eye(2))
    net = mlp.Network.load(tmp_path / "ok.npz")
    assert net.sizes == [2, 2] and net.output_activation == "identity"


@pytest.mark.parametrize("n_layers", [0, 10_001])
def test_load_refuses_a_layer_count_outside_1_to_10000(tmp_path, n_layers):
    # The count is checked before the entries are matched against it, so a
    # file cannot make load build a set of ten thousand names and more.
    np.savez(tmp_path / "many.npz", format=np.array("mlp.Network"), version=np.array(1),
             activation=np.array("sigmoid"), output_activation=np.array("sigmoid"),
             n_layers=np.array(n_layers), has_bias=np.array(False), W0=np.eye(2))
    with pytest.raises(ValueError, match=rf"its layer count must be from 1 to 10000, "
                       rf"got {n_layers}$"):
        mlp.Network.load(tmp_path / "many.npz")
