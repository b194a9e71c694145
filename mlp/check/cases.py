"""The catalogue: the lessons' functions, their cases, mlp's values and the known mistakes.

Every expected value and every mistake's value is computed here, from
mlp's own pieces, in the checking process: never in the process that runs
the learner's code.
"""

import math
from typing import Callable, NamedTuple

import numpy as np

from .. import activations as _act
from .. import core
from ..unit import unit_step

#: The functions a learner's file may define, in the order of the lessons.
FUNCTIONS = ("sigmoid", "sigmoid_prime", "gradient_step", "forward_pass", "backward_pass")
#: The ones that compute a network's step or pass; a file is only called
#: right when at least one of them was checked.
NETWORK = ("gradient_step", "forward_pass", "backward_pass")

_SEED = 14  # fixed, so that a report can be reproduced and the docs show it


# -- mlp's own values: the one place that asks mlp for them -------------------


class _Net(NamedTuple):
    """mlp's values for one record of a network with one hidden layer."""

    h_hidden: np.ndarray  # hidden_layer_input
    a_hidden: np.ndarray  # hidden_layer_output
    h_out: float  # output_layer_in
    y_hat: float  # output
    error: float = math.nan  # target − output
    delta_o: float = math.nan  # output_error_term
    delta_h: np.ndarray = None  # hidden_error_term
    step_ih: np.ndarray = None  # delta_w_i_h
    step_ho: np.ndarray = None  # delta_w_h_o


def _net(args):
    """mlp's forward (and, given a target, backward) pass of one record."""
    W = [args["weights_input_hidden"], args["weights_hidden_output"][:, None]]
    sigmoids = ["sigmoid", "sigmoid"]
    record = core.forward(args["x"][None, :], W, None, sigmoids)
    h, a = [h_l[0] for h_l in record.h], [a_l[0] for a_l in record.a]
    forward = (h[0], a[1], float(h[1][0]), float(a[2][0]))
    if "target" not in args:
        return _Net(*forward)
    grads = core.backward(record, np.array([[args["target"]]]), W, None, sigmoids, "sse")
    # The change core.step makes, W_new − W = −η ∂E/∂W, without W's rounding.
    eta = args["learnrate"]
    return _Net(*forward, args["target"] - forward[3], float(grads.delta[1][0, 0]),
                grads.delta[0][0], -eta * grads.dE_dW[0], -eta * grads.dE_dW[1][:, 0])


def _unit(args):
    """mlp's gradient-descent step of one sigmoid unit on one record."""
    return unit_step(args["x"], args["y"], args["weights"], learn_rate=args["learnrate"])


# -- the cases: the lessons' worked examples, then random records -------------


class _Case(NamedTuple):
    label: str
    args: dict  # argument name -> value, in the order of the signature


def _draw(rng, low, high, size=None):
    """Uniform draws rounded to 2 decimals, so a report prints them exactly."""
    return np.round(rng.uniform(low, high, size), 2)


def _activation_cases():
    rng = np.random.default_rng(_SEED)
    # h of the lessons' examples: x·w of both gradient steps, the hidden unit
    # of the worked backpropagation example.
    return [
        _Case("the lessons' pre-activations", {"x": np.array([0.07, 0.8, -0.02])}),
        _Case("random case 1, shape (6,)", {"x": _draw(rng, -8, 8, 6)}),
        _Case("random case 2, shape (3, 4)", {"x": _draw(rng, -8, 8, (3, 4))}),
    ]


def _unit_cases():
    rng = np.random.default_rng(_SEED)

    def case(label, x, y, weights, learnrate):
        return _Case(label, {"x": np.array(x, float), "y": y,
                             "weights": np.array(weights, float), "learnrate": learnrate})

    cases = [case("the lesson's example (2 inputs)", [0.1, 0.3], 0.2, [-0.8, 0.5], 0.5),
             case("the notebook's example (4 inputs)", [1, 2, 3, 4], 0.5,
                  [0.5, -0.5, 0.3, 0.1], 0.5)]
    for number, n in enumerate((3, 5), 1):
        cases.append(case(f"random case {number} ({n} inputs)", _draw(rng, -2, 2, n),
                          float(_draw(rng, 0, 1)), _draw(rng, -1, 1, n),
                          float(np.round(rng.uniform(0.1, 0.9), 1))))
    return cases


