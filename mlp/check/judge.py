"""The judge: mlp's verdict on what a learner's code returned.

Everything here runs in the checking process. The learner's code, in this
process (the ``mlp.check.sigmoid(f)`` family) or in a sandboxed child
(:func:`mlp.check.file`), only ever supplies an ``Outcome`` per case:
what it returned, its arguments after the call, or what it raised. The
expected values, the comparison and the named mistakes are all computed
here, so no learner's code can change a verdict.
"""

import os
import traceback
import warnings
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from .cases import _SPECS, _Mistake

#: A received value is right when ``|received − expected| <= ATOL + RTOL·|expected|``
#: entry by entry (as ``numpy.allclose`` tests), and it has the expected shape.
RTOL = 1e-6
#: See :data:`RTOL`; this absolute part only matters for values near zero.
ATOL = 1e-12


class Raised(NamedTuple):
    """An exception, as plain data: its class name and those of its bases,
    its message, and where in the learner's code it was raised."""

    kind: str
    bases: tuple
    message: str
    where: str = ""

    def is_a(self, name):
        return name == self.kind or name in self.bases


class Outcome(NamedTuple):
    """What one call of the learner's code gave: the returned value and the
    arguments as they were after the call, or what it raised."""

    returned: object = None
    after: dict = None
    raised: Raised = None


class Opaque:
    """A returned object that is not numbers, None or a tuple: its type and text."""

    def __init__(self, kind, text):
        self.kind, self.text = kind, text

    def __repr__(self):
        return self.text


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
        ``"right"``, or ``"convention"`` (right in a convention of its own,
        which `cause` names); or what went wrong: ``"value"``, ``"shape"``,
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
        That mistake, in words; or the convention, for ``"convention"``.
    form : str
        The form of the learner's code that was checked: ``""`` for a
        function with the lesson's name, or, say, the quiz script whose
        variables were read.
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
    form: str = ""

    def __str__(self):
        from .report import format_verdict
        return format_verdict(self)


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


def _hint(raised, spec):
    """A likely cause for an exception that lessons' mistakes often raise."""
    text = raised.message
    if raised.is_a("TypeError") and "positional argument" in text:
        return f"the lessons' functions take these arguments, in this order: `{spec.signature}`"
    if raised.is_a("TypeError") and any(
            word in text for word in ("length-1", "0-dimensional", "real number")):
        return "`math.exp` takes one number; `np.exp` works on a whole array, entry by entry"
    if raised.is_a("ValueError") and any(
            word in text for word in ("aligned", "mismatch", "broadcast")):
        return ("the shapes in a product do not fit: x has shape (n_inputs,) and "
                "`weights_input_hidden` (n_inputs, n_hidden), so the hidden input is "
                "`np.dot(x, weights_input_hidden)`; a step shaped like the weights "
                "needs x as a column, `x[:, None]`")
    if raised.is_a("NameError"):
        return ("the function uses a name it neither receives nor defines, "
                "perhaps a variable of the notebook")
    if raised.is_a("MemoryError"):
        return "the check gives the learner's code at most 2 GB of memory"
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




# -- the outcome of one call, and the verdict on all of them ---------------------


def raised_from(exc, path=None):
    """`exc` as a :class:`Raised`, with where it was raised in the learner's code."""
    bases = tuple(k.__name__ for k in type(exc).__mro__[1:])
    lines = str(exc).strip().splitlines()
    return Raised(type(exc).__name__, bases, lines[0] if lines else "", _where(exc, path))


def _where(exc, path=None):
    """Where `exc` was raised: "file.py, line N" of the learner's code, or ""."""
    frames = traceback.extract_tb(exc.__traceback__)
    if path is not None:
        frames = [f for f in frames if os.path.abspath(f.filename) == os.path.abspath(path)]
    else:
        skip = (os.path.dirname(os.path.dirname(__file__)), os.path.dirname(np.__file__),
                "<frozen")
        frames = [f for f in frames if not f.filename.startswith(skip)]
    return f"{os.path.basename(frames[-1].filename)}, line {frames[-1].lineno}" if frames else ""


def described(raised):
    """An exception in one line: its type, its message's first line, and where."""
    text = f"{raised.kind}: {raised.message}" if raised.message else raised.kind
    return f"{text} ({raised.where})" if raised.where else text


