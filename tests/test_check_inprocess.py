"""mlp.check where no process can start (the browser's WASI): the file runs in
this Python, and every report is the one the child process gives."""

import os
import signal
import sys
from pathlib import Path

import pytest

from mlp import check
from mlp.check import sandbox

HERE = Path(__file__).parent
#: Files that end or hang the Python they run in: only a child survives them.
NEEDS_A_PROCESS = {"crashes.py", "endless_loop.py"}
FILES = sorted(p for folder in (HERE / "solutions", HERE.parent / "docs" / "_solutions")
               for p in folder.iterdir() if p.name not in NEEDS_A_PROCESS)


def _report(path, monkeypatch, in_process):
    with monkeypatch.context() as m:
        m.setattr(sandbox, "CAN_START", not in_process)
        m.syspath_prepend(str(HERE / "solutions"))  # where the planted files' "from right import *" looks
        return check.file(path, time_limit=3, show=False)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_report_in_process_is_the_childs(path, monkeypatch):
    child = _report(path, monkeypatch, in_process=False)
    here = _report(path, monkeypatch, in_process=True)
    assert (here.status, str(here)) == (child.status, str(child))


def test_running_in_process_leaves_this_python_as_it_was(monkeypatch, capsys, tmp_path):
    learner = tmp_path / "noisy.py"
    learner.write_text("import os, sys\nprint('loading')\nsys.stderr.write('warned')\n"
                       "def sigmoid(x):\n    print('called')\n    input()\n"
                       "    open('left.txt', 'w').write(os.getcwd())\n    return 1 / (1 + 2.718281828459045 ** -x)\n")
    state = (os.getcwd(), list(sys.path), sys.stdin, sys.modules.get("solution"),
             signal.getsignal(signal.SIGALRM))
    monkeypatch.setattr(sandbox, "CAN_START", False)
    report = check.file(learner, show=False)
    assert "sigmoid" in str(report) and "EOFError" in str(report)  # input() met the end of its input
    assert (os.getcwd(), list(sys.path), sys.stdin, sys.modules.get("solution"),
            signal.getsignal(signal.SIGALRM)) == state
    assert capsys.readouterr() == ("", "")
    assert not list(tmp_path.glob("left.txt"))