def _network_cases(backward):
    rng = np.random.default_rng(_SEED)
    lessons = [
        ("the notebook's example (3 inputs, 2 hidden units)", [0.5, 0.1, -0.2],
         [[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]], [0.1, -0.3], 0.6, 0.5),
        ("the lesson's worked example (2 inputs, 1 hidden unit)", [0.1, 0.3],
         [[0.4], [-0.2]], [0.1], 1.0, 0.5),
    ]
    for number, (n_in, n_hidden) in enumerate(((2, 3), (4, 2), (3, 3)), 1):
        lessons.append((f"random case {number} ({n_in} inputs, {n_hidden} hidden units)",
                        _draw(rng, -2, 2, n_in), _draw(rng, -1, 1, (n_in, n_hidden)),
                        _draw(rng, -1, 1, n_hidden), float(_draw(rng, 0, 1)),
                        float(np.round(rng.uniform(0.1, 0.9), 1))))
    cases = []
    for label, x, W_ih, W_ho, target, eta in lessons:
        args = {"x": np.array(x, float), "target": target,
                "weights_input_hidden": np.array(W_ih, float),
                "weights_hidden_output": np.array(W_ho, float), "learnrate": eta}
        if not backward:
            del args["target"], args["learnrate"]
        cases.append(_Case(label, args))
    return cases


# -- the known mistakes, each computed from mlp's pieces ----------------------


class _Mistake(NamedTuple):
    key: str
    cause: str
    value: Callable  # case arguments -> the tuple a function with this mistake returns
    convention: bool = False  # a convention of its own: right where it is used as meant


def _gd(args, delta, eta=None):
    """The unit's weight step for an error term `delta`."""
    return ((args["learnrate"] if eta is None else eta) * delta * args["x"],)


def _backprop(args, r, delta_o=None, sent_back=None, weights_back=None,
              hidden_slope=None, eta=None):
    """(delta_w_i_h, delta_w_h_o) with any of the backward pass's pieces replaced."""
    eta = args["learnrate"] if eta is None else eta
    delta_o = r.delta_o if delta_o is None else delta_o
    sent_back = delta_o if sent_back is None else sent_back
    W_ho = args["weights_hidden_output"] if weights_back is None else weights_back
    if hidden_slope is None:
        hidden_slope = _act.sigmoid_prime_from_output(r.a_hidden)
    delta_h = sent_back * W_ho * hidden_slope
    return eta * np.outer(args["x"], delta_h), eta * delta_o * r.a_hidden


def _square(args, value):
    """`value`, or None when the weights are not square (a transposed product fails)."""
    W = args["weights_input_hidden"]
    return value() if W.shape[0] == W.shape[1] else None


_SLOPE_FROM_A = ("the slope computed from the wrong quantity: `sigmoid_prime({a})` applies "
                 "the sigmoid a second time; the slope is `{a} * (1 - {a})`, "
                 "which is `sigmoid_prime` of the layer's input h")
_SLOPE_FROM_H = ("the slope computed from the wrong quantity: `{h} * (1 - {h})` uses "
                 "the input h where `a * (1 - a)` needs the output `a = sigmoid(h)`")
_ETA = ("the learning rate left out: every weight change is `learnrate` times an "
        "error term times an input")
_SIGN = ("the sign flipped: the error is `target - output`, and the change is "
         "added to the weights")

_SIGMOID_MISTAKES = (
    _Mistake("sign_flipped", "the sign in the exponent flipped: the sigmoid is "
             "`1 / (1 + np.exp(-x))`", lambda c: (_act.sigmoid(-c["x"]),)),
    _Mistake("reciprocal_missing", "the reciprocal left out: this is `1 + np.exp(-x)`, "
             "not `1 / (1 + np.exp(-x))`", lambda c: (1 + np.exp(-c["x"]),)),
)

_SIGMOID_PRIME_MISTAKES = (
    _Mistake("slope_from_output", "takes the sigmoid's output a and returns `a * (1 - a)`: "
             "the convention of Rashid, the XOR blog and the Coding Train, right wherever it "
             "is called on outputs, never on h (the checks of the network's step and passes "
             "show whether it is); the lessons' `sigmoid_prime(x)` takes the input: "
             "`sigmoid(x) * (1 - sigmoid(x))`", lambda c: (c["x"] * (1 - c["x"]),),
             convention=True),
    _Mistake("returned_sigmoid", "this is `sigmoid(x)` itself; its slope is "
             "`sigmoid(x) * (1 - sigmoid(x))`", lambda c: (_act.sigmoid(c["x"]),)),
    _Mistake("sign_flipped", "the sign flipped: the sigmoid rises, so its slope is positive",
             lambda c: (-_act.sigmoid_prime(c["x"]),)),
)

