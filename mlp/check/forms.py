"""The forms of learners' code, and how each is loaded and driven.

This module runs beside the learner's code, in the sandboxed child (or in
the one Python there is, in the browser: :mod:`mlp.check.inprocess`): it
reads the file (Python or a notebook), runs its definitions without its
training, and calls what it defines. It computes no verdict; whatever it
returns, the parent judges.

Two forms today:

* **functions** with the lessons' names (:data:`mlp.check.FUNCTIONS`),
  called with each case's arguments;
* **quiz scripts**, the lessons' exercises written at the top level: the
  script's own input variables are replaced by each case's values, the
  rest of the script runs again, and the variables the lesson asks for
  are read.
"""

import ast
import io
import json
import os
import signal
import sys
import time
import tokenize
from typing import NamedTuple

import numpy as np


class Script(NamedTuple):
    """A lesson's quiz script: its input variables, by the argument of the
    lesson's function each one holds, and the variables it computes."""

    inputs: dict
    outputs: tuple
    text: str


#: The quiz scripts of the lessons, by the function whose work each does.
SCRIPTS = {
    "gradient_step": Script({"x": "x", "y": "y", "weights": "w", "learnrate": "learnrate"},
                            ("del_w",), "the quiz script's del_w from x, y, w and learnrate"),
    "forward_pass": Script(
        {"x": "X", "weights_input_hidden": "weights_input_to_hidden",
         "weights_hidden_output": "weights_hidden_to_output"},
        ("hidden_layer_out", "output_layer_out"),
        "the quiz script's hidden_layer_out and output_layer_out"),
    "backward_pass": Script(
        {"x": "x", "target": "target", "weights_input_hidden": "weights_input_hidden",
         "weights_hidden_output": "weights_hidden_output", "learnrate": "learnrate"},
        ("delta_w_i_h", "delta_w_h_o"), "the quiz script's delta_w_i_h and delta_w_h_o"),
}


class LoadError(Exception):
    """The file cannot be read as Python at all; the message says why, in one line."""


class _Overtime(BaseException):
    """Raised in the learner's statement when its share of the load time is spent."""


# -- reading the source ------------------------------------------------------


def read_source(path):
    """The file's Python source, and where each of its lines came from.

    A notebook (``.ipynb`` in any case) gives its code cells in order, with
    IPython magics (``%``, ``%%``) and shell lines (``!``) left out; the
    place of a line is then "cell N, line M".
    """
    with open(path, "rb") as f:
        data = f.read()
    if path.lower().endswith(".ipynb"):
        return _notebook_source(path, data)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        raise LoadError(f"{os.path.basename(path)} is not Python text: {exc}; save it "
                        "as UTF-8") from None
    name = os.path.basename(path)
    return text, [f"{name}, line {n}" for n in range(1, len(text.splitlines()) + 1)]


def _notebook_source(path, data):
    try:
        cells = json.loads(data.decode("utf-8"))["cells"]
        sources = [("".join(c["source"]) if isinstance(c["source"], list) else c["source"])
                   for c in cells if c.get("cell_type") == "code"]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise LoadError(f"{os.path.basename(path)} is not a Jupyter notebook "
                        f"({type(exc).__name__}: {exc})") from None
    kept, places = [], []
    for number, source in enumerate(sources, 1):
        lines = source.splitlines()
        if lines and lines[0].lstrip().startswith("%%"):
            continue  # a cell magic: the cell is not Python
        for n, line in enumerate(lines, 1):
            magic = line.lstrip().startswith(("%", "!"))
            kept.append("" if magic else line)
            places.append(f"{os.path.basename(path)}, cell {number}, line {n}")
    return "\n".join(kept) + "\n", places


# -- loading the definitions --------------------------------------------------


def _is_main_guard(stmt):
    test = stmt.test
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name)
            and test.left.id == "__name__")


def _is_seeding(stmt):
    """``np.random.seed(...)`` and the like: work at the top level that later values need."""
    call = stmt.value
    return isinstance(call, ast.Call) and ast.unparse(call.func).endswith("seed")


def _assigned(stmt):
    """The plain names a top-level assignment binds, or None for any other statement."""
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        targets = [stmt.target]
    else:
        return None
    names = set()
    for target in targets:
        for node in ast.walk(target):
            if isinstance(node, ast.Name):
                names.add(node.id)
    return names


class Loaded(NamedTuple):
    """A learner's file after loading: its names, what was run, what was not."""

    namespace: dict
    statements: list  # (ast statement, names it assigns or None), in order, as run
    notes: list


