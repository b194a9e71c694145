"""A catalogue of bad inputs: each is refused with the exact exception type
and a message that names the argument, what was expected and what came.

Every case is a row of CASES: a call that must fail, the exception type,
and three regular expressions that must all be found in the message: the
argument, the expected value and the received value.
"""

import pickle
import re
import warnings
from typing import Callable, NamedTuple

import numpy as np
import pytest

import mlp
from mlp.datasets import one_hot

W2x3 = np.full((2, 3), 0.5)
W3x1 = np.full((3, 1), 0.5)
X4 = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
y4 = np.array([0.0, 1.0, 1.0, 0.0])


def net(**kwargs):
    return mlp.Network([W2x3, W3x1], [np.zeros(3), np.zeros(1)], **kwargs)


class Case(NamedTuple):
    id: str
    call: Callable  # takes a folder (pathlib.Path) for the file cases
    exc: type
    argument: str
    expected: str
    received: str


def good_file(folder):
    path = folder / "good.npz"
    net().save(path)
    return path


def tampered(folder, change):
    """A saved network whose entries were edited by `change(dict)`."""
    with np.load(good_file(folder)) as data:
        entries = {k: data[k] for k in data.files}
    change(entries)
    path = folder / "bad.npz"
    np.savez(path, **entries)
    return path


def load_tampered(change):
    return lambda folder: mlp.Network.load(tampered(folder, change))


