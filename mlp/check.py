"""Check a learner's own network code against mlp's values.

The lessons end in exercises where the learner writes five functions, with
the lessons' names: ``sigmoid(x)``, ``sigmoid_prime(x)``,
``gradient_step(x, y, weights, learnrate)``,
``forward_pass(x, weights_input_hidden, weights_hidden_output)`` and
``backward_pass(x, target, weights_input_hidden, weights_hidden_output,
learnrate)``. Each checker here calls one of them on the lessons' worked
examples, then on random records of several sizes, and compares every
returned quantity with mlp's own value (:func:`mlp.unit_step`,
:func:`mlp.core.forward`, :func:`mlp.core.backward`). A wrong value is
compared with the values of known mistakes, each computed from mlp's
pieces, so the report can name the likely cause.

``python -m mlp check FILE`` runs :func:`file`, which loads the learner's
file in a separate process with a time limit.
"""

import json
import math
import os
import queue
import subprocess
import sys
import tempfile
import textwrap
import threading
import traceback
import warnings
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

import numpy as np

from . import activations as _act
from . import core
from .unit import unit_step

__all__ = [
    "ATOL",
    "FUNCTIONS",
    "RTOL",
    "Report",
    "TIME_LIMIT",
    "Verdict",
    "backward_pass",
    "file",
    "forward_pass",
    "gradient_step",
    "sigmoid",
    "sigmoid_prime",
]

#: A received value is right when ``|received − expected| <= ATOL + RTOL·|expected|``
#: entry by entry (as ``numpy.allclose`` tests), and it has the expected shape.
RTOL = 1e-6
#: See :data:`RTOL`; this absolute part only matters for values near zero.
ATOL = 1e-12
#: Seconds that loading the file, and then checking each function, may take.
TIME_LIMIT = 10.0
#: Seconds for a checking process to start, before the file's time begins.
_STARTUP = 60.0
#: The functions a learner's file may define, in the order of the lessons.
FUNCTIONS = ("sigmoid", "sigmoid_prime", "gradient_step", "forward_pass", "backward_pass")

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
    _Mistake("slope_from_h", "the slope computed from the wrong quantity: `x * (1 - x)` "
             "is the slope only when x is the sigmoid's output; `sigmoid_prime(x)` takes "
             "its input: `sigmoid(x) * (1 - sigmoid(x))`", lambda c: (c["x"] * (1 - c["x"]),)),
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


# -- verdicts -----------------------------------------------------------------


@dataclass
class Verdict:
    """What checking one function found.

    Attributes
    ----------
    name : str
        The function's name, one of :data:`FUNCTIONS`.
    right : bool
        True when every case gave mlp's values.
    cases : int
        How many cases were tried.
    kind : str
        ``"right"``; or what went wrong: ``"value"``, ``"shape"``,
        ``"raised"``, ``"returned_none"``, ``"not_numbers"``,
        ``"changed_argument"``, ``"not_callable"``, ``"timeout"`` or
        ``"crashed"``.
    quantity : str
        The first returned quantity that is wrong, by its lesson name.
    case : str
        Which case showed it.
    inputs : dict of str to str
        The arguments of that case, each written as Python.
    expected, received : str
        mlp's value and the function's, printed.
    problem : str
        One line on what went wrong.
    mistake : str
        The key of the known mistake that gives exactly the received value,
        or ``""``.
    cause : str
        That mistake, in words.
    """

    name: str
    right: bool
    cases: int = 0
    kind: str = "right"
    quantity: str = ""
    case: str = ""
    inputs: dict = field(default_factory=dict)
    expected: str = ""
    received: str = ""
    problem: str = ""
    mistake: str = ""
    cause: str = ""

    def __str__(self):
        return _format_verdict(self)


def _shown(value):
    """A value as the report prints it: arrays to 8 significant decimals."""
    try:
        arr = np.asarray(value)
        if arr.dtype.kind in "biuf":
            return np.array2string(arr, precision=8, floatmode="maxprec",
                                   suppress_small=False, max_line_width=72)
        text = repr(value)
    except Exception:  # the learner's object may refuse even to be shown
        text = f"a {type(value).__name__}"
    return text if len(text) <= 72 else text[:69] + "..."


def _as_python(value):
    """An argument written as Python a learner can paste: lists, not arrays."""
    return repr(value.tolist() if isinstance(value, np.ndarray) else value)


def _close(received, expected):
    return received.shape == expected.shape and bool(
        np.allclose(received, expected, rtol=RTOL, atol=ATOL))