def load(path, budget):
    """Run the definitions of the file at `path` in a fresh namespace.

    Imports, functions, classes and assignments run; loops at the top
    level, bare calls (printing, plotting, training) and the
    ``if __name__ == "__main__":`` block do not. A statement that fails, or
    runs past its share of `budget` seconds, is left out with a note, and
    loading goes on.
    """
    text, places = read_source(path)
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as exc:
        where = places[exc.lineno - 1] if exc.lineno and exc.lineno <= len(places) else ""
        raise LoadError(f"{where or os.path.basename(path)}: SyntaxError: {exc.msg}") from None
    namespace = {"__name__": "solution", "__file__": os.path.abspath(path),
                 "__builtins__": __builtins__}
    module = type(sys)("solution")
    module.__dict__.update(namespace)
    sys.modules["solution"] = module  # dataclasses and pickle look their module up here
    namespace = module.__dict__
    run, notes = [], []
    deadline = _Clock(budget)
    for stmt in tree.body:
        place = places[stmt.lineno - 1] if stmt.lineno <= len(places) else path
        note = _skipped(stmt, place)
        if note is not None:
            notes += [note] if note else []
            continue
        problem = deadline.run(stmt, namespace, path, place)
        if problem:
            notes.append(problem)
        else:
            run.append((stmt, _assigned(stmt)))
    return Loaded(namespace, run, notes)


def _skipped(stmt, place):
    """Why a top-level statement is not run ("" to say nothing), or None to run it."""
    if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
        return (f"the loop at {place} (training at the top level?); put it under "
                "`if __name__ == \"__main__\":`")
    if isinstance(stmt, ast.If) and _is_main_guard(stmt):
        return ""
    if isinstance(stmt, ast.Expr) and not _is_seeding(stmt):
        return ""  # a docstring, a print, a plot or a call that trains: nothing to keep
    return None


class _Clock:
    """The load's time budget, shared by the statements that run."""

    def __init__(self, budget):
        self.left = budget

    def run(self, stmt, namespace, path, place):
        """Run one statement within the time left; a note if it fails, else "".
        (Untimed where there is no interval timer: the browser's WASI.)"""
        code = compile(ast.Module([stmt], []), path, "exec")
        timed = hasattr(signal, "setitimer")
        previous = signal.signal(signal.SIGALRM, _overtime) if timed else None
        started = time.monotonic()
        if timed:
            signal.setitimer(signal.ITIMER_REAL, max(self.left, 0.001))
        try:
            exec(code, namespace)
        except _Overtime:
            return (f"{place} was stopped: it ran past the time limit while loading "
                    "(training at import?); put it under `if __name__ == \"__main__\":`, "
                    "or allow more time with --time-limit")
        except SystemExit:
            raise LoadError(f"it calls sys.exit at {place}") from None
        except Exception as exc:  # the learner's statement, whatever it raises
            return _failed(exc, place)
        finally:
            if timed:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            self.left -= time.monotonic() - started
        return ""


def _overtime(signum, frame):
    raise _Overtime()


def _failed(exc, place):
    """One line for a top-level statement that raised."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, ModuleNotFoundError):
        return (f"{place}: no module named {exc.name!r}; what needs it could not be "
                "checked")
    if isinstance(exc, PermissionError) and message.startswith("mlp check lets"):
        return f"{place}: {message}"
    if isinstance(exc, OSError):
        what = repr(exc.filename) if getattr(exc, "filename", None) else message
        return (f"{place}: {type(exc).__name__}: {what} (the check runs in an empty folder, "
                "without the file's data); what needs it could not be checked")
    if isinstance(exc, MemoryError):
        return f"{place}: MemoryError: the check allows the file 2 GB of memory"
    return f"{place}: {type(exc).__name__}: {message}"


# -- driving what was loaded ---------------------------------------------------


def found(loaded, names):
    """The forms in the loaded file: a function of that name, else its quiz script."""
    forms, assigned = {}, set()
    for _, names_set in loaded.statements:
        assigned |= names_set or set()
    for name in names:
        value = loaded.namespace.get(name)
        if callable(value):
            forms[name] = "function"
        elif name in loaded.namespace and not (name in SCRIPTS and _is_script(name, assigned)):
            forms[name] = f"not callable: a {type(value).__name__}"
        elif name in SCRIPTS and _is_script(name, assigned):
            forms[name] = "script"
    for class_name, form in classes(loaded).items():
        if "backward_pass" in names:
            forms.setdefault("backward_pass", f"class {form} {class_name}")
        if "forward_pass" in names and hasattr(loaded.namespace[class_name],
                                               FORWARD_METHODS[form]):
            forms.setdefault("forward_pass", f"class {form} {class_name}")
    return forms


def _is_script(name, assigned):
    """Whether the top level assigns every input and output of `name`'s quiz script."""
    script = SCRIPTS[name]
    return set(script.outputs) <= assigned and set(script.inputs.values()) <= assigned