def truncated(folder):
    data = good_file(folder).read_bytes()
    path = folder / "bad.npz"
    path.write_bytes(data[: len(data) // 2])
    return mlp.Network.load(path)


def text_file(folder):
    path = folder / "bad.npz"
    path.write_text("W0 = [[0.5, 0.5, 0.5]]\n")
    return mlp.Network.load(path)


def foreign(folder):
    path = folder / "bad.npz"
    np.savez(path, x=np.arange(3.0), y=np.ones(2))
    return mlp.Network.load(path)


def npy_file(folder):
    path = folder / "bad.npy"
    np.save(path, W2x3)
    return mlp.Network.load(path)


class Alarm:
    """Unpickling this object would run a function: the attack to refuse."""

    def __reduce__(self):
        return (print, ("code from the file ran",))


def pickled(folder):
    path = folder / "bad.npz"
    path.write_bytes(pickle.dumps({"W0": Alarm()}))
    return mlp.Network.load(path)


def object_array(folder):
    def change(entries):
        entries["W0"] = np.array([Alarm()], dtype=object)
    return mlp.Network.load(tampered(folder, change))


def set_entry(key, value):
    def change(entries):
        entries[key] = value
    return change


def drop_entry(key):
    def change(entries):
        del entries[key]
    return change


def edited(change):
    """A call of predict on a network whose parameters `change` edited after
    construction."""
    def call(_):
        n = net()
        change(n)
        return n.predict(X4)
    return call


def nan_weight(entries):
    entries["W0"] = entries["W0"].copy()
    entries["W0"][1, 2] = np.nan


CASES = [
    # --- Network(weights, biases, ...) -------------------------------------
    Case("weights-ndarray", lambda _: mlp.Network(W2x3), TypeError,
         r"^weights", r"a list with one 2-D array per layer", r"got ndarray"),
    Case("weights-number", lambda _: mlp.Network(3.0), TypeError,
         r"^weights", r"a list with one 2-D array per layer", r"got float"),
    Case("weights-empty", lambda _: mlp.Network([]), ValueError,
         r"^weights", r"at least one 2-D array", r"got an empty list"),
    Case("weight-1d", lambda _: mlp.Network([np.ones(3)]), ValueError,
         r"^weights\[0\]", r"a 2-D array", r"1-D array of shape \(3,\)"),
    Case("weight-3d", lambda _: mlp.Network([W2x3, np.ones((3, 1, 1))]), ValueError,
         r"^weights\[1\]", r"a 2-D array", r"3-D array of shape \(3, 1, 1\)"),
    Case("weight-empty", lambda _: mlp.Network([np.ones((0, 3))]), ValueError,
         r"^weights\[0\]", r"at least one value", r"empty array of shape \(0, 3\)"),
    Case("weights-mismatch", lambda _: mlp.Network([W2x3, np.ones((2, 1))]), ValueError,
         r"^weights\[1\]", r"weights\[0\] has 3 columns", r"has 2 rows"),
    Case("weight-nan", lambda _: mlp.Network([[[0.5], [np.nan]]]), ValueError,
         r"^weights\[0\]", r"must be finite", r"at index \(1, 0\): nan"),
    Case("weight-inf", lambda _: mlp.Network([[[-np.inf], [0.5]]]), ValueError,
         r"^weights\[0\]", r"must be finite", r"at index \(0, 0\): -inf"),
    Case("weight-strings", lambda _: mlp.Network([[["a"], ["b"]]]), TypeError,
         r"^weights\[0\]", r"real numbers", r"\[\['a'\], \['b'\]\]"),
    Case("weight-complex", lambda _: mlp.Network([np.ones((2, 1)) * 1j]), TypeError,
         r"^weights\[0\]", r"real numbers", r"dtype complex128"),
    Case("weight-ragged", lambda _: mlp.Network([[[0.5, 0.5], [0.5]]]), ValueError,
         r"^weights\[0\]", r"rectangular", r"ragged sequence \[\[0.5, 0.5\], \[0.5\]\]"),
    Case("weight-beyond-float32", lambda _: mlp.Network([[[1e39]]], dtype="float32"),
         ValueError, r"^weights\[0\]", r"float32 range \(magnitude at most 3.4028235e\+38\)",
         r"magnitude 1e\+39"),
    Case("biases-ndarray", lambda _: mlp.Network([W2x3], np.zeros(3)), TypeError,
         r"^biases", r"None or a list with one 1-D array per layer", r"got ndarray"),
    Case("biases-count", lambda _: mlp.Network([W2x3, W3x1], [np.zeros(3)]), ValueError,
         r"^biases", r"weights has 2 layers", r"has 1 array but"),
    Case("bias-2d", lambda _: mlp.Network([W2x3], [np.zeros((1, 3))]), ValueError,
         r"^biases\[0\]", r"a 1-D array", r"2-D array of shape \(1, 3\)"),
    Case("bias-length", lambda _: mlp.Network([W2x3, W3x1], [np.zeros(3), np.zeros(2)]),
         ValueError, r"^biases\[1\]", r"layer 1 has 1 unit \(", r"has 2 entries"),
    Case("bias-nan", lambda _: mlp.Network([W2x3], [[0.0, np.nan, 0.0]]), ValueError,
         r"^biases\[0\]", r"must be finite", r"at index \(1,\): nan"),
    Case("bias-empty", lambda _: mlp.Network([W2x3], [[]]), ValueError,
         r"^biases\[0\]", r"at least one value", r"shape \(0,\)"),
    Case("bias-none", lambda _: mlp.Network([W2x3], [None]), TypeError,
         r"^biases\[0\]", r"real numbers", r"got None"),
    Case("activation-unknown", lambda _: net(activation="softplus"), ValueError,
         r"^activation", r"one of 'sigmoid', 'tanh', 'relu', 'identity', 'softmax'",
         r"got 'softplus'"),
    Case("activation-softmax-hidden", lambda _: net(activation="softmax",
                                                    output_activation="sigmoid"),
         ValueError, r"^activation='softmax'", r"only be an output_activation",
         r"needs an elementwise f"),
    Case("softmax-one-output", lambda _: net(output_activation="softmax"), ValueError,
         r"^a softmax over 1 output", r"one 'sigmoid' output with loss='cross_entropy'",
         r"is always 1"),
    Case("activation-case", lambda _: net(activation="Sigmoid"), ValueError,
         r"^activation", r"one of 'sigmoid'", r"got 'Sigmoid'"),
    Case("output-activation-unknown", lambda _: net(output_activation="linear"),
         ValueError, r"^output_activation", r"one of 'sigmoid'", r"got 'linear'"),
    Case("activation-callable", lambda _: net(activation=np.tanh), ValueError,
         r"^activation", r"one of 'sigmoid'", r"got <ufunc 'tanh'>"),
    Case("dtype-int", lambda _: net(dtype="int32"), TypeError,
         r"^dtype", r"'float64' or 'float32'", r"got 'int32'"),
    Case("dtype-float16", lambda _: net(dtype=np.float16), TypeError,
         r"^dtype", r"'float64' or 'float32'", r"float16"),
    # --- Network.random ----------------------------------------------------
    Case("sizes-string", lambda _: mlp.Network.random("2-3-1"), TypeError,
         r"^sizes", r"a list of layer sizes", r"got '2-3-1'"),
    Case("sizes-short", lambda _: mlp.Network.random([2]), ValueError,
         r"^sizes", r"at least the inputs and the outputs", r"got \[2\]"),
    Case("size-zero", lambda _: mlp.Network.random([2, 0, 1]), ValueError,
         r"^sizes\[1\]", r"a positive integer", r"got 0"),
    Case("size-float", lambda _: mlp.Network.random([2, 2.5, 1]), TypeError,
         r"^sizes\[1\]", r"a positive integer", r"got 2.5"),
    Case("scale-name", lambda _: mlp.Network.random([2, 1], scale="he"), ValueError,
         r"^scale", r"'fan_in' or a number", r"got 'he'"),
    Case("scale-negative", lambda _: mlp.Network.random([2, 1], scale=-1.0), ValueError,
         r"^scale", r"a positive, finite number", r"got -1.0"),
    Case("rng-float", lambda _: mlp.Network.random([2, 1], rng=0.5), TypeError,
         r"^rng", r"None, an int seed, a numpy.random.Generator", r"got 0.5"),
    Case("rng-negative", lambda _: mlp.Network.random([2, 1], rng=-1), ValueError,
         r"^rng", r"a seed of 0 or more", r"got -1"),
    Case("rng-bool", lambda _: mlp.Network.random([2, 1], rng=True), TypeError,
         r"^rng", r"an int seed", r"got True"),
    Case("sizes-beyond-memory", lambda _: mlp.Network.random([10**9, 10**9]), ValueError,
         r"^sizes", r"more than this machine has", r"would need [\d.]+ PiB"),
    Case("sizes-beyond-numpy", lambda _: mlp.Network.random([2**70, 1]), ValueError,
         r"^sizes", r"more than this machine has", r"would need [\d.]+ PiB"),
    Case("bias-flag-string", lambda _: mlp.Network.random([2, 1], bias="no"), TypeError,
         r"^bias", r"True or False", r"got 'no'"),
    Case("scale-overflows", lambda _: mlp.Network.random([100, 1], scale=1e308, rng=0),
         ValueError,
         r"^scale", r"small enough for the weights drawn with it to be finite float64",
         r"got 1e\+308"),
    Case("scale-overflows-float32", lambda _: mlp.Network.random(
        [100, 1], scale=1e39, dtype="float32", rng=0), ValueError,
         r"^scale", r"finite float32", r"got 1e\+39"),
    # --- parameters edited after construction ------------------------------
    Case("weights-replaced-by-lists", edited(lambda n: setattr(
        n, "weights", [W.tolist() for W in n.weights])), TypeError,
         r"^weights\[0\]", r"a NumPy array of dtype float64, as Network makes it",
         r"got \[\[0.5"),
    Case("weights-not-a-list", edited(lambda n: setattr(n, "weights", W2x3)), TypeError,
         r"^weights", r"a list of arrays", r"got array\("),
    Case("weight-of-another-dtype", edited(lambda n: n.weights.__setitem__(
        1, W3x1.astype(np.float32))), TypeError,
         r"^weights\[1\]", r"dtype float64", r"got dtype float32"),
    Case("weight-reshaped", edited(lambda n: n.weights.__setitem__(1, np.ones((4, 1)))),
         ValueError, r"^weights\[1\]", r"each layer takes as many inputs",
         r"shapes \(2, 3\) and \(4, 1\)"),
    Case("weight-set-to-nan", edited(lambda n: n.weights[0].__setitem__((1, 2), np.nan)),
         ValueError, r"^weights\[0\]", r"must be finite", r"index \(1, 2\): nan"),
    Case("bias-resized", edited(lambda n: n.biases.__setitem__(0, np.zeros(4))),
         ValueError, r"^biases\[0\]", r"layer 0 has 3 units", r"4 entries"),
    # --- X -----------------------------------------------------------------
    Case("X-columns", lambda _: net().predict(np.ones((4, 3))), ValueError,
         r"^X", r"expects 2 inputs", r"has 3 columns"),
    Case("X-record-length", lambda _: net().predict([1.0, 2.0, 3.0]), ValueError,
         r"^X", r"expects 2 inputs", r"has 3 entries"),
    Case("X-3d", lambda _: net().predict(np.ones((4, 1, 2))), ValueError,
         r"^X", r"a 1-D or 2-D array", r"3-D array of shape \(4, 1, 2\)"),
    Case("X-scalar", lambda _: net().predict(1.0), ValueError,
         r"^X", r"a 1-D or 2-D array", r"0-D array of shape \(\)"),
    Case("X-empty", lambda _: net().predict(np.empty((0, 2))), ValueError,
         r"^X", r"at least one value", r"empty array of shape \(0, 2\)"),
    Case("X-nan", lambda _: net().predict([[0.0, 1.0], [np.nan, 0.0]]), ValueError,
         r"^X", r"must be finite", r"1 value\(s\) are NaN or infinite \(first at index \(1, 0\): nan\)"),
    Case("X-inf", lambda _: net().loss([[np.inf, 0.0]], [1.0]), ValueError,
         r"^X", r"must be finite", r"first at index \(0, 0\): inf"),
    Case("X-strings", lambda _: net().predict(["0", "1"]), TypeError,
         r"^X", r"real numbers", r"got \['0', '1'\]"),
    Case("X-none", lambda _: net().predict(None), TypeError,
         r"^X", r"real numbers", r"got None"),
    Case("X-ragged", lambda _: net().predict([[0.0, 1.0], [1.0]]), ValueError,
         r"^X", r"rectangular", r"ragged sequence"),
    Case("X-beyond-float32", lambda _: net(dtype="float32").predict([[1e300, 0.0]]),
         ValueError, r"^X", r"within the float32 range", r"magnitude 1e\+300"),
    Case("X-overflows", lambda _: net(activation="identity").predict([[1.5e308, 0.0]]),
         ValueError, r"^X is too large", r"layer 1 .* beyond the largest float64 "
         r"\(1.79769e\+308\)", r"\|X\| up to 1.5e\+308"),
    # --- y -----------------------------------------------------------------
    Case("y-length", lambda _: net().loss(X4, y4[:3]), ValueError,
         r"^y", r"expected shape \(4, 1\) or \(4,\)", r"has shape \(3,\)"),
    Case("y-outputs", lambda _: net().loss(X4, np.ones((4, 2))), ValueError,
         r"^y", r"expected shape \(4, 1\)", r"has shape \(4, 2\)"),
    Case("y-record", lambda _: net().loss([0.0, 1.0], [1.0, 0.0]), ValueError,
         r"^y", r"expected shape \(1,\) or a number", r"has shape \(2,\)"),
    Case("y-nan", lambda _: net().fit(X4, [0.0, np.nan, 1.0, 0.0], epochs=1, learn_rate=1.0),
         ValueError, r"^y", r"must be finite", r"first at index \(1,\): nan"),
    Case("y-empty", lambda _: net().loss(X4, []), ValueError,
         r"^y", r"at least one value", r"shape \(0,\)"),
    Case("y-strings", lambda _: net().loss(X4, ["no", "yes", "yes", "no"]), TypeError,
         r"^y", r"real numbers", r"got \['no', 'yes', 'yes', 'no'\]"),
    # --- fit, step, loss ---------------------------------------------------
    Case("fit-one-record", lambda _: net().fit([0.0, 1.0], [1.0], epochs=1, learn_rate=1.0),
         ValueError, r"^X", r"a 2-D array of records", r"got shape \(2,\)"),
    Case("epochs-zero", lambda _: net().fit(X4, y4, epochs=0, learn_rate=1.0), ValueError,
         r"^epochs", r"a positive integer", r"got 0"),
    Case("epochs-negative", lambda _: net().fit(X4, y4, epochs=-5, learn_rate=1.0),
         ValueError, r"^epochs", r"a positive integer", r"got -5"),
    Case("epochs-float", lambda _: net().fit(X4, y4, epochs=10.0, learn_rate=1.0),
         TypeError, r"^epochs", r"a positive integer", r"got 10.0"),
    Case("epochs-bool", lambda _: net().fit(X4, y4, epochs=True, learn_rate=1.0),
         TypeError, r"^epochs", r"a positive integer", r"got True"),
    Case("learn-rate-zero", lambda _: net().fit(X4, y4, epochs=1, learn_rate=0), ValueError,
         r"^learn_rate", r"a positive, finite number", r"got 0.0"),
    Case("learn-rate-negative", lambda _: net().step(X4, y4, learn_rate=-0.5), ValueError,
         r"^learn_rate", r"a positive, finite number", r"got -0.5"),
    Case("learn-rate-nan", lambda _: net().fit(X4, y4, epochs=1, learn_rate=np.nan),
         ValueError, r"^learn_rate", r"a positive, finite number", r"got nan"),
    Case("learn-rate-inf", lambda _: net().step(X4, y4, learn_rate=np.inf), ValueError,
         r"^learn_rate", r"a positive, finite number", r"got inf"),
    Case("learn-rate-bool", lambda _: net().step(X4, y4, learn_rate=True), TypeError,
         r"^learn_rate", r"a positive number", r"got True"),
    Case("learn-rate-string", lambda _: net().fit(X4, y4, epochs=1, learn_rate="0.1"),
         TypeError, r"^learn_rate", r"a positive number", r"got '0.1'"),
    Case("batch-size-zero", lambda _: net().fit(X4, y4, epochs=1, learn_rate=1.0, batch_size=0),
         ValueError, r"^batch_size", r"a positive integer", r"got 0"),
    Case("batch-size-float", lambda _: net().fit(X4, y4, epochs=1, learn_rate=1.0, batch_size=1.5),
         TypeError, r"^batch_size", r"a positive integer", r"got 1.5"),
    Case("shuffle-int", lambda _: net().fit(X4, y4, epochs=1, learn_rate=1.0, shuffle=1),
         TypeError, r"^shuffle", r"True or False", r"got 1"),
    Case("shuffle-rng", lambda _: net().fit(X4, y4, epochs=1, learn_rate=1.0, shuffle=True,
                                           rng="seed"),
         TypeError, r"^rng", r"an int seed", r"got 'seed'"),
    Case("unused-rng", lambda _: net().fit(X4, y4, epochs=1, learn_rate=1.0, shuffle=False,
                                         rng="banana"),
         TypeError, r"^rng", r"an int seed", r"got 'banana'"),
    Case("epochs-beyond-memory", lambda _: net().fit(X4, y4, epochs=10**12, learn_rate=1.0),
         ValueError, r"^epochs", r"more than this machine has", r"would need 7.3 TiB"),
    Case("batches-beyond-memory", lambda _: net().fit(
        X4, y4, epochs=10**12, learn_rate=1.0, batch_size=1, history="batches"),
         ValueError, r"^epochs", r"more than this machine has", r"would need 29.1 TiB"),
    Case("loss-unknown", lambda _: net().loss(X4, y4, loss="log_loss"), ValueError,
         r"^loss", r"one of 'sse', 'mse', 'cross_entropy'", r"got 'log_loss'"),
    Case("loss-not-derived", lambda _: mlp.Network.random(
            [2, 3, 2], rng=0, output_activation="softmax").fit(
            X4, one_hot(y4.astype(int)), epochs=1, learn_rate=1.0, loss="mse"),
         ValueError, r"^loss='mse'", r"not derived for a 'softmax' output",
         r"with loss='cross_entropy'"),
    Case("cross-entropy-output", lambda _: net(output_activation="identity").loss(
            X4, y4, loss="cross_entropy"),
         ValueError, r"^loss='cross_entropy'", r"'sigmoid'.*or 'softmax'", r"is 'identity'"),
    Case("cross-entropy-targets", lambda _: net().fit(X4, 2 * y4, epochs=1, learn_rate=1.0,
                                                      loss="cross_entropy"),
         ValueError, r"^y must lie in \[0, 1\] for loss='cross_entropy'",
         r"each target is a probability", r"got values from 0 to 2"),
    Case("softmax-targets", lambda _: mlp.Network.random(
            [2, 3, 2], rng=0, output_activation="softmax").loss(
            X4, np.full((4, 2), 0.25), loss="cross_entropy"),
         ValueError, r"^each row of y must sum to 1", r"mlp.datasets.one_hot\(labels\)",
         r"row 0 sums to 0.5"),
    Case("fit-loss-unknown", lambda _: net().fit(X4, y4, epochs=1, learn_rate=1.0, loss="MSE"),
         ValueError, r"^loss", r"one of 'sse', 'mse'", r"got 'MSE'"),
    # --- backward, numerical_gradient, unit_step ---------------------------
    Case("record-type", lambda _: net().backward(X4, y4), TypeError,
         r"^record", r"the Forward record that forward\(\) returns", r"got ndarray"),
    Case("record-other-network", lambda _: net().backward(
            mlp.Network.random([2, 4, 1], rng=0).forward(X4), y4), ValueError,
         r"^record", r"sizes \[2, 3, 1\]", r"sizes \[2, 4, 1\]"),
    Case("gradcheck-net", lambda _: mlp.numerical_gradient([W2x3], X4, y4), TypeError,
         r"^net", r"an mlp.Network", r"got list"),
    Case("gradcheck-eps", lambda _: mlp.numerical_gradient(net(), X4, y4, eps=0.0), ValueError,
         r"^eps", r"a positive, finite number", r"got 0.0"),
    Case("unit-x-2d", lambda _: mlp.unit_step([[1.0, 2.0]], 0.5, [0.5, 0.5], 0.5), ValueError,
         r"^x", r"a 1-D array", r"2-D array of shape \(1, 2\)"),
    Case("unit-weights-length", lambda _: mlp.unit_step([1.0, 2.0], 0.5, [0.5], 0.5),
         ValueError, r"^weights", r"one weight per input", r"has 1 entries but x has 2"),
    Case("unit-y-array", lambda _: mlp.unit_step([1.0, 2.0], [0.5, 1.0], [0.5, 0.5], 0.5),
         ValueError, r"^y", r"a single number", r"1-D array of shape \(2,\)"),
    Case("unit-x-overflows", lambda _: mlp.unit_step([1e308, 1e308], 0.5, [2.0, -2.0], 0.5),
         ValueError, r"^x is too large", r"beyond the largest float64", r"\|x\| up to 1e\+308"),
    Case("unit-learn-rate", lambda _: mlp.unit_step([1.0], 0.5, [0.5], learn_rate=0),
         ValueError, r"^learn_rate", r"a positive, finite number", r"got 0.0"),
    # --- files -------------------------------------------------------------
    Case("save-path-none", lambda _: net().save(None), TypeError,
         r"^path", r"a str or os.PathLike file name", r"got None"),
    Case("load-missing", lambda folder: mlp.Network.load(folder / "missing.npz"),
         FileNotFoundError, r"missing\.npz", r"No such file or directory", r"missing\.npz"),
    Case("load-truncated", truncated, ValueError,
         r"bad\.npz is not a network saved by mlp", r"expected a complete \.npz archive",
         r"got a damaged or truncated one"),
    Case("load-text", text_file, ValueError,
         r"bad\.npz is not a network saved by mlp", r"expected an \.npz \(zip\) archive",
         r"got a file that begins b'W0 = \['"),
    Case("load-foreign", foreign, ValueError,
         r"bad\.npz is not a network saved by mlp", r"expected a 'format' entry 'mlp.Network'",
         r"found entries \['x', 'y'\]"),
    Case("load-npy", npy_file, ValueError,
         r"bad\.npy is not a network saved by mlp", r"expected an \.npz archive",
         r"got a single array \(an \.npy file\)"),
    Case("load-pickle", pickled, ValueError,
         r"bad\.npz is not a network saved by mlp", r"expected an \.npz \(zip\) archive",
         r"got a file that begins b'\\x80"),
    Case("load-object-array", object_array, ValueError,
         r"bad\.npz is not a network saved by mlp", r"saved by mlp",
         r"its entry .W0. holds Python objects, which mlp never loads"),
    Case("load-version", load_tampered(set_entry("version", np.array(2))), ValueError,
         r"bad\.npz is not a network saved by mlp", r"this mlp reads version 1",
         r"format version 2"),
    Case("load-missing-entry", load_tampered(drop_entry("W1")), ValueError,
         r"bad\.npz is not a network saved by mlp", r"do not match 2 layers",
         r"missing \['W1'\]"),
    Case("load-extra-entry", load_tampered(set_entry("W2", W3x1)), ValueError,
         r"bad\.npz is not a network saved by mlp", r"do not match 2 layers",
         r"unexpected \['W2'\]"),
    Case("load-layer-count", load_tampered(set_entry("n_layers", np.array(0))), ValueError,
         r"bad\.npz is not a network saved by mlp", r"from 1 to 10000", r"got 0"),
    Case("load-damaged-flag", load_tampered(set_entry("has_bias", np.array("yes"))),
         ValueError, r"'has_bias' entry", r"dtype kind 'b'", r"shape \(\) and dtype <U3"),
    Case("load-nan-weight", load_tampered(nan_weight), ValueError,
         r"bad\.npz is not a network saved by mlp: weights\[0\]", r"must be finite",
         r"at index \(1, 2\): nan"),
    Case("load-shapes", load_tampered(set_entry("W1", np.ones((2, 1)))), ValueError,
         r"bad\.npz is not a network saved by mlp: weights\[1\]",
         r"weights\[0\] has 3 columns", r"has 2 rows"),
    Case("load-activation", load_tampered(set_entry("activation", np.array("softplus"))),
         ValueError, r"bad\.npz is not a network saved by mlp: activation",
         r"one of 'sigmoid'", r"got 'softplus'"),
    Case("load-hidden-softmax", load_tampered(set_entry("activation", np.array("softmax"))),
         ValueError, r"bad\.npz is not a network saved by mlp: activation='softmax'",
         r"only be an output_activation", r"elementwise"),
    Case("load-int-weights", load_tampered(set_entry("W0", np.ones((2, 3), np.int64))),
         ValueError, r"bad\.npz is not a network saved by mlp",
         r"all float64 or all float32", r"dtypes \['int64', 'float64'\]"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused_by_name(case, tmp_path):
    with pytest.raises(Exception) as info:
        case.call(tmp_path)
    assert type(info.value) is case.exc, f"{type(info.value).__name__}: {info.value}"
    message = str(info.value)
    for part in ("argument", "expected", "received"):
        pattern = getattr(case, part)
        assert re.search(pattern, message), f"{part} {pattern!r} not in {message!r}"


def test_the_catalogue_has_at_least_40_distinct_cases():
    ids = [c.id for c in CASES]
    assert len(set(ids)) == len(ids)
    assert len(CASES) >= 40


def test_no_bad_input_emits_a_warning_on_its_way_to_the_error(tmp_path):
    for case in CASES:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(case.exc):
                case.call(tmp_path)


def test_on_a_32_bit_build_the_address_space_bounds_the_memory(monkeypatch):
    """The browser's WebAssembly: 4 GiB to address, and no page count from the system."""
    from mlp import _checks

    monkeypatch.setattr(_checks, "ADDRESS_SPACE", 2**32)
    monkeypatch.setattr(_checks.os, "sysconf", lambda name: -1)
    assert _checks.usable_memory() == 2**32
    with pytest.raises(ValueError, match=r"^sizes would need 7.5 GiB of memory, more than "
                       r"this machine has \(4.0 GiB\)$"):
        mlp.Network.random([1000, 1_000_000, 1])
    monkeypatch.setattr(_checks, "ADDRESS_SPACE", None)
    assert _checks.usable_memory() is None