def _as_numbers(value, expected):
    """`value` as a float array (a number may come in any size-1 shape), or None."""
    try:
        arr = np.asarray(value, dtype=float)
    except Exception:  # whatever the learner's object raises, it is not numbers
        return None
    if expected.ndim == 0 and arr.size == 1:
        arr = arr.reshape(())
    return arr


def _unpack(received, spec, expected):
    """The received quantities as float arrays, or the verdict's kind and problem."""
    n = len(spec.returns)
    if received is None:
        return "returned_none", "returned None (is the return statement missing?)"
    if n > 1:
        wanted = "(" + ", ".join(spec.returns) + ")"
        if not isinstance(received, (tuple, list)) or len(received) != n:
            what = (f"{len(received)} values" if isinstance(received, (tuple, list))
                    else f"a {type(received).__name__}")
            return "not_numbers", f"returned {what}; expected the pair {wanted}"
    values = tuple(received) if n > 1 else (received,)
    arrays = []
    for name, value, want in zip(spec.returns, values, expected):
        if value is None:
            return "returned_none", f"returned None as {name}"
        arr = _as_numbers(value, want)
        if arr is None:
            return "not_numbers", f"returned {_shown(value)} as {name}, not numbers"
        arrays.append(arr)
    return tuple(arrays)


# -- checking one function ----------------------------------------------------


def _where(exc, path=None):
    """Where `exc` was raised: "file.py, line N" of the learner's code, or ""."""
    frames = traceback.extract_tb(exc.__traceback__)
    if path is not None:
        frames = [f for f in frames if os.path.abspath(f.filename) == os.path.abspath(path)]
    else:
        skip = (os.path.dirname(__file__), os.path.dirname(np.__file__), "<frozen")
        frames = [f for f in frames if not f.filename.startswith(skip)]
    return f"{os.path.basename(frames[-1].filename)}, line {frames[-1].lineno}" if frames else ""


def _exception(exc, path=None):
    """An exception in one line: its type, its message's first line, and where."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    where = _where(exc, path)
    return f"{text} ({where})" if where else text


def _hint(exc, spec):
    """A likely cause for an exception that lessons' mistakes often raise."""
    text = str(exc)
    if isinstance(exc, TypeError) and "positional argument" in text:
        return f"the lessons' functions take these arguments, in this order: `{spec.signature}`"
    if isinstance(exc, TypeError) and any(
            word in text for word in ("length-1", "0-dimensional", "real number")):
        return "`math.exp` takes one number; `np.exp` works on a whole array, entry by entry"
    if isinstance(exc, ValueError) and any(
            word in text for word in ("aligned", "mismatch", "broadcast")):
        return ("the shapes in a product do not fit: x has shape (n_inputs,) and "
                "`weights_input_hidden` (n_inputs, n_hidden), so the hidden input is "
                "`np.dot(x, weights_input_hidden)`; a step shaped like the weights "
                "needs x as a column, `x[:, None]`")
    if isinstance(exc, NameError):
        return ("the function uses a name it neither receives nor defines, "
                "perhaps a variable of the notebook")
    return ""


def _match(spec, case, q, received, expected):
    """The known mistake whose quantity `q` is exactly ``received[q]``, or None.

    A mistake that also explains every other returned quantity comes first.
    """
    if len(expected) == 2 and all(_close(r, e) for r, e in zip(received, expected[::-1])):
        return _Mistake("wrong_order", "the right values in the wrong order: "
                        "`return " + ", ".join(spec.returns) + "`", None)
    found = []
    for mistake in spec.mistakes:
        value = mistake.value(case.args)
        wrong = None if value is None else [np.asarray(v, dtype=float) for v in value]
        if wrong is not None and _close(received[q], wrong[q]):
            found.append((not all(map(_close, received, wrong)), mistake))
    if found:
        return min(found, key=lambda pair: pair[0])[1]
    want = expected[q]
    if received[q].size == want.size and _close(received[q].reshape(want.shape), want):
        return _Mistake("wrong_shape", f"the right numbers in the wrong shape: "
                        f"`{spec.returns[q]}` should have shape {want.shape}", None)
    return None


def _call(function, args):
    """Call the learner's function on copies of `args`; (returned, copies)."""
    copies = {name: np.copy(value) if isinstance(value, np.ndarray) else value
              for name, value in args.items()}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")  # the overflow of a textbook sigmoid is harmless
        return function(*copies.values()), copies


