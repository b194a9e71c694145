"""The command line against clumsy and unlucky use: every mistake is found
before training, in one line with exit status 2, and nothing finished is
lost without a word."""

import errno
import os
import subprocess
import sys

import pytest

from mlp import Network, _checks, cli


def main(capsys, *args):
    """Run ``mlp ARGS`` in this process; (status, stdout, stderr lines)."""
    status = cli.main(list(args), prog="mlp")
    out, err = capsys.readouterr()
    return status, out, err.splitlines()


def one_line(capsys, *args):
    """The one error line of ``mlp ARGS``, which must exit 2 printing nothing."""
    status, out, err = main(capsys, *args)
    assert (status, len(err)) == (2, 1), err
    assert err[0].startswith(f"mlp {args[0]}: error: ")
    return err[0]


@pytest.fixture
def no_training(monkeypatch):
    """Fail the test if training starts."""
    def train(*args):
        raise AssertionError("training started before the options were checked")
    monkeypatch.setattr(cli, "_train", train)


@pytest.mark.parametrize("save, words", [
    ("models", ["--save: ", "models names a folder", "models/model.npz"]),
    ("newdir/", ["--save: newdir/ names a folder"]),
    ("none/m.npz", ["--save: no folder", "none"]),
])
def test_a_save_path_that_cannot_be_a_file_is_refused_first(capsys, tmp_path, monkeypatch,
                                                             no_training, save, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models").mkdir()
    line = one_line(capsys, "xor", "--save", save)
    assert all(w in line for w in words), line


def test_a_save_path_that_is_not_a_regular_file_is_refused(capsys, tmp_path, no_training):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "is not a regular file" in one_line(capsys, "xor", "--save", str(fifo))


def test_an_unwritable_folder_is_refused_first(capsys, tmp_path, monkeypatch, no_training):
    monkeypatch.setattr(cli.os, "access", lambda path, mode: False)  # as on a read-only mount
    line = one_line(capsys, "admissions", "--plot", str(tmp_path / "c.png"))
    assert f"--plot: cannot write into the folder {tmp_path}" in line


def test_save_and_plot_must_differ(capsys, tmp_path, no_training):
    path = str(tmp_path / "out.png")
    line = one_line(capsys, "xor", "--save", path, "--plot", path)
    assert "--save and --plot both name" in line and "overwrite the network" in line


@pytest.mark.parametrize("plot, got", [("curve", "no suffix"),
                                       ("curve.xyz", "the suffix .xyz")])
def test_a_plot_needs_a_suffix_matplotlib_writes(capsys, tmp_path, no_training, plot, got):
    line = one_line(capsys, "xor", "--plot", str(tmp_path / plot))
    assert f"has {got}; name the image with the suffix" in line and ".png" in line


@pytest.mark.parametrize("option, value", [("--hidden", "1000000000"),
                                           ("--epochs", "99999999999999")])
def test_sizes_beyond_memory_are_refused_with_the_bytes(capsys, no_training, option, value):
    line = one_line(capsys, "xor", option, value)
    assert f"error: {option} would need " in line
    assert f"more than this machine has ({_checks.size_text(_checks.usable_memory())})" in line


@pytest.mark.parametrize("error, words", [
    (OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), "No space left on device"),
    (OSError(errno.EROFS, os.strerror(errno.EROFS)), "Read-only file system"),
])
def test_a_failed_save_after_training_says_nothing_was_saved(capsys, tmp_path, monkeypatch,
                                                            error, words):
    def save(self, path):
        raise error
    monkeypatch.setattr(Network, "save", save)
    model = tmp_path / "m.npz"
    status, out, err = main(capsys, "xor", "--epochs", "5", "--save", str(model))
    assert status == 2 and "final sse loss" in out
    assert err == [f"mlp xor: error: --save: could not write {model} ({words}); "
                   "nothing was saved"]
    assert not model.exists()


def test_ctrl_c_says_whether_the_network_was_saved(capsys, tmp_path, monkeypatch):
    def interrupt(*args):
        raise KeyboardInterrupt
    model = tmp_path / "m.npz"
    monkeypatch.setattr(cli, "_train", interrupt)
    status, _, err = main(capsys, "xor", "--save", str(model))
    assert (status, err) == (130, ["", "mlp xor: interrupted; nothing was saved"])
    monkeypatch.undo()
    monkeypatch.setattr(cli, "_plot", lambda *args: interrupt())
    status, _, err = main(capsys, "xor", "--epochs", "5", "--save", str(model),
                          "--plot", str(tmp_path / "c.png"))
    assert status == 130 and err[-1] == f"mlp xor: interrupted; the network was saved to {model}"
    assert Network.load(model).sizes == [3, 5, 1]


def test_a_closed_pipe_ends_quietly_and_still_saves(tmp_path):
    model = tmp_path / "m.npz"
    reader = subprocess.Popen([sys.executable, "-m", "mlp", "xor", "--epochs", "200",
                               "--save", str(model)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    reader.stdout.readline()  # `mlp xor | head -1`
    reader.stdout.close()
    with reader.stderr:
        assert (reader.wait(timeout=120), reader.stderr.read()) == (0, b"")
    assert Network.load(model).sizes == [3, 5, 1]


def test_the_ways_around_a_learners_own_mlp_py(tmp_path):
    # What the troubleshooting page says: python -m mlp runs ./mlp.py, while
    # the mlp command and python -P -m mlp run the package.
    (tmp_path / "mlp.py").write_text('print("my own network")\n')
    script = os.path.join(os.path.dirname(sys.executable), "mlp")
    for command, printed in (([sys.executable, "-m", "mlp"], "my own network\n"),
                             ([sys.executable, "-P", "-m", "mlp"], None),
                             ([script], None)):
        out = subprocess.run(command + ["--version"], cwd=tmp_path, capture_output=True,
                             text=True, timeout=60).stdout
        assert out == (printed or f"mlp {cli.__version__}\n"), command