def call(function, args):
    """Call `function` on copies of `args` here, in this process; its :class:`Outcome`."""
    copies = {name: np.copy(value) if isinstance(value, np.ndarray) else value
              for name, value in args.items()}
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")  # a textbook sigmoid's overflow is harmless
            returned = function(*copies.values())
    except (Exception, SystemExit) as exc:
        return Outcome(raised=raised_from(exc))
    return Outcome(returned, copies)


def _case_verdict(spec, case, outcome):
    """The wrong-verdict fields for one case's outcome, or None when it gives mlp's values."""
    if outcome.raised is not None:
        return {"kind": "raised", "problem": "raised " + described(outcome.raised),
                "cause": _hint(outcome.raised, spec)}
    expected = tuple(np.asarray(v, dtype=float) for v in spec.expected(case.args))
    received = _unpack(outcome.returned, spec, expected)
    if isinstance(received[0], str):
        return {"kind": received[0], "problem": received[1]}
    for q in spec.order:
        if not _close(received[q], expected[q]):
            return _wrong_value(spec, case, q, received, expected)
    for name, value in case.args.items():
        if not np.array_equal(np.asarray(outcome.after.get(name), dtype=float), value):
            return {"kind": "changed_argument", "problem": f"changed its argument {name} "
                    "in place", "cause": "the caller's arrays must stay as they were: "
                    "compute new arrays, and let the caller apply the change "
                    "(`weights = weights + del_w`, not `weights += del_w`)"}
    return None


def _wrong_value(spec, case, q, received, expected):
    mistake = _match(spec, case, q, received, expected)
    shape_ok = received[q].shape == expected[q].shape
    return {"kind": "value" if shape_ok else "shape", "quantity": spec.returns[q],
            "problem": f"{spec.returns[q]} is wrong" if shape_ok else
            f"{spec.returns[q]} has shape {received[q].shape}, expected {expected[q].shape}",
            "expected": _shown(expected[q]), "received": _shown(received[q]),
            "mistake": mistake.key if mistake else "", "cause": mistake.cause if mistake else ""}


def judge(name, cases, outcomes, form="", spec=None):
    """The verdict on the learner's `name` from its outcome on each of `cases`
    (`spec` the function's, unless given)."""
    spec = spec or _SPECS[name]
    for case, outcome in zip(cases, outcomes):
        wrong = _case_verdict(spec, case, outcome)
        if wrong is None:
            continue
        convention = [m for m in spec.mistakes if m.key == wrong.get("mistake") and m.convention]
        if convention and _all_match(spec, cases, outcomes, convention[0]):
            return Verdict(name, True, len(cases), kind="convention", form=form,
                           cause=convention[0].cause)
        if wrong["kind"] == "raised":
            wrong.update(_transposed_on_square(spec, cases, outcomes))
        inputs = {arg: _as_python(value) for arg, value in case.args.items()}
        return Verdict(name, False, len(cases), case=case.label, inputs=inputs, form=form,
                       **wrong)
    return Verdict(name, True, len(cases), form=form)


def _all_match(spec, cases, outcomes, mistake):
    """Whether every outcome is exactly what `mistake` gives."""
    for case, outcome in zip(cases, outcomes):
        if outcome.raised is not None:
            return False
        value = [np.asarray(v, dtype=float) for v in mistake.value(case.args)]
        received = _unpack(outcome.returned, spec, value)
        if isinstance(received[0], str) or not all(map(_close, received, value)):
            return False
    return True


def _transposed_on_square(spec, cases, outcomes):
    """The mistake "transposed", if the function gives exactly its value on
    square weights; a transposed product fails on the others."""
    transposed = [m for m in spec.mistakes if m.key == "transposed"]
    for case, outcome in zip(cases, outcomes):
        W = case.args.get("weights_input_hidden")
        if not transposed or W is None or W.shape[0] != W.shape[1] or outcome.raised:
            continue
        if _all_match(spec, [case], [outcome], transposed[0]):
            return {"mistake": "transposed", "cause": transposed[0].cause + f" (on "
                    f"{case.label} it returns exactly the transposed product's values)"}
    return {}


def safe_judge(name, cases, outcomes, form="", spec=None):
    """:func:`judge`, with a verdict even if comparing what came back fails."""
    try:
        return judge(name, cases, outcomes, form, spec)
    except Exception as exc:  # an odd returned object must not end in a traceback
        return Verdict(name, False, kind="crashed", form=form,
                       problem=f"could not be checked: {described(raised_from(exc))}")