def _check_case(spec, function, case):
    """The wrong-verdict fields for `case`, or None when it gives mlp's values."""
    try:
        returned, copies = _call(function, case.args)
    except (Exception, SystemExit) as exc:
        return {"kind": "raised", "problem": "raised " + _exception(exc), "cause": _hint(exc, spec)}
    expected = tuple(np.asarray(v, dtype=float) for v in spec.expected(case.args))
    received = _unpack(returned, spec, expected)
    if isinstance(received[0], str):
        return {"kind": received[0], "problem": received[1]}
    for q in spec.order:
        if not _close(received[q], expected[q]):
            mistake = _match(spec, case, q, received, expected)
            shape_ok = received[q].shape == expected[q].shape
            return {"kind": "value" if shape_ok else "shape", "quantity": spec.returns[q],
                    "problem": f"{spec.returns[q]} is wrong" if shape_ok else
                    f"{spec.returns[q]} has shape {received[q].shape}, expected "
                    f"{expected[q].shape}",
                    "expected": _shown(expected[q]), "received": _shown(received[q]),
                    "mistake": mistake.key if mistake else "",
                    "cause": mistake.cause if mistake else ""}
    for name, value in case.args.items():
        if not np.array_equal(copies[name], value):
            return {"kind": "changed_argument", "problem": f"changed its argument {name} "
                    "in place", "cause": "the caller's arrays must stay as they were: "
                    "compute new arrays, and let the caller apply the change "
                    "(`weights = weights + del_w`, not `weights += del_w`)"}
    return None


def _check(name, function):
    """The verdict on the learner's `function` named `name`; never raises."""
    if not callable(function):
        return Verdict(name, False, kind="not_callable",
                       problem=f"{name} is a {type(function).__name__}, not a function")
    spec = _SPECS[name]
    cases = spec.cases()
    for case in cases:
        wrong = _check_case(spec, function, case)
        if wrong is not None:
            if wrong["kind"] == "raised":
                wrong.update(_transposed_on_square(spec, function, cases))
            inputs = {arg: _as_python(value) for arg, value in case.args.items()}
            return Verdict(name, False, len(cases), case=case.label, inputs=inputs, **wrong)
    return Verdict(name, True, len(cases))


def _transposed_on_square(spec, function, cases):
    """The mistake "transposed", if the function gives exactly its value on
    square weights; a transposed product fails on the others."""
    transposed = [m for m in spec.mistakes if m.key == "transposed"]
    for case in cases:
        W = case.args.get("weights_input_hidden")
        if not transposed or W is None or W.shape[0] != W.shape[1]:
            continue
        try:
            returned, _ = _call(function, case.args)
        except (Exception, SystemExit):
            return {}
        wrong = [np.asarray(v, dtype=float) for v in transposed[0].value(case.args)]
        received = _unpack(returned, spec, wrong)
        if not isinstance(received[0], str) and all(map(_close, received, wrong)):
            return {"mistake": "transposed", "cause": transposed[0].cause + f" (on "
                    f"{case.label} it returns exactly the transposed product's values)"}
    return {}


# -- the report ---------------------------------------------------------------


def _indented(label, text):
    """`text` after a label, continuation lines aligned under its first."""
    lead = f"    {label:<10}"
    return "\n".join((lead if i == 0 else " " * len(lead)) + line
                     for i, line in enumerate(text.splitlines()))


def _wrapped(lead, text):
    """`text` wrapped to 78 columns, never inside a `code` span."""
    spans = text.split("`")
    glued = "`".join(part.replace(" ", "\xa0") if i % 2 else part
                     for i, part in enumerate(spans))
    lines = textwrap.wrap(glued, 78, initial_indent=lead, subsequent_indent="      ",
                          break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines).replace("\xa0", " ")


def _format_verdict(v):
    head = f"{v.name:<15}"
    if v.right:
        return f"{head}right ({v.cases} cases)"
    lines = [f"{head}wrong: {v.problem}"]
    if v.case:
        lines.append(_indented("case", v.case))
    if v.inputs:
        lines.append(_indented("inputs", "\n".join(f"{k} = {x}" for k, x in v.inputs.items())))
    if v.expected:
        lines += [_indented("expected", v.expected), _indented("received", v.received)]
    if v.cause:
        lines.append(_wrapped("    likely cause: ", v.cause))
    return "\n".join(lines)


