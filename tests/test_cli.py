"""``python -m mlp``, run as a user runs it: in a subprocess."""

import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest

from mlp import Network, __version__, cli, datasets



def run(*args, code=None):
    """Run ``python -m mlp ARGS`` (or ``python -c CODE``) and capture it."""
    command = [sys.executable] + (["-c", code] if code else ["-m", "mlp"]) + list(args)
    return subprocess.run(command, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def assert_usage_error(result, *words):
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0]


def test_version():
    result = run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"mlp {__version__}\n"


@pytest.mark.parametrize("args", [[], ["xor"], ["admissions"], ["digits"]])
def test_help_at_every_level(args):
    result = run(*args, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python -m mlp")
    for option in (["--learn-rate", "--batch-size", "--seed", "--save", "--plot"]
                   if args else ["xor", "admissions", "digits"]):
        assert option in result.stdout


@pytest.mark.parametrize(
    "args, words",
    [
        ([], ["required", "COMMAND"]),
        (["sudoku"], ["invalid choice", "sudoku"]),
        (["xor", "--epochs", "-3"], ["--epochs", "positive integer", "-3"]),
        (["xor", "--epochs", "ten"], ["--epochs", "ten"]),
        (["xor", "--learn-rate", "0"], ["--learn-rate", "positive number"]),
        (["xor", "--learn-rate", "nan"], ["--learn-rate", "positive number"]),
        (["xor", "--batch-size", "0"], ["--batch-size"]),
        (["xor", "--hidden", "-1"], ["--hidden"]),
        (["xor", "--seed", "-1"], ["--seed"]),
        (["xor", "--init", "zeros"], ["--init", "zeros"]),
        (["xor", "--frobnicate"], ["unrecognized", "--frobnicate"]),
    ],
)
def test_bad_arguments_give_one_line_and_status_2(args, words):
    assert_usage_error(run(*args), *words)


def test_missing_data_file_gives_one_line_and_status_2(tmp_path):
    result = run("admissions", "--data", str(tmp_path / "none.csv"))
    assert_usage_error(result, "none.csv")


def test_bad_data_file_gives_one_line_and_status_2(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("admit,gre,gpa\n0,380,3.6\n")
    assert_usage_error(run("admissions", "--data", str(path)), "no column rank")


def test_unwritable_output_is_refused_before_training(tmp_path):
    target = tmp_path / "no" / "such" / "folder" / "m.npz"
    assert_usage_error(run("xor", "--save", str(target)), "--save", "no folder")


def test_plot_without_matplotlib_is_a_usage_error(tmp_path):
    code = (
        "import sys; sys.modules['matplotlib'] = None; import mlp.cli as c; "
        f"sys.exit(c.main(['xor', '--epochs', '5', '--plot', {str(tmp_path / 'c.png')!r}]))"
    )
    assert_usage_error(run(code=code), "--plot needs matplotlib")


def test_xor_trains_saves_and_plots(tmp_path):
    model, curve = tmp_path / "m.npz", tmp_path / "c.png"
    result = run("xor", "--epochs", "3000", "--seed", "4", "--save", str(model),
                 "--plot", str(curve))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress line when stderr is not a terminal
    # The same training through the API: the blog's uniform start.
    rng = np.random.RandomState(4)
    net = Network([rng.random_sample((3, 5)), rng.random_sample((5, 1))])
    X, y = datasets.xor(bias_column=True)
    history = net.fit(X, y, epochs=3000, learn_rate=3, loss="sse")
    assert f"final sse loss {history[-1]:.6g}\n" in result.stdout
    saved = Network.load(model)
    for W, W_cli in zip(net.weights, saved.weights):
        np.testing.assert_allclose(W_cli, W, rtol=1e-12)
    assert curve.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_progress_line_is_rewritten_in_place():
    # Bytes, not text: text mode would turn the carriage returns into newlines.
    result = subprocess.run([sys.executable, "-m", "mlp", "xor", "--epochs", "500",
                             "--progress"], capture_output=True, timeout=120)
    assert result.returncode == 0
    assert b"\repoch 500/500  loss " in result.stderr
    # The line is wiped at the end, so the report starts on a clean line.
    assert result.stderr.endswith(b"\r") and b"\n" not in result.stderr


def test_admissions_defaults_are_the_lessons_backprop_exercise():
    result = run("admissions")
    assert result.returncode == 0, result.stderr
    split = datasets.admissions_split(21)
    net = Network.random([6, 2, 1], rng=np.random.RandomState(21), bias=False,
                         scale=6**-0.5)
    history = net.fit(split.X_train, split.y_train, epochs=900, learn_rate=0.005)
    accuracy = np.mean((net.predict(split.X_test)[:, 0] > 0.5) == split.y_test)
    assert f"final training mse loss {history[-1]:.6g}\n" in result.stdout
    assert f"test accuracy {accuracy:.3f}\n" in result.stdout


def test_admissions_reads_a_csv_given_by_path(tmp_path):
    rng = np.random.default_rng(0)
    rows = [f"{int(rng.random() < 0.4)},{rng.integers(300, 800)},"
            f"{rng.uniform(2, 4):.2f},{rng.integers(1, 5)}" for _ in range(50)]
    path = tmp_path / "mine.csv"
    path.write_text("admit,gre,gpa,rank\n" + "\n".join(rows) + "\n")
    result = run("admissions", "--data", str(path), "--epochs", "20", "--hidden", "0")
    assert result.returncode == 0, result.stderr
    assert "45 training records, 5 test records" in result.stdout


@pytest.mark.parametrize("batch_size", [None, 3])
def test_training_in_chunks_equals_one_fit(batch_size):
    X, y = datasets.xor(bias_column=True)
    args = SimpleNamespace(epochs=250, learn_rate=3.0, batch_size=batch_size,
                           shuffle=None, progress=False, rng=np.random.RandomState(1), loss="sse")
    net = Network.random([3, 4, 1], rng=0)
    one = Network.random([3, 4, 1], rng=0)
    chunked = cli._train(net, X, y, args)
    whole = one.fit(X, y, epochs=250, learn_rate=3.0, loss="sse", batch_size=batch_size,
                    shuffle=batch_size is not None, rng=np.random.RandomState(1),
                    history="epoch")
    np.testing.assert_array_equal(chunked, whole)
    for W, W1 in zip(net.weights, one.weights):
        np.testing.assert_array_equal(W, W1)


def test_diverged_training_is_one_line_and_status_1():
    # A sigmoid network's loss stays finite for any learning rate, so the
    # divergence that fit reports is simulated here.
    code = (
        "import sys, mlp.cli as c, mlp.network as n\n"
        "def fit(self, *a, **k):\n"
        "    raise FloatingPointError('training diverged: try a smaller learn_rate')\n"
        "n.Network.fit = fit\n"
        "sys.exit(c.main(['xor', '--epochs', '5']))\n"
    )
    result = run(code=code)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "python -m mlp xor: error: training diverged: try a smaller learn_rate"
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_shows_by_itself_when_stderr_is_a_terminal():
    import os
    import pty

    leader, follower = pty.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "mlp", "xor", "--epochs", "300"],
                                stdout=subprocess.PIPE, stderr=follower, timeout=120)
        os.close(follower)
        follower = None
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: everything is read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if follower is not None:
            os.close(follower)
        os.close(leader)
    assert result.returncode == 0
    assert b"\repoch 300/300  loss " in seen


