"""Model files against damage and malice: every malformed file gives the one
ValueError "not a network saved by mlp: <why>", decided from the zip
directory and the .npy headers before any data is read; saving respects
the umask, follows symbolic links, and names the user's path."""

import errno
import os
import stat
import zipfile

import numpy as np
import pytest

import mlp
from mlp import io

NOT_OURS = "is not a network saved by mlp: "


@pytest.fixture
def saved(tmp_path):
    """The bytes of a small saved network."""
    path = tmp_path / "good.npz"
    mlp.Network.random([2, 3, 1], rng=0).save(path)
    return path.read_bytes()


def refused(path, why):
    with pytest.raises(ValueError) as info:
        mlp.Network.load(path)
    assert str(info.value).startswith(f"{path} {NOT_OURS}"), info.value
    assert why in str(info.value), info.value


def rewrite(source, target, change):
    """Copy the archive `source` to `target`, entry by entry through `change`
    (name, bytes, zip info) -> (name, bytes) or None to drop the entry."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            kept = change(info.filename, old.read(info), info)
            if kept is not None:
                new.writestr(kept[0], kept[1])


@pytest.mark.parametrize("seed", range(12))
def test_every_corruption_is_refused_in_one_way(tmp_path, saved, seed):
    # 12 x 150 damaged copies, stored and deflated: bytes flipped, cut short,
    # repeated. Each loads or gives the one ValueError, never anything else.
    rng = np.random.default_rng(seed)
    good = tmp_path / "good.npz"
    good.write_bytes(saved)
    with np.load(good) as d:
        np.savez_compressed(tmp_path / "small.npz", **{k: d[k] for k in d.files})
    sources = [saved, (tmp_path / "small.npz").read_bytes()]
    for n in range(150):
        data = bytearray(sources[n % 2])
        kind = n % 3
        if kind == 0:
            for i in rng.integers(0, len(data), size=rng.integers(1, 8)):
                data[i] = int(rng.integers(0, 256))
        elif kind == 1:
            data = data[: rng.integers(0, len(data))]
        else:
            i = int(rng.integers(0, len(data)))
            data[i:i] = data[i: i + int(rng.integers(1, 200))]
        path = tmp_path / f"bad{n}.npz"
        path.write_bytes(bytes(data))
        try:
            mlp.Network.load(path)
        except ValueError as exc:
            assert str(exc).startswith(f"{path} {NOT_OURS}"), exc


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, monkeypatch):
    # 64 MiB of zeros, deflated to some 64 KiB; with the bound lowered to
    # 1 MiB the file must be refused from its directory alone.
    path = tmp_path / "bomb.npz"
    net = mlp.Network.random([2, 3, 1], rng=0)
    net.save(path)
    with np.load(path) as d:
        entries = {k: d[k] for k in d.files}
    np.savez_compressed(path, **{**entries, "W0": np.zeros((2, 2**22))})
    assert path.stat().st_size < 2**20
    monkeypatch.setattr(io, "MAX_BYTES", 2**20)

    def no_reading(*args, **kwargs):
        raise AssertionError("an entry was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_reading)
    refused(path, "its arrays would take 64.0 MiB, more than the 1.0 MiB mlp reads")


def test_a_header_that_claims_a_huge_shape_is_refused(tmp_path, saved):
    good, bad = tmp_path / "good.npz", tmp_path / "bad.npz"
    good.write_bytes(saved)

    def claim(name, data, info):
        if name == "W0.npy":
            data = data.replace(b"(2, 3)", b"(2000000000, 3000000)")
        return name, data

    rewrite(good, bad, claim)
    refused(bad, "its entry 'W0' claims shape (2000000000, 3000000), which does not "
                 "match its size in the archive")


def test_an_entry_that_is_not_an_array_is_refused(tmp_path, saved):
    good, bad = tmp_path / "good.npz", tmp_path / "bad.npz"
    good.write_bytes(saved)
    rewrite(good, bad, lambda name, data, info: (
        ("notes.txt", b"hello") if name == "b0.npy" else (name, data)))
    refused(bad, "it has an entry 'notes.txt' that no network has")


@pytest.mark.parametrize("flags, method, why", [
    (0x1, zipfile.ZIP_STORED, "is encrypted or compressed in a way NumPy does not write"),
    (0x0, 1, "is encrypted or compressed in a way NumPy does not write"),  # "shrunk"
])
def test_encryption_and_unknown_compression_are_refused(tmp_path, saved, flags, method, why):
    bad = tmp_path / "bad.npz"
    data = bytearray(saved)
    # Set the flags and method of the first entry in its local header and in
    # the central directory.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature)
        data[at + offset: at + offset + 2] = flags.to_bytes(2, "little")
        data[at + offset + 2: at + offset + 4] = method.to_bytes(2, "little")
    bad.write_bytes(bytes(data))
    refused(bad, why)


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_only_a_regular_file_is_read(tmp_path, kind):
    path = tmp_path / "model.npz"
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    refused(path, "it is not a regular file")  # a FIFO would block a plain open


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_users_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        mlp.Network.random([2, 1], rng=0).save(tmp_path / "m.npz")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "m.npz").stat().st_mode) == mode


def test_saving_over_a_file_keeps_its_mode(tmp_path):
    path = tmp_path / "m.npz"
    mlp.Network.random([2, 1], rng=0).save(path)
    path.chmod(0o640)
    mlp.Network.random([2, 1], rng=1).save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_saving_through_a_symbolic_link_writes_its_target(tmp_path):
    target, link = tmp_path / "real.npz", tmp_path / "link.npz"
    mlp.Network.random([2, 1], rng=0).save(target)
    link.symlink_to(target)
    mlp.Network.random([2, 4, 1], rng=1).save(link)
    assert link.is_symlink() and mlp.Network.load(target).sizes == [2, 4, 1]
    assert sorted(os.listdir(tmp_path)) == ["link.npz", "real.npz"]


def test_a_failed_save_names_the_users_path_and_leaves_nothing(tmp_path, monkeypatch):
    def full_disk(file, **arrays):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(np, "savez", full_disk)
    path = tmp_path / "m.npz"
    with pytest.raises(OSError) as info:
        mlp.Network.random([2, 1], rng=0).save(path)
    assert (info.value.errno, info.value.filename) == (errno.ENOSPC, str(path))
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("kind, error", [("folder", IsADirectoryError), ("fifo", OSError)])
def test_saving_onto_what_is_not_a_file_is_refused(tmp_path, kind, error):
    path = tmp_path / "m.npz"
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    with pytest.raises(error) as info:
        mlp.Network.random([2, 1], rng=0).save(path)
    assert info.value.filename == str(path)
    assert os.listdir(tmp_path) == ["m.npz"]