def run_script(loaded, name, args, path):
    """Run the quiz script again with its inputs bound to `args`; what it computed.

    Every statement that ran at load runs again in a fresh namespace,
    except the assignments that only set the script's inputs.
    """
    script = SCRIPTS[name]
    inputs = {script.inputs[arg]: value for arg, value in args.items()}
    namespace = {"__name__": "solution", "__builtins__": __builtins__, **inputs}
    for stmt, assigned in loaded.statements:
        if assigned is not None and assigned <= set(inputs):
            continue
        exec(compile(ast.Module([stmt], []), path, "exec"), namespace)
    missing = [out for out in script.outputs if out not in namespace]
    if missing:
        raise NameError(f"the script no longer computes {', '.join(missing)}")
    values = tuple(namespace[out] for out in script.outputs)
    after = {arg: namespace[script.inputs[arg]] for arg in args}
    return (values if len(values) > 1 else values[0]), after


# -- the lessons' classes ----------------------------------------------------------


#: How each class form is told apart, once built with the lessons' sizes:
#: by the attributes its weights live in.
CLASS_FORMS = {
    "udacity": ("weights_input_to_hidden", "weights_hidden_to_output"),
    "rashid": ("wih", "who"),
    "coding_train": ("weights_ih", "weights_ho"),
}


def _build(cls, n_in, n_hidden, learnrate):
    """An instance of the learner's class, built the way its form is built; or None."""
    for make in (lambda: cls(n_in, n_hidden, 1, learnrate), lambda: cls(n_in, n_hidden, 1),
                 lambda: cls([n_in, n_hidden, 1])):
        try:
            return make()
        except Exception:  # not this form's constructor: try the next
            continue
    return None


def class_form(cls):
    """The form of a class the file defines ("udacity", "rashid", ...), or None."""
    if hasattr(cls, "backprop"):
        return "nielsen_backprop"
    if hasattr(cls, "update_mini_batch"):
        return "nielsen_update"
    if not hasattr(cls, "train"):
        return None
    net = _build(cls, 3, 2, 0.5)
    for form, attributes in CLASS_FORMS.items():
        if net is not None and all(hasattr(net, a) for a in attributes):
            return form
    return None


def classes(loaded):
    """Every class the file defines whose form is known, by name."""
    found = {}
    for name, value in loaded.namespace.items():
        if isinstance(value, type) and getattr(value, "__module__", "") == "solution":
            form = class_form(value)
            if form is not None:
                found[name] = form
    return found


def _set_rate(net, learnrate):
    for attribute in ("learning_rate", "lr", "learningrate"):
        if hasattr(net, attribute):
            setattr(net, attribute, learnrate)
    if hasattr(net, "setLearningRate"):
        net.setLearningRate(learnrate)


#: The method of each class form that runs the forward pass on one record.
FORWARD_METHODS = {"udacity": "run", "rashid": "query", "coding_train": "predict",
                   "nielsen_backprop": "feedforward", "nielsen_update": "feedforward"}


def _prepared(cls, form, args):
    """The learner's class built with the case's sizes, holding the case's weights
    in its own layout (and zero biases, where it has biases)."""
    W_ih, W_ho = args["weights_input_hidden"], args["weights_hidden_output"]
    n_in, n_hidden = W_ih.shape
    if form.startswith("nielsen"):
        net = cls([n_in, n_hidden, 1])
        net.weights = [W_ih.T.copy(), W_ho[None, :].copy()]
        net.biases = [np.zeros((n_hidden, 1)), np.zeros((1, 1))]
        return net
    net = _build(cls, n_in, n_hidden, args.get("learnrate", 0.5))
    first, second = CLASS_FORMS[form]
    if form == "udacity":
        setattr(net, first, W_ih.copy())
        setattr(net, second, W_ho[:, None].copy())
        return net
    setattr(net, first, W_ih.T.copy())
    setattr(net, second, W_ho[None, :].copy())
    for bias, n in (("bias_h", n_hidden), ("bias_o", 1)):
        if hasattr(net, bias):
            setattr(net, bias, np.zeros((n, 1)))
    return net


def drive_class(cls, form, args):
    """Train the learner's class, holding the case's weights, on the case's
    record; the two weight arrays it holds after (or, for Nielsen's
    ``backprop``, the two weight gradients it returns), in its own layout."""
    x, target, eta = args["x"], args["target"], args["learnrate"]
    net = _prepared(cls, form, args)
    column, y = x[:, None].copy(), np.array([[target]])
    if form == "nielsen_backprop":
        return tuple(net.backprop(column, y)[1])
    if form == "nielsen_update":
        net.update_mini_batch([(column, y)], eta)
        return tuple(net.weights)
    _set_rate(net, eta)
    if form == "udacity":
        net.train(x[None, :].copy(), np.array([target]))
    else:
        net.train(list(x), [target])
    first, second = CLASS_FORMS[form]
    return getattr(net, first), getattr(net, second)


def drive_class_forward(cls, form, args):
    """The learner's class's output for the case's record, by its own forward method."""
    net, x = _prepared(cls, form, args), args["x"]
    method = getattr(net, FORWARD_METHODS[form])
    if form.startswith("nielsen"):
        return method(x[:, None].copy())
    return method(x[None, :].copy() if form == "udacity" else list(x))
