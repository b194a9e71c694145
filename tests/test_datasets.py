"""The tutorial data: XOR, the admissions loader, the lesson's preparation."""

import gzip
import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mlp import Network, datasets
from mlp.datasets import (
    Admissions,
    admissions_split,
    lesson_split,
    load_admissions,
    prepare_admissions,
    xor,
)

REPO = Path(__file__).resolve().parents[1]
ADMISSIONS_SHA256 = "2f5dcda0e455631215709575cc2eede4e5fb4e94cda9c37dab54e26d79dcf8c2"


def _shared_copy():
    """The cross-check copy in shared/data beside the repository (or beside
    the folder that holds this worktree), if there is one."""
    for folder in REPO.parents[:2]:
        path = folder / "shared" / "data" / "binary.csv"
        if path.is_file():
            return path
    return None


SHARED = _shared_copy()
needs_shared = pytest.mark.skipif(SHARED is None, reason="no shared/data beside the repo")


def _write_csv(path, text, gz=False):
    data = text.encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


# -- XOR -------------------------------------------------------------------


def test_xor_is_xor_in_the_blog_order():
    X, y = xor()
    assert X.shape == (4, 2) and y.shape == (4,)
    assert X.tolist() == [[1, 1], [1, 0], [0, 1], [0, 0]]
    assert y.tolist() == [(a + b) % 2 for a, b in X.astype(int).tolist()]


def test_xor_bias_column_is_a_column_of_ones():
    X3, y3 = xor(bias_column=True)
    X, y = xor()
    np.testing.assert_array_equal(X3[:, :2], X)
    np.testing.assert_array_equal(X3[:, 2], 1.0)
    np.testing.assert_array_equal(y3, y)


def test_xor_refuses_a_non_bool():
    with pytest.raises(TypeError, match="bias_column"):
        xor(bias_column="yes")


# -- loading ---------------------------------------------------------------


def test_packaged_data_has_the_documented_shape_and_counts():
    data = load_admissions()
    assert len(data) == 400
    assert np.bincount(data.admit).tolist() == [273, 127]
    assert np.bincount(data.rank, minlength=5)[1:].tolist() == [61, 151, 121, 67]
    assert data.gre[:3].tolist() == [380, 660, 800]
    assert data.gpa[:3].tolist() == [3.61, 3.67, 4.0]