_UNIT_MISTAKES = (
    _Mistake("slope_missing", "the slope f′(h) left out: "
             "`error_term = error * sigmoid_prime(h)`, not `error` alone",
             lambda c: _gd(c, _unit(c).error)),
    _Mistake("slope_from_a", _SLOPE_FROM_A.format(a="nn_output"),
             lambda c: _gd(c, _unit(c).error * _act.sigmoid_prime(_unit(c).y_hat))),
    _Mistake("slope_from_h", _SLOPE_FROM_H.format(h="h"),
             lambda c: _gd(c, _unit(c).error * _unit(c).h * (1 - _unit(c).h))),
    _Mistake("learnrate_missing", _ETA, lambda c: _gd(c, _unit(c).error_term, eta=1.0)),
    _Mistake("sign_flipped", _SIGN, lambda c: (-_unit(c).delta_w,)),
    _Mistake("returned_weights", "these are the new weights, `weights + del_w`; "
             "return the change `del_w`", lambda c: (c["weights"] + _unit(c).delta_w,)),
    _Mistake("returned_error_term", "this is the error term; the change is "
             "`del_w = learnrate * error_term * x`",
             lambda c: (np.asarray(_unit(c).error_term),)),
)

def _sigmoid_h(c):
    return _act.sigmoid(c["x"] @ c["weights_input_hidden"].T)


_FORWARD_MISTAKES = (
    _Mistake("hidden_sigmoid_missing", "the hidden layer's sigmoid left out: "
             "`hidden_layer_output = sigmoid(np.dot(x, weights_input_hidden))`",
             lambda c: (_net(c).h_hidden,
                        _act.sigmoid(_net(c).h_hidden @ c["weights_hidden_output"]))),
    _Mistake("output_sigmoid_missing", "the output's sigmoid left out: "
             "`output = sigmoid(np.dot(hidden_layer_output, weights_hidden_output))`",
             lambda c: (_net(c).a_hidden, _net(c).h_out)),
    _Mistake("hidden_input_passed_on", "the hidden layer's input passed on: the output "
             "layer takes `hidden_layer_output`, the values after the sigmoid",
             lambda c: (_net(c).a_hidden,
                        _act.sigmoid(_net(c).h_hidden @ c["weights_hidden_output"]))),
    _Mistake("transposed", "the weights transposed: hidden unit j sums `x[i]` times "
             "`weights_input_hidden[i, j]`, which is `np.dot(x, weights_input_hidden)`",
             lambda c: _square(c, lambda: (_sigmoid_h(c), _act.sigmoid(
                 _sigmoid_h(c) @ c["weights_hidden_output"])))),
)

_BACKWARD_MISTAKES = (
    _Mistake("slope_missing_output", "the slope f′ left out at the output: "
             "`output_error_term = error * output * (1 - output)`, not `error` alone",
             lambda c: _backprop(c, _net(c), delta_o=_net(c).error)),
    _Mistake("slope_missing_hidden", "the slope f′ left out in the hidden layer: "
             "`hidden_error_term` needs the factor "
             "`hidden_layer_output * (1 - hidden_layer_output)`",
             lambda c: _backprop(c, _net(c), hidden_slope=1.0)),
    _Mistake("output_slope_from_a", _SLOPE_FROM_A.format(a="output"),
             lambda c: _backprop(c, _net(c), delta_o=_net(c).error
                                 * _act.sigmoid_prime(_net(c).y_hat))),
    _Mistake("output_slope_from_h", _SLOPE_FROM_H.format(h="output_layer_in"),
             lambda c: _backprop(c, _net(c), delta_o=_net(c).error
                                 * _net(c).h_out * (1 - _net(c).h_out))),
    _Mistake("hidden_slope_from_a", _SLOPE_FROM_A.format(a="hidden_layer_output"),
             lambda c: _backprop(c, _net(c), hidden_slope=_act.sigmoid_prime(_net(c).a_hidden))),
    _Mistake("hidden_slope_from_h", _SLOPE_FROM_H.format(h="hidden_layer_input"),
             lambda c: _backprop(c, _net(c), hidden_slope=_net(c).h_hidden
                                 * (1 - _net(c).h_hidden))),
    _Mistake("learnrate_missing", _ETA, lambda c: _backprop(c, _net(c), eta=1.0)),
    _Mistake("transposed", "the weights transposed: `delta_w_i_h` is shaped like "
             "`weights_input_hidden`, one row per input: "
             "`learnrate * hidden_error_term * x[:, None]`",
             lambda c: (_net(c).step_ih.T, _net(c).step_ho)),
    _Mistake("raw_error_sent_back", "the raw error sent back: the hidden layer receives "
             "the output's error term, `output_error_term * weights_hidden_output`, "
             "not `error * weights_hidden_output`",
             lambda c: _backprop(c, _net(c), sent_back=_net(c).error)),
    _Mistake("updated_weights", "the updated weights used in the backward pass: every "
             "error term comes from the weights as they were; change them only after "
             "both steps are found",
             lambda c: _backprop(c, _net(c), weights_back=c["weights_hidden_output"]
                                 + _net(c).step_ho)),
    _Mistake("sign_flipped", _SIGN, lambda c: (-_net(c).step_ih, -_net(c).step_ho)),
)

