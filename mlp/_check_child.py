"""The process in which :func:`mlp.check.file` loads and checks a learner's file.

``python -m mlp._check_child FILE NAME...`` writes one JSON event per line
to its standard output: ``ready``, ``loaded`` (or ``load_error``), then ``start`` and
``verdict`` for each function, then ``end``. What the learner's code prints
goes nowhere, so it cannot mix with the events.
"""

import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from dataclasses import asdict

from . import check


def _send(stream, **event):
    stream.write(json.dumps(event) + "\n")
    stream.flush()


def _load(path):
    """The learner's file as a module named ``solution`` (so ``__main__`` blocks stay idle)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    # An explicit source loader reads the file as Python whatever its name ends in.
    loader = importlib.machinery.SourceFileLoader("solution", path)
    spec = importlib.util.spec_from_loader("solution", loader)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(path, names):
    """Load `path`, check the functions `names` it defines, report each as an event."""
    events = os.fdopen(os.dup(1), "w")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    warnings.simplefilter("ignore")
    _send(events, event="ready")
    try:
        module = _load(path)
    except BaseException as exc:  # anything, even sys.exit, is the file's fault
        _send(events, event="load_error", message=check._load_error(path, exc))
        return 0
    found = [name for name in names if hasattr(module, name)]
    _send(events, event="loaded", found=found)
    for name in found:
        _send(events, event="start", name=name)
        verdict = check._safe_check(name, getattr(module, name))
        _send(events, event="verdict", verdict=asdict(verdict))
    _send(events, event="end")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