def test_digits_reads_the_held_out_digits_as_the_api_does(tmp_path):
    model = tmp_path / "digits.npz"
    result = run("digits", "--epochs", "3", "--seed", "2", "--save", str(model))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "64-30-10 network, with biases, mse loss, 3 epochs, learn_rate 3, batches of 10, "
        "seed 2", "1437 training digits, 360 held-out digits"]
    # The same training through the API: the split, the start and the shuffles.
    digits = datasets.load_digits()
    targets = datasets.one_hot(digits.labels)
    train, test = datasets.lesson_split(len(targets), 2, train_fraction=0.8)
    rng = np.random.RandomState(2)
    net = Network.random([64, 30, 10], rng=rng)
    history = np.concatenate([net.fit(digits.X[train], targets[train], epochs=1,
                                      learn_rate=3.0, batch_size=10, rng=rng, loss="mse",
                                      shuffle=True, history="epoch")
                              for _ in range(3)])
    assert f"final training mse loss {history[-1]:.6g}" in lines
    read = np.mean(net.predict(digits.X[test]).argmax(axis=1) == digits.labels[test])
    assert f"held-out accuracy {read:.3f} on 360 digits" in lines
    assert read > 0.9  # three epochs already read most digits
    for W, W_cli in zip(net.weights, Network.load(model).weights):
        np.testing.assert_allclose(W_cli, W, rtol=1e-12)


def mnist_folder(folder, m=40):
    """Small IDX files of both kinds, the real format with made-up digits."""
    from tests.test_mnist import write
    for kind in ("train", "test"):
        write(folder, kind, m=m, gz=kind == "test")
    return datasets.load_mnist(folder, "train"), datasets.load_mnist(folder, "test")


@pytest.mark.parametrize("recipe", ["nielsen", "rashid"])
def test_mnist_follows_the_recipe_as_the_api_does(tmp_path, recipe):
    train, test = mnist_folder(tmp_path)
    model = tmp_path / "mnist.npz"
    result = run("mnist", "--data", str(tmp_path), "--recipe", recipe, "--epochs", "2",
                 "--hidden", "7", "--seed", "3", "--save", str(model))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    nielsen = recipe == "nielsen"
    assert lines[:2] == [
        f"{recipe}'s recipe: 784-7-10 network, {'with' if nielsen else 'no'} biases, mse "
        f"loss, 2 epochs, learn_rate {3 if nielsen else 0.1}, batches of "
        f"{10 if nielsen else 1}, seed 3", "40 training digits, 40 test digits"]
    # Rashid scales the inputs to [0.01, 1] and the targets to 0.01 and 0.99.
    low, off, on = (0.0, 0.0, 1.0) if nielsen else (0.01, 0.01, 0.99)
    X = low + (1 - low) * train.X
    Y = off + (on - off) * datasets.one_hot(train.labels, 10)
    rng = np.random.RandomState(3)
    net = Network.random([784, 7, 10], rng=rng, bias=nielsen)
    for _ in range(2):
        net.fit(X, Y, epochs=1, learn_rate=3.0 if nielsen else 0.1, loss="mse",
                batch_size=10 if nielsen else 1, shuffle=nielsen, rng=rng)
    read = np.mean(net.predict(low + (1 - low) * test.X).argmax(axis=1) == test.labels)
    assert f"test accuracy {read:.4f} on 40 digits" in lines
    for W, W_cli in zip(net.weights, Network.load(model).weights):
        np.testing.assert_allclose(W_cli, W, rtol=1e-12)


def test_mnist_without_its_files_says_how_to_get_them(tmp_path):
    result = run("mnist", "--data", str(tmp_path / "nowhere"))
    assert_usage_error(result, "no train-images-idx3-ubyte", "--download", "--data")
    bad = tmp_path / "bad"
    bad.mkdir()
    mnist_folder(bad)
    (bad / "train-images-idx3-ubyte").write_bytes(b"not an idx file")
    assert_usage_error(run("mnist", "--data", str(bad)), "train-images-idx3-ubyte")