class _Spec(NamedTuple):
    """What a checker needs to know about one of the learner's functions."""

    signature: str
    returns: tuple  # names of the returned quantities, in return order
    order: tuple  # the order to compare them in: the order they are computed
    cases: Callable
    expected: Callable  # case arguments -> mlp's tuple of values
    mistakes: tuple


_SPECS = {
    "sigmoid": _Spec("sigmoid(x)", ("sigmoid(x)",), (0,), _activation_cases,
                     lambda c: (_act.sigmoid(c["x"]),), _SIGMOID_MISTAKES),
    "sigmoid_prime": _Spec("sigmoid_prime(x)", ("sigmoid_prime(x)",), (0,), _activation_cases,
                           lambda c: (_act.sigmoid_prime(c["x"]),), _SIGMOID_PRIME_MISTAKES),
    "gradient_step": _Spec("gradient_step(x, y, weights, learnrate)", ("del_w",), (0,),
                           _unit_cases, lambda c: (_unit(c).delta_w,), _UNIT_MISTAKES),
    "forward_pass": _Spec(
        "forward_pass(x, weights_input_hidden, weights_hidden_output)",
        ("hidden_layer_output", "output"), (0, 1), lambda: _network_cases(False),
        lambda c: (_net(c).a_hidden, np.asarray(_net(c).y_hat)), _FORWARD_MISTAKES),
    "backward_pass": _Spec(
        "backward_pass(x, target, weights_input_hidden, weights_hidden_output, learnrate)",
        ("delta_w_i_h", "delta_w_h_o"), (1, 0), lambda: _network_cases(True),
        lambda c: (_net(c).step_ih, _net(c).step_ho), _BACKWARD_MISTAKES),
}


# -- the lessons' classes: one backward step of each, in the lessons' layout --------


def _linear_step(args):
    """mlp's step for a network whose output is linear, f(h) = h, as in Udacity's project."""
    W = [args["weights_input_hidden"], args["weights_hidden_output"][:, None]]
    layers = ["sigmoid", "identity"]
    record = core.forward(args["x"][None, :], W, None, layers)
    grads = core.backward(record, np.array([[args["target"]]]), W, None, layers, "sse")
    eta = args["learnrate"]
    return -eta * grads.dE_dW[0], -eta * grads.dE_dW[1][:, 0]


_RASHID_RULE = _Mistake(
    "rashid_rule", "Rashid's rule: the hidden layer receives the output's error e, "
    "`who.T @ output_errors`, where the gradient needs the output's error term e·a(1 − a); "
    "a rule of his book, which trains, but not the gradient of the error (the page on the "
    "column formulation measures it)",
    lambda c: _backprop(c, _net(c), sent_back=_net(c).error), convention=True)

_CODING_TRAIN_ORDER = _Mistake(
    "coding_train_order", "the Coding Train's order: the output weights are changed first, "
    "and the hidden error is then sent back through the changed weights (and as the raw "
    "error, as in Rashid's rule); find every error term from the weights as they were, then "
    "change them",
    lambda c: _backprop(c, _net(c), sent_back=_net(c).error,
                        weights_back=c["weights_hidden_output"] + _net(c).step_ho))