@dataclass
class Report:
    """What checking a learner's file found.

    Attributes
    ----------
    path : str
        The file.
    verdicts : list of Verdict
        One per function of :data:`FUNCTIONS` that the file defines, in that order.
    error : str
        Why the file could not be checked at all, in one line; ``""`` if it was.
    """

    path: str
    verdicts: list = field(default_factory=list)
    error: str = ""

    @property
    def status(self):
        """The exit status: 0 all right, 1 some wrong, 2 nothing could be checked."""
        if self.error or not self.verdicts:
            return 2
        return 0 if all(v.right for v in self.verdicts) else 1

    @property
    def wrong(self):
        """The names of the wrong functions."""
        return [v.name for v in self.verdicts if not v.right]

    def __str__(self):
        if self.error:
            return f"error: {self.error}"
        lines = [f"Checking {os.path.basename(self.path)} against mlp's values "
                 f"(relative tolerance {RTOL:g}, absolute {ATOL:g})"]
        lines += [str(v) for v in self.verdicts]
        missing = [name for name in FUNCTIONS if name not in {v.name for v in self.verdicts}]
        if missing:
            lines.append("Not in the file: " + ", ".join(missing) + ".")
        n = len(self.verdicts)
        if self.wrong:
            lines.append(f"Wrong: {', '.join(self.wrong)} ({len(self.wrong)} of {n}).")
        else:
            lines.append(f"All {n} functions are right." if n > 1 else "The function is right.")
        return "\n".join(lines)


# -- checking from Python -----------------------------------------------------


def _safe_check(name, function):
    """:func:`_check`, with a verdict even if comparing what came back fails."""
    try:
        return _check(name, function)
    except Exception as exc:  # an odd returned object must not end in a traceback
        return Verdict(name, False, kind="crashed",
                       problem=f"could not be checked: {_exception(exc)}")


def _check_and_print(name, function, show):
    verdict = _safe_check(name, function)
    if show:
        print(verdict)
    return verdict


def sigmoid(function, *, show=True):
    """Check a learner's ``sigmoid(x)``, elementwise on arrays.

    Parameters
    ----------
    function : callable
        The learner's function.
    show : bool, optional
        Print the verdict (the default).

    Returns
    -------
    Verdict

    Examples
    --------
    >>> import numpy as np
    >>> import mlp.check
    >>> def my_sigmoid(x):
    ...     return 1 / (1 + np.exp(-x))
    >>> verdict = mlp.check.sigmoid(my_sigmoid)
    sigmoid        right (3 cases)
    """
    return _check_and_print("sigmoid", function, show)


def sigmoid_prime(function, *, show=True):
    """Check a learner's ``sigmoid_prime(x)``, the slope σ′(x), elementwise.

    Parameters and result as for :func:`sigmoid`.
    """
    return _check_and_print("sigmoid_prime", function, show)


def gradient_step(function, *, show=True):
    """Check a learner's ``gradient_step(x, y, weights, learnrate)``.

    It must return ``del_w``, shape (n,): the weight change of one sigmoid
    unit for one record ``x`` of shape (n,) with target ``y``, a number.
    Parameters and result as for :func:`sigmoid`.
    """
    return _check_and_print("gradient_step", function, show)


def forward_pass(function, *, show=True):
    """Check a learner's ``forward_pass(x, weights_input_hidden, weights_hidden_output)``.

    It must return ``(hidden_layer_output, output)`` for one record ``x`` of
    shape (n_inputs,), with ``weights_input_hidden`` of shape
    (n_inputs, n_hidden) and ``weights_hidden_output`` of shape (n_hidden,).
    Parameters and result as for :func:`sigmoid`.
    """
    return _check_and_print("forward_pass", function, show)


def backward_pass(function, *, show=True):
    """Check a learner's ``backward_pass(x, target, weights_input_hidden, weights_hidden_output, learnrate)``.

    It must return ``(delta_w_i_h, delta_w_h_o)``, the weight changes of one
    record, shaped like ``weights_input_hidden`` and ``weights_hidden_output``.
    ``delta_w_h_o`` is compared first, since backpropagation finds it first.
    Parameters and result as for :func:`sigmoid`.
    """
    return _check_and_print("backward_pass", function, show)


# -- checking a file, in a process of its own ----------------------------------


def _load_error(path, exc):
    """Why the learner's file did not load, in one line that says where."""
    if isinstance(exc, SyntaxError) and exc.lineno:
        where = f"{os.path.basename(exc.filename or path)}, line {exc.lineno}"
        return f"cannot load the file: {where}: {type(exc).__name__}: {exc.msg}"
    if isinstance(exc, SystemExit):
        return f"cannot load the file: it calls sys.exit ({_where(exc, path) or path})"
    where = _where(exc, path) or os.path.basename(path)
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return f"cannot load the file: {where}: {text}"


