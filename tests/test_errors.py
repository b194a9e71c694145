"""Bad input meets an exception that names the argument, the expectation and what came."""

import re

import numpy as np
import pytest

from mlp import Network, numerical_gradient

NET = Network([np.zeros((2, 5)), np.zeros((5, 1))])
X, Y = np.zeros((4, 2)), np.zeros(4)


def fit(**kw):
    args = dict(epochs=1, learn_rate=0.1)
    args.update(kw)
    return lambda: NET.fit(X, Y, **args)


CASES = {
    "X columns": (lambda: NET.predict(np.zeros((4, 3))), ValueError,
                  "X has 3 columns but the first layer expects 2 inputs (weights[0] has shape (2, 5))"),
    "single record length": (lambda: NET.predict(np.zeros(3)), ValueError,
                             "X has 3 entries but the first layer expects 2 inputs"),
    "X 3-D": (lambda: NET.predict(np.zeros((1, 2, 2))), ValueError,
              "X must be a 1-D array or a 2-D array, got 3-D with shape (1, 2, 2)"),
    "X NaN": (lambda: NET.predict([[0.0, np.nan]]), ValueError,
              "X must be finite, but 1 value(s) are NaN or infinite (first at index (0, 1): nan)"),
    "X strings": (lambda: NET.predict([["a", "b"]]), TypeError, "X must hold real numbers"),
    "X empty": (lambda: NET.predict(np.zeros((0, 2))), ValueError, "X is empty (shape (0, 2))"),
    "y rows": (lambda: NET.loss(X, np.zeros(3)), ValueError,
               "y has shape (3,) but X holds 4 records and the network has 1 output(s); "
               "expected shape (4, 1) or (4,)"),
    "y inf": (lambda: NET.loss(X, [0, 0, np.inf, 0]), ValueError, "y must be finite"),
    "learn_rate zero": (lambda: NET.step(X, Y, 0.0), ValueError,
                        "learn_rate must be a positive, finite number, got 0.0"),
    "learn_rate bool": (lambda: NET.step(X, Y, True), TypeError,
                        "learn_rate must be a positive number, got True"),
    "loss name": (lambda: NET.loss(X, Y, loss="mae"), ValueError,
                  "loss must be one of 'sse', 'mse', got 'mae'"),
    "epochs float": (fit(epochs=2.5), TypeError, "epochs must be a positive integer, got 2.5"),
    "epochs zero": (fit(epochs=0), ValueError, "epochs must be a positive integer, got 0"),
    "batch_size": (fit(batch_size=-1), ValueError, "batch_size must be a positive integer, got -1"),
    "shuffle": (fit(shuffle="yes"), TypeError, "shuffle must be True or False, got 'yes'"),
    "rng": (fit(shuffle=True, rng="seed"), TypeError, "rng must be None, an int seed"),
    "fit single record": (lambda: NET.fit(X[0], 0.0, epochs=1, learn_rate=1.0), ValueError,
                          "X must be a 2-D array of records for fit, got shape (2,)"),
    "activation": (lambda: Network([np.eye(2)], activation="softmax"), ValueError,
                   "activation must be one of 'sigmoid', 'tanh', 'relu', 'identity', got 'softmax'"),
    "output_activation": (lambda: Network([np.eye(2)], output_activation="step"), ValueError,
                          "output_activation must be one of"),
    "layers do not fit": (lambda: Network([np.zeros((2, 3)), np.zeros((4, 1))]), ValueError,
                          "weights[1] has 4 rows but weights[0] has 3 columns (shapes (2, 3) and (4, 1))"),
    "weights 1-D": (lambda: Network([np.zeros(3)]), ValueError,
                    "weights[0] must be a 2-D array, got 1-D with shape (3,)"),
    "weights bare array": (lambda: Network(np.zeros((2, 2))), TypeError,
                           "weights must be a list with one 2-D array per layer, got ndarray"),
    "no layers": (lambda: Network([]), ValueError, "weights is empty"),
    "bias count": (lambda: Network([np.eye(2)], biases=[np.zeros(2), np.zeros(2)]), ValueError,
                   "biases has 2 arrays but weights has 1 layers"),
    "bias length": (lambda: Network([np.zeros((2, 3))], biases=[np.zeros(2)]), ValueError,
                    "biases[0] has 2 entries but layer 0 has 3 units (weights[0] has shape (2, 3))"),
    "dtype": (lambda: Network([np.eye(2)], dtype="int32"), TypeError,
              "dtype must be float64 or float32, got 'int32'"),
    "sizes": (lambda: Network.random([3]), ValueError, "sizes must list at least the inputs and the outputs"),
    "sizes zero": (lambda: Network.random([3, 0]), ValueError, "sizes[1] must be a positive integer, got 0"),
    "scale": (lambda: Network.random([2, 1], scale="xavier"), ValueError,
              "scale must be 'fan_in' or a number, got 'xavier'"),
    "record": (lambda: NET.backward("not a record", Y), TypeError,
               "record must be the Forward record that forward() returns, got str"),
    "gradcheck net": (lambda: numerical_gradient("net", X, Y), TypeError,
                      "net must be an mlp.Network, got str"),
}


@pytest.mark.parametrize("name", CASES)
def test_message(name):
    call, exc, message = CASES[name]
    with pytest.raises(exc, match=re.escape(message)):
        call()


def test_record_from_another_network_is_refused():
    other = Network([np.zeros((3, 1))])
    with pytest.raises(ValueError, match=r"record comes from a network of sizes \[3, 1\], not \[2, 5, 1\]"):
        NET.backward(other.forward(np.zeros(3)), 0.0)