_SIGMOID_OUTPUT = _Mistake(
    "sigmoid_output", "a sigmoid at the output: the project's network has a linear output, "
    "f(h) = h, so its output error term is the error itself, with no slope",
    lambda c: (_net(c).step_ih, _net(c).step_ho))

_SIMPLE = tuple(m for m in _BACKWARD_MISTAKES if m.key in ("learnrate_missing", "sign_flipped"))
_WITHOUT_RAW = tuple(m for m in _BACKWARD_MISTAKES if m.key != "raw_error_sent_back")


def _class_spec(signature, expected, mistakes):
    backward = _SPECS["backward_pass"]
    return backward._replace(signature=signature, expected=expected, mistakes=mistakes)


#: Each class form's step, checked as the backward pass with the lessons' sizes.
CLASS_SPECS = {
    "udacity": _class_spec("NeuralNetwork(input_nodes, hidden_nodes, output_nodes, "
                           "learning_rate).train(features, targets)", _linear_step,
                           (_SIGMOID_OUTPUT,) + _SIMPLE),
    "rashid": _class_spec("neuralNetwork(inputnodes, hiddennodes, outputnodes, "
                          "learningrate).train(inputs_list, targets_list)",
                          _SPECS["backward_pass"].expected, (_RASHID_RULE,) + _WITHOUT_RAW),
    "coding_train": _class_spec("NeuralNetwork(input_nodes, hidden_nodes, output_nodes)"
                                ".train(input_array, target_array)",
                                _SPECS["backward_pass"].expected,
                                (_CODING_TRAIN_ORDER, _RASHID_RULE) + _WITHOUT_RAW),
    "nielsen_backprop": _class_spec("Network(sizes).backprop(x, y)",
                                    _SPECS["backward_pass"].expected, _BACKWARD_MISTAKES),
    "nielsen_update": _class_spec("Network(sizes).update_mini_batch(mini_batch, eta)",
                                  _SPECS["backward_pass"].expected, _BACKWARD_MISTAKES),
}

#: How the report names each class form.
CLASS_NAMES = {
    "udacity": "Udacity's project class {}, its {}; a linear output",
    "rashid": "Rashid's class {}, its {}",
    "coding_train": "the Coding Train's class {}, its {}",
    "nielsen_backprop": "Nielsen's class {}, its {}",
    "nielsen_update": "Nielsen's class {}, its {}",
}


def _output_only(mistake):
    """A forward-pass mistake seen through the output alone, as a class's forward method shows it."""
    def value(c):
        both = mistake.value(c)
        return None if both is None else (both[1],)
    return mistake._replace(value=value)


def _forward_spec(signature, expected, mistakes):
    forward = _SPECS["forward_pass"]
    return forward._replace(signature=signature, returns=("output",), order=(0,),
                            expected=expected, mistakes=mistakes)


_SIGMOID_OUTPUT_FORWARD = _Mistake(
    "sigmoid_output", _SIGMOID_OUTPUT.cause, lambda c: (np.asarray(_net(c).y_hat),))
_FORWARD_OUTPUT = tuple(_output_only(m) for m in _FORWARD_MISTAKES)
_SIGMOID_FORWARD = lambda c: (np.asarray(_net(c).y_hat),)  # noqa: E731

#: Each class form's forward method, checked on the output it returns.
CLASS_FORWARD_SPECS = {
    "udacity": _forward_spec("NeuralNetwork(...).run(features)",
                             lambda c: (np.asarray(_net(c).h_out),), (_SIGMOID_OUTPUT_FORWARD,)),
    "rashid": _forward_spec("neuralNetwork(...).query(inputs_list)", _SIGMOID_FORWARD,
                            _FORWARD_OUTPUT),
    "coding_train": _forward_spec("NeuralNetwork(...).predict(input_array)", _SIGMOID_FORWARD,
                                  _FORWARD_OUTPUT),
    "nielsen_backprop": _forward_spec("Network(sizes).feedforward(a)", _SIGMOID_FORWARD,
                                      _FORWARD_OUTPUT),
    "nielsen_update": _forward_spec("Network(sizes).feedforward(a)", _SIGMOID_FORWARD,
                                    _FORWARD_OUTPUT),
}