def test_packaged_file_is_the_one_its_note_describes():
    # The SHA-256 printed in mlp/data/README.md, the note on the data's origin.
    digest = hashlib.sha256(datasets._ADMISSIONS_FILE.read_bytes()).hexdigest()
    assert digest == ADMISSIONS_SHA256
    note = (datasets._ADMISSIONS_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert ADMISSIONS_SHA256 in note


DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"


def test_packaged_digits_are_the_ones_their_note_describes():
    digest = hashlib.sha256(datasets._DIGITS_FILE.read_bytes()).hexdigest()
    assert digest == DIGITS_SHA256
    note = (datasets._DIGITS_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert DIGITS_SHA256 in note and "57,523 bytes" in note
    assert datasets._DIGITS_FILE.stat().st_size == 57_523


def test_load_digits_gives_the_1797_images_as_described():
    digits = datasets.load_digits()
    assert len(digits) == 1797
    assert digits.X.shape == (1797, 64) and digits.X.dtype == np.float64
    assert digits.images.shape == (1797, 8, 8) and digits.labels.dtype.kind == "i"
    assert np.array_equal(digits.images.reshape(1797, 64), digits.X)
    # Ink counts 0..16 over 16: every value is a multiple of 1/16 in [0, 1].
    assert digits.X.min() == 0.0 and digits.X.max() == 1.0
    assert np.array_equal(digits.X * 16, np.round(digits.X * 16))
    counts = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]  # the note's
    assert np.bincount(digits.labels).tolist() == counts
    digits.X[0, 0] = 0.5  # images is a copy: changing X leaves it alone
    assert digits.images[0, 0, 0] == 0.0


def test_the_first_digit_is_a_zero_drawn_in_ink_counts():
    # The first line of the file: 0,0,5,13,9,1,0,0, 0,0,13,15,10,15,5,0, ...
    first = datasets.load_digits().images[0] * 16
    assert first[0].tolist() == [0, 0, 5, 13, 9, 1, 0, 0]
    assert first[1].tolist() == [0, 0, 13, 15, 10, 15, 5, 0]


def test_one_hot_puts_one_in_the_labels_column():
    targets = datasets.one_hot([2, 0, 1, 2], k=4)
    assert targets.dtype == np.float64
    assert targets.tolist() == [[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]
    assert datasets.one_hot(np.array([1], dtype=np.uint8)).tolist() == [[0, 1]]
    assert np.array_equal(datasets.one_hot(datasets.load_digits().labels).argmax(axis=1),
                          datasets.load_digits().labels)


@pytest.mark.parametrize("labels, k, error, words", [
    ([1.0, 2.0], None, TypeError, "labels must be integers, got dtype float64"),
    ([True, False], None, TypeError, "labels must be integers, got dtype bool"),
    ([[1]], None, ValueError, "labels must be a non-empty 1-D array, got shape (1, 1)"),
    ([], None, TypeError, "labels must be integers, got dtype float64"),
    (np.array([], dtype=int), None, ValueError, "non-empty 1-D array, got shape (0,)"),
    ([-1, 2], None, ValueError, "labels must be 0 or more, got -1"),
    ([3], 2, ValueError, "labels must be less than k = 2, got 3"),
    ([1], 0, ValueError, "k must be a positive integer, got 0"),
    ([1], 2.0, TypeError, "k must be a positive integer, got 2.0"),
])
def test_one_hot_refuses_what_is_not_a_label(labels, k, error, words):
    with pytest.raises(error) as info:
        datasets.one_hot(labels, k)
    assert words in str(info.value)


def test_loading_imports_nothing_but_numpy():
    code = (
        "import sys; before = set(sys.modules); "
        "from mlp.datasets import load_admissions; load_admissions(); "
        "new = {m.split('.')[0] for m in set(sys.modules) - before}; "
        "print(sorted(new - set(sys.stdlib_module_names) - {'mlp', 'numpy'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"


@needs_shared
def test_packaged_data_equals_the_shared_copy():
    packaged, shared = load_admissions(), load_admissions(SHARED)
    for column in datasets.ADMISSIONS_COLUMNS:
        np.testing.assert_array_equal(getattr(packaged, column), getattr(shared, column))


@needs_shared
def test_shared_copy_reads_through_path():
    data = load_admissions(SHARED)
    assert len(data) == 400
    # The file's first data line is 0,380,3.61,3.
    assert (data.admit[0], data.gre[0], data.gpa[0], data.rank[0]) == (0, 380, 3.61, 3)


def test_path_reads_any_csv_with_the_columns_in_any_order(tmp_path):
    text = "rank,extra,gpa,admit,gre\n3,x,3.61,0,380\n1,y,4,1,800\n"
    for gz in (False, True):
        data = load_admissions(_write_csv(tmp_path / f"d{gz}.csv", text, gz))
        assert data.admit.tolist() == [0, 1]
        assert data.gre.tolist() == [380, 800]
        assert data.gpa.tolist() == [3.61, 4.0]
        assert data.rank.tolist() == [3, 1]
        assert data.admit.dtype.kind == data.rank.dtype.kind == "i"


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.csv"):
        load_admissions(tmp_path / "nothere.csv")


@pytest.mark.parametrize(
    "text, match",
    [
        ("admit,gre,gpa\n0,380,3.61\n", "no column rank"),
        ("admit,gre,gpa,rank\n0,380,abc,3\n", "line 2"),
        ("admit,gre,gpa,rank\n0,380,3.6,3\n0,380\n", "line 3"),
        ("admit,gre,gpa,rank\n0,380,3.6,5\n", "rank 1 to 4"),
        ("admit,gre,gpa,rank\n2,380,3.6,1\n", "admit must be 0"),
        ("admit,gre,gpa,rank\n0,nan,3.6,1\n", "finite"),
        ("admit,gre,gpa,rank\n", "no records"),
    ],
)
def test_bad_files_are_refused_with_the_place(tmp_path, text, match):
    with pytest.raises(ValueError, match=match):
        load_admissions(_write_csv(tmp_path / "bad.csv", text))


# -- preparation -----------------------------------------------------------


def _tiny():
    return Admissions(
        admit=np.array([0, 1, 1, 0, 1]),
        gre=np.array([380.0, 660.0, 800.0, 640.0, 520.0]),
        gpa=np.array([3.61, 3.67, 4.0, 3.19, 2.93]),
        rank=np.array([3, 3, 1, 4, 2]),
    )


def test_prepare_standardises_with_ddof_1_and_makes_dummies():
    data = _tiny()
    features, targets = prepare_admissions(data)
    assert features.shape == (5, 6)
    np.testing.assert_allclose(features[:, :2].mean(axis=0), 0, atol=1e-14)
    np.testing.assert_allclose(features[:, :2].std(axis=0, ddof=1), 1, rtol=1e-14)
    expected = [[0, 0, 1, 0], [0, 0, 1, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 1, 0, 0]]
    np.testing.assert_array_equal(features[:, 2:], expected)
    np.testing.assert_array_equal(targets, [0, 1, 1, 0, 1])


def test_prepare_refuses_other_input():
    with pytest.raises(TypeError, match="Admissions"):
        prepare_admissions(np.zeros((5, 4)))


def test_prepared_rows_match_the_lessons_table():
    # The lesson's "ten rows after transformations", as it prints them.
    lesson = {
        15: (0, -0.932334, 0.131646, 3), 115: (0, 0.279614, 1.576859, 3),
        55: (1, 1.318426, 1.603135, 3), 175: (1, 0.279614, -0.052290, 2),
        63: (1, 0.799020, 1.208986, 3), 67: (0, 0.279614, -0.236227, 1),
        216: (0, -2.144282, -1.287291, 1), 145: (0, -1.798011, 0.105369, 3),
        286: (1, 1.837832, -0.446439, 1), 339: (1, 0.625884, 0.210476, 3),
    }
    features, targets = prepare_admissions(load_admissions())
    for row, (admit, gre, gpa, rank) in lesson.items():
        assert targets[row] == admit
        np.testing.assert_allclose(features[row, :2], [gre, gpa], atol=5e-7)
        assert features[row, 2:].tolist() == [float(r == rank) for r in range(1, 5)]


@pytest.mark.parametrize("seed", [42, 21, 0])
def test_lesson_split_equals_the_global_seed_version(seed):
    state = np.random.get_state()
    try:
        # What the lesson runs, on the index of 400 records.
        np.random.seed(seed)
        lesson_train = np.random.choice(np.arange(400), size=int(400 * 0.9), replace=False)
        np.random.set_state(state)
        train, test = lesson_split(400, seed)
        assert np.random.get_state()[1].tolist() == state[1].tolist()
    finally:
        np.random.set_state(state)
    np.testing.assert_array_equal(train, lesson_train)
    np.testing.assert_array_equal(test, np.setdiff1d(np.arange(400), lesson_train))
    assert np.all(np.diff(test) > 0) and len(train) == 360 and len(test) == 40


def test_lesson_split_refuses_a_bad_fraction():
    with pytest.raises(ValueError, match="train_fraction"):
        lesson_split(10, 0, train_fraction=1.5)


# -- the lesson's exercises: mlp's full-batch "mse" is the lesson's loop ----


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_gradient_descent_exercise_equals_the_lessons_loop():
    split, epochs = admissions_split(42), 100
    # The lesson's loop, transcribed: sum the record steps, apply η·Σ/m.
    # RandomState(42) draws what the lesson's np.random.seed(42) then draws.
    w = np.random.RandomState(42).normal(scale=1 / 6**0.5, size=6)
    for _ in range(epochs):
        del_w = np.zeros(6)
        for x, y in zip(split.X_train, split.y_train):
            out = _sigmoid(x @ w)
            del_w += (y - out) * out * (1 - out) * x
        w += 0.5 * del_w / len(split.y_train)
    net = Network.random([6, 1], rng=np.random.RandomState(42), bias=False,
                         scale=6**-0.5)
    net.fit(split.X_train, split.y_train, epochs=epochs, learn_rate=0.5)
    np.testing.assert_allclose(net.weights[0][:, 0], w, rtol=1e-12, atol=1e-15)


def test_backprop_exercise_equals_the_lessons_loop():
    split, epochs, eta = admissions_split(21), 100, 0.005
    rng = np.random.RandomState(21)
    W1 = rng.normal(scale=1 / 6**0.5, size=(6, 2))
    W2 = rng.normal(scale=1 / 6**0.5, size=2)
    for _ in range(epochs):
        d1, d2 = np.zeros_like(W1), np.zeros_like(W2)
        for x, y in zip(split.X_train, split.y_train):
            a = _sigmoid(x @ W1)
            out = _sigmoid(a @ W2)
            delta_o = (y - out) * out * (1 - out)
            delta_h = delta_o * W2 * a * (1 - a)
            d2 += delta_o * a
            d1 += delta_h * x[:, None]
        W1 += eta * d1 / len(split.y_train)
        W2 += eta * d2 / len(split.y_train)
    net = Network.random([6, 2, 1], rng=np.random.RandomState(21), bias=False,
                         scale=6**-0.5)
    net.fit(split.X_train, split.y_train, epochs=epochs, learn_rate=eta)
    np.testing.assert_allclose(net.weights[0], W1, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(net.weights[1][:, 0], W2, rtol=1e-12, atol=1e-15)
