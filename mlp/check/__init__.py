"""Check a learner's own network code against mlp's values.

The lessons end in exercises where the learner writes five functions, with
the lessons' names: ``sigmoid(x)``, ``sigmoid_prime(x)``,
``gradient_step(x, y, weights, learnrate)``,
``forward_pass(x, weights_input_hidden, weights_hidden_output)`` and
``backward_pass(x, target, weights_input_hidden, weights_hidden_output,
learnrate)``; or the same work as the lessons' quiz scripts, at the top
level of a file or a notebook. Each case is one of the lessons' worked
examples or a random record; every returned quantity is compared with
mlp's own value (:func:`mlp.unit_step`, :func:`mlp.core.forward`,
:func:`mlp.core.backward`), and a wrong value with the values of known
mistakes, each computed from mlp's pieces, so that the report can name the
likely cause.

The package has four parts: :mod:`~mlp.check.cases` (the cases, mlp's
values and the catalogue of mistakes), :mod:`~mlp.check.judge` (the
verdict on what came back), :mod:`~mlp.check.forms` (how each form of
learner's code is loaded and driven) and :mod:`~mlp.check.sandbox` (the
process that runs a file, and its limits; :mod:`~mlp.check.inprocess`
where no process can be started). ``python -m mlp check FILE``
runs :func:`file`.
"""

import os

import numpy as np

from .. import _checks
from . import sandbox
from .cases import _SPECS, CLASS_FORWARD_SPECS, CLASS_NAMES, CLASS_SPECS, FUNCTIONS
from .forms import FORWARD_METHODS, SCRIPTS
from .inprocess import InProcess
from .judge import ATOL, RTOL, Opaque, Outcome, Verdict, call, safe_judge
from .report import Report

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

#: Seconds that loading the file, and then checking each function, may take.
TIME_LIMIT = 10.0
#: The longest time limit accepted: a day.
MAX_TIME_LIMIT = 86400.0


# -- checking from Python -----------------------------------------------------


def _check_and_print(name, function, show):
    """Check `function` here, in this process: the public functions below."""
    if not callable(function):
        verdict = Verdict(name, False, kind="not_callable",
                          problem=f"{name} is a {type(function).__name__}, not a function")
    else:
        cases = _SPECS[name].cases()
        verdict = safe_judge(name, cases, [call(function, case.args) for case in cases])
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


def file(path, *, time_limit=TIME_LIMIT, show=True):
    """Check the lessons' work in the Python file or notebook at `path`.

    The file runs in a separate Python process (:mod:`mlp.check.sandbox`)
    in an empty scratch folder, with at most 2 GB of memory, and is killed,
    with every process it started, when the check ends. (In the browser's
    Python, which cannot start a process, it runs in this one, without
    those limits: :mod:`mlp.check.inprocess`.) Only its
    definitions are loaded: imports, functions, classes and assignments;
    loops and bare calls at the top level (training, printing, plotting)
    are not run, and a statement that fails is left out with a note. Each
    of :data:`FUNCTIONS` it defines, or whose quiz script it holds, is then
    checked case by case; the child only returns numbers, and the verdicts
    are computed here. ``python -m mlp check FILE`` runs this.

    Parameters
    ----------
    path : str or os.PathLike
        The learner's file: Python, or a Jupyter notebook (``.ipynb``, any
        case), whose code cells are read in order without IPython's magics
        and shell lines.
    time_limit : float, optional
        Seconds for loading the file, and for checking each function;
        at most a day.
    show : bool, optional
        Print the report (the default).

    Returns
    -------
    Report
        Its ``status`` is the exit status of ``python -m mlp check``.
    """
    path = _checks.path("path", path)
    time_limit = _checks.positive_number("time_limit", time_limit)
    if time_limit > MAX_TIME_LIMIT:
        raise ValueError(f"time_limit must be at most {MAX_TIME_LIMIT:g} s (a day), "
                         f"got {time_limit:g}")
    if not os.path.isfile(path):
        report = Report(path, error=f"no file {path}")
    else:
        report = _run_file(path, float(time_limit))
    if show:
        print(report)
    return report


def _run_file(path, time_limit):
    """The report on the file; a fresh child for what is left after a timeout."""
    verdicts, names, notes = [], list(FUNCTIONS), None
    while names:
        child = (sandbox.Child if sandbox.CAN_START else InProcess)(path, names, time_limit)
        try:
            loaded = _loaded(child, path, time_limit)
            if isinstance(loaded, Report):
                return loaded
            found, child_notes = loaded
            notes = child_notes if notes is None else notes
            names = [n for n in names if n in found]
            if not names and not verdicts:
                first = f" (not run: {notes[0]})" if notes else ""
                return Report(path, error=f"{os.path.basename(path)} defines none of "
                              f"{', '.join(FUNCTIONS)}, and holds none of the lessons' quiz "
                              f"scripts{first}", notes=notes)
            while names:
                verdict, stopped = _check_one(child, names[0], found[names[0]], time_limit)
                verdicts.append(verdict)
                names.pop(0)
                if stopped:
                    break
        finally:
            child.close()
    return Report(path, verdicts, notes=notes or [])