def _pump(stream, lines):
    """Move the child's lines into a queue, which can be read with a timeout."""
    try:
        for line in stream:
            lines.put(line)
    except (OSError, ValueError):  # closed by _events after killing the child
        pass
    lines.put(None)


def _events(path, names, time_limit):
    """Check `names` in a fresh process; yield its events as they arrive.

    The first line, "ready", is not yielded. The last event, ``stopped``,
    says why the process ended without
    finishing: it went past the time limit, or it exited.
    """
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [root, os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-m", "mlp._check_child", path, *names]
    with tempfile.TemporaryFile() as stderr:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=stderr, env=env, text=True)
        lines = queue.Queue()
        pump = threading.Thread(target=_pump, args=(child.stdout, lines), daemon=True)
        pump.start()
        try:
            # Starting Python and NumPy is not the learner's time.
            if lines.get(timeout=_STARTUP) is None:
                yield {"event": "stopped", "why": "exit", "status": child.wait()}
                return
            while (line := lines.get(timeout=time_limit)) is not None:
                yield json.loads(line)
            yield {"event": "stopped", "why": "exit", "status": child.wait()}
        except queue.Empty:
            yield {"event": "stopped", "why": "timeout"}
        finally:
            child.kill()
            child.wait()
            pump.join(timeout=5)
            child.stdout.close()


def _stopped(name, event, time_limit):
    """The verdict on a function whose process stopped before its verdict."""
    if event["why"] == "timeout":
        return Verdict(name, False, kind="timeout", problem=f"did not return within "
                       f"{time_limit:g} s (an endless loop?)")
    return Verdict(name, False, kind="crashed", problem="stopped Python while being "
                   f"checked (exit status {event['status']})")


def _run_file(path, time_limit):
    """The report on the file at `path`; each process checks what is left."""
    verdicts, names, loaded = [], list(FUNCTIONS), False
    while names:
        current = None
        for event in _events(path, names, time_limit):
            kind = event["event"]
            if kind == "load_error":
                return Report(path, error=event["message"])
            if kind == "loaded" and not loaded:
                loaded, names = True, [n for n in names if n in event["found"]]
                if not names:
                    return Report(path, error=f"{os.path.basename(path)} defines none "
                                  f"of {', '.join(FUNCTIONS)}")
            elif kind == "start":
                current = event["name"]
            elif kind == "verdict":
                verdicts.append(Verdict(**event["verdict"]))
                names.remove(current)
            elif kind == "stopped":
                if not loaded:
                    return Report(path, error=_load_stopped(path, event, time_limit))
                # Stopped between two functions: blame the next, so the loop ends.
                current = current or names[0]
                verdicts.append(_stopped(current, event, time_limit))
                names.remove(current)
            if kind in ("end", "stopped"):
                break
    return Report(path, verdicts)


def _load_stopped(path, event, time_limit):
    if event["why"] == "timeout":
        return (f"cannot load the file: {os.path.basename(path)} did not finish loading "
                f"within {time_limit:g} s (an endless loop at its top level?)")
    return (f"cannot load the file: {os.path.basename(path)} stopped Python while "
            f"loading (exit status {event['status']})")


def file(path, *, time_limit=TIME_LIMIT, show=True):
    """Check every function of :data:`FUNCTIONS` that the Python file `path` defines.

    The file is loaded and checked in a separate Python process, so a crash
    or an endless loop cannot stop the caller: loading, and then each
    function, may take `time_limit` seconds. What the file prints is not
    shown. ``python -m mlp check FILE`` runs this.

    Parameters
    ----------
    path : str or os.PathLike
        The learner's file.
    time_limit : float, optional
        Seconds for loading the file and for checking each function.
    show : bool, optional
        Print the report (the default).

    Returns
    -------
    Report
        Its ``status`` is the exit status of ``python -m mlp check``.
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        report = Report(path, error=f"no file {path}")
    elif path.endswith(".ipynb"):
        report = Report(path, error=f"{os.path.basename(path)} is a notebook: save it as "
                        "a Python file, or call mlp.check.backward_pass(backward_pass) "
                        "(and so on) inside the notebook")
    else:
        report = _run_file(path, float(time_limit))
    if show:
        print(report)
    return report