def _loaded(child, path, time_limit):
    """The child's forms and notes after loading; or a Report saying why it could not."""
    name = os.path.basename(path)
    try:
        if child.event(sandbox.STARTUP) is None:
            return Report(path, error="cannot load the file: Python stopped before it "
                          "started (exit status {})".format(child.process.wait()))
        event = child.event(time_limit + 5.0)
    except (ValueError, TypeError):
        return Report(path, error=f"cannot load the file: {name} wrote to the checker's "
                      "channel while loading")
    except sandbox.queue.Empty:
        return Report(path, error=f"cannot load the file: {name} did not finish loading "
                      f"within {time_limit:g} s")
    if event is None:
        return Report(path, error=f"cannot load the file: {name} stopped Python while "
                      f"loading (exit status {child.process.wait()})")
    if event.get("event") == "load_error":
        return Report(path, error=f"cannot load the file: {str(event.get('message'))[:300]}")
    found = event.get("found") if isinstance(event.get("found"), dict) else {}
    notes = [str(n)[:300] for n in event.get("notes", [])][:20]
    return {k: str(v)[:100] for k, v in found.items() if k in FUNCTIONS}, notes


def _check_one(child, name, form, time_limit):
    """The verdict on one of the file's functions or scripts, and whether the child stopped."""
    if form.startswith("not callable"):
        return Verdict(name, False, kind="not_callable", problem=f"{name} is "
                       f"{form.removeprefix('not callable: ')}, not a function"), False
    cases, outcomes = _SPECS[name].cases(), []
    label, spec, kind = SCRIPTS[name].text if form == "script" else "", None, None
    if form.startswith("class "):
        _, kind, class_name = form.split(" ", 2)
        if name == "forward_pass":
            method, spec = FORWARD_METHODS[kind], CLASS_FORWARD_SPECS[kind]
        else:
            method, spec = TRAIN_METHODS[kind], CLASS_SPECS[kind]
        label = CLASS_NAMES[kind].format(class_name, method + "()")
    for case in cases:
        try:
            outcome = child.ask(name, case.args, time_limit)
        except sandbox.queue.Empty:
            return Verdict(name, False, kind="timeout", form=label, problem=f"did not return "
                           f"within {time_limit:g} s (an endless loop?)"), True
        except (ValueError, TypeError, KeyError):
            return Verdict(name, False, kind="crashed", form=label, problem="wrote something "
                           "other than its result on the checker's channel"), True
        if outcome is None:
            return Verdict(name, False, kind="crashed", form=label, problem="stopped Python "
                           f"while being checked (exit status {child.process.wait()})"), True
        steps = kind is not None and name == "backward_pass"
        outcomes.append(_class_steps(kind, case.args, outcome) if steps else outcome)
    verdict = safe_judge(name, cases, outcomes, label, spec)
    if form == "script":  # the inputs by the names the script gives them
        names = SCRIPTS[name].inputs
        verdict.inputs = {names.get(arg, arg): value for arg, value in verdict.inputs.items()}
    return verdict, False


#: The method of each class form that takes one training step.
TRAIN_METHODS = {"udacity": "train", "rashid": "train", "coding_train": "train",
                 "nielsen_backprop": "backprop", "nielsen_update": "update_mini_batch"}


def _class_steps(kind, args, outcome):
    """A class's weights after its step (or Nielsen's gradients), in its own layout,
    as the pair of steps (delta_w_i_h, delta_w_h_o) in the lessons' layout."""
    if outcome.raised is not None:
        return outcome
    W_ih, W_ho, eta = (args["weights_input_hidden"], args["weights_hidden_output"],
                       args["learnrate"])
    try:
        first, second = (np.asarray(v, dtype=float) for v in outcome.returned)
        if kind == "nielsen_backprop":
            steps = (-eta * first.T, -eta * second.reshape(-1))
        elif kind == "udacity":
            steps = (first - W_ih, (second - W_ho[:, None]).reshape(-1))
        else:
            steps = ((first - W_ih.T).T, (second - W_ho[None, :]).reshape(-1))
    except (TypeError, ValueError) as exc:
        return Outcome(Opaque("weights", f"weights that do not fit the lessons' sizes ({exc})"),
                       args)
    return Outcome(steps, args)
