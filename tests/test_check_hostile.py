"""mlp.check.file on the forms learners write and on files that try to harm or fool it."""

import json
import time
from pathlib import Path

import pytest

from mlp import check

SOLUTIONS = Path(__file__).parent / "solutions"
RIGHT = (SOLUTIONS / "right.py").read_text(encoding="utf-8")

# The lessons' quiz scripts, written at the top level, with their own inputs.
DOCS = Path(__file__).resolve().parents[1] / "docs" / "_solutions"
# The check page's quiz script leaves the slope out; here it is put back.
QUIZ_STEP = (DOCS / "quiz_step.py").read_text(encoding="utf-8").replace(
    "error_term = error\n", "error_term = error * nn_output * (1 - nn_output)\n")
assert "nn_output * (1 - nn_output)" in QUIZ_STEP

QUIZ_BACKPROP = """
import numpy as np

def sigmoid(x):
    return 1 / (1 + np.exp(-x))

x = np.array([0.5, 0.1, -0.2])
target = 0.6
learnrate = 0.5
weights_input_hidden = np.array([[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]])
weights_hidden_output = np.array([0.1, -0.3])

hidden_layer_output = sigmoid(np.dot(x, weights_input_hidden))
output = sigmoid(np.dot(hidden_layer_output, weights_hidden_output))
error = target - output
output_error_term = error * output * (1 - output)
hidden_error_term = (np.dot(output_error_term, weights_hidden_output)
                     * hidden_layer_output * (1 - hidden_layer_output))
delta_w_h_o = learnrate * output_error_term * hidden_layer_output
delta_w_i_h = learnrate * hidden_error_term * x[:, None]
"""

QUIZ_FORWARD = """
import numpy as np

def sigmoid(x):
    return 1 / (1 + np.exp(-x))

np.random.seed(42)
X = np.random.randn(4)
weights_input_to_hidden = np.random.normal(0, scale=0.1, size=(4, 3))
weights_hidden_to_output = np.random.normal(0, scale=0.1, size=(3, 2))

hidden_layer_in = np.dot(X, weights_input_to_hidden)
hidden_layer_out = sigmoid(hidden_layer_in)
output_layer_in = np.dot(hidden_layer_out, weights_hidden_to_output)
output_layer_out = sigmoid(output_layer_in)
"""


def checked(tmp_path, source, name="solution.py", **options):
    """The report on a file of `source` in a folder of its own, beside right.py."""
    folder = tmp_path / "learner"
    folder.mkdir(exist_ok=True)
    (folder / "right.py").write_text(RIGHT, encoding="utf-8")
    path = folder / name
    path.write_text(source, encoding="utf-8")
    return check.file(path, show=False, **options)


def verdict(report, name):
    (found,) = [v for v in report.verdicts if v.name == name]
    return found


# -- the forms ------------------------------------------------------------------


@pytest.mark.parametrize("source, name", [(QUIZ_STEP, "gradient_step"),
                                          (QUIZ_BACKPROP, "backward_pass"),
                                          (QUIZ_FORWARD, "forward_pass")])
def test_a_right_quiz_script_is_checked_on_every_case(tmp_path, source, name):
    report = checked(tmp_path, source)
    assert report.status == 0, str(report)
    assert verdict(report, name).right and "quiz script" in verdict(report, name).form
    assert "quiz script" in str(report)


def test_a_quiz_script_without_the_slope_is_wrong_and_named(tmp_path):
    report = checked(tmp_path, QUIZ_STEP.replace("error * nn_output * (1 - nn_output)",
                                                 "error"))
    step = verdict(report, "gradient_step")
    assert (report.status, step.right, step.mistake) == (1, False, "slope_missing")
    # The inputs are shown by the script's own names.
    assert set(step.inputs) == {"x", "y", "w", "learnrate"}


def test_a_quiz_script_with_the_updated_weights_is_named(tmp_path):
    late = QUIZ_BACKPROP.replace(
        "hidden_error_term = (np.dot(output_error_term, weights_hidden_output)",
        "delta_w_h_o = learnrate * output_error_term * hidden_layer_output\n"
        "hidden_error_term = (np.dot(output_error_term, weights_hidden_output + delta_w_h_o)")
    report = checked(tmp_path, late)
    assert verdict(report, "backward_pass").mistake == "updated_weights"


def test_a_file_with_only_a_sigmoid_is_never_called_right(tmp_path):
    report = checked(tmp_path, "import numpy as np\n\ndef sigmoid(x):\n"
                     "    return 1 / (1 + np.exp(-x))\n")
    assert verdict(report, "sigmoid").right and report.status == 2
    assert "network was not checked" in str(report)


def test_the_check_pages_notebook_is_read_without_its_magics():
    report = check.file(DOCS / "Backprop_Quiz.ipynb", show=False)
    assert report.status == 0 and "quiz script" in verdict(report, "backward_pass").form


def test_a_notebook_in_upper_case_is_read(tmp_path):
    notebook = {"cells": [{"cell_type": "code", "source": ["%matplotlib inline\n", QUIZ_STEP]}],
                "nbformat": 4, "metadata": {}}
    report = checked(tmp_path, json.dumps(notebook), name="Solution.IPYNB")
    assert report.status == 0 and verdict(report, "gradient_step").right


# -- top-level work does not stop the check ------------------------------------------


def test_training_data_and_missing_modules_are_notes_not_failures(tmp_path):
    source = ("import numpy as np\nimport data_prep_not_here\nfrom right import *\n"
              "data = np.loadtxt('binary.csv')\n"
              "for epoch in range(10**9):\n    pass\n"
              "print(sigmoid(0.0))\n"
              "if __name__ == '__main__':\n    raise SystemExit('trained')\n")
    report = checked(tmp_path, source, time_limit=5)
    assert report.status == 0, str(report)
    notes = "\n".join(report.notes)
    assert "line 2: no module named 'data_prep_not_here'" in notes
    assert "line 4: FileNotFoundError: binary.csv not found" in notes
    assert "empty folder" in notes
    assert "the loop at solution.py, line 5" in notes


def test_a_statement_that_trains_at_import_is_stopped_and_the_rest_checked(tmp_path):
    source = ("from right import *\nimport time\n"
              "def train():\n    while True:\n        time.sleep(0.01)\n"
              "history = train()\n")
    started = time.monotonic()
    report = checked(tmp_path, source, time_limit=1)
    assert time.monotonic() - started < 20
    assert report.status == 0
    assert any("solution.py, line 6 was stopped" in note and "__main__" in note
               for note in report.notes)


def test_a_dataclass_under_postponed_annotations_loads(tmp_path):
    source = ("from __future__ import annotations\nfrom dataclasses import dataclass\n"
              "from right import *\n@dataclass\nclass Net:\n    n: int\nnet = Net(3)\n")
    assert checked(tmp_path, source).status == 0


def test_a_file_that_is_not_utf8_is_refused_in_one_line(tmp_path):
    folder = tmp_path / "learner"
    folder.mkdir()
    path = folder / "latin.py"
    path.write_bytes(b"# caf\xe9\nimport numpy as np\n")
    report = check.file(path, show=False)
    assert report.status == 2 and "not Python text" in report.error


# -- no file can fool the judge ---------------------------------------------------


def test_patching_numpy_or_the_checker_in_the_file_changes_no_verdict(tmp_path):
    source = (RIGHT + "\nimport mlp.check\nmlp.check.judge._close = lambda a, b: True\n"
              "np.allclose = lambda *a, **k: True\nnp.exp = np.exp2\n")
    report = checked(tmp_path, source)
    # Its own sigmoid now really computes 1 / (1 + 2^-x): wrong, and found wrong.
    assert report.status == 1 and "sigmoid" in report.wrong


def test_forged_answers_on_the_checkers_channel_are_not_believed(tmp_path):
    forger = RIGHT + '''
import os

def sigmoid(x):
    for fd in range(3, 64):
        try:
            os.write(fd, b'{"id": 1, "returned": {"array": [0.5], "shape": [1]}, "after": {}}\\n')
        except OSError:
            pass
    return 0 * x
'''
    report = checked(tmp_path, forger)
    assert report.status == 1 and verdict(report, "sigmoid").kind == "crashed"
    assert "checker's channel" in verdict(report, "sigmoid").problem


# -- the sandbox ------------------------------------------------------------------------


def test_processes_the_file_starts_are_killed_and_waited_for_no_longer(tmp_path):
    # The file tells its children's pids through what its sigmoid returns.
    source = ("from right import *\nimport os, subprocess, time\n"
              "sleeper = subprocess.Popen(['sleep', '97'])\n"
              "if True:\n    pid = os.fork()\n    if pid == 0:\n        time.sleep(97)\n"
              "        os._exit(0)\n"
              "def sigmoid(x):\n    return np.array([sleeper.pid, pid], dtype=float)\n")
    started = time.monotonic()
    report = checked(tmp_path, source)
    assert time.monotonic() - started < 20
    pids = verdict(report, "sigmoid").received.strip("[]").split()
    assert len(pids) == 2
    for pid in pids:
        assert not alive(int(float(pid)))


def test_a_daemon_that_leaves_the_session_is_killed_too(tmp_path):
    # Fork, leave the session, fork again and let the middle process exit: the
    # grandchild is an orphan in a session of its own. Its pid comes back
    # through a pipe, and then through what the sigmoid returns.
    source = ("from right import *\nimport os, time\n"
              "if True:\n    r, w = os.pipe()\n"
              "    if os.fork() == 0:\n        os.setsid()\n"
              "        if os.fork() == 0:\n            os.write(w, str(os.getpid()).encode())\n"
              "            time.sleep(97)\n        os._exit(0)\n"
              "    daemon = int(os.read(r, 20))\n"
              "def sigmoid(x):\n    return np.array([daemon], dtype=float)\n")
    started = time.monotonic()
    report = checked(tmp_path, source)
    assert time.monotonic() - started < 20  # the daemon neither outlives nor delays it
    (pid,) = verdict(report, "sigmoid").received.strip("[]").split()
    assert not alive(int(float(pid)))


def test_the_file_cannot_write_or_remove_outside_its_scratch_folder(tmp_path):
    keep, escaped = tmp_path / "keep.txt", tmp_path / "escaped.txt"
    keep.write_text("mine")
    source = (f"from right import *\nimport os, shutil\n"
              f"written = open({str(escaped)!r}, 'w').write('x')\n"
              f"gone = os.remove({str(keep)!r})\n"
              f"moved = os.rename({str(keep)!r}, 'here.txt')\n"
              f"tree = shutil.rmtree({str(tmp_path / 'learner')!r})\n")
    report = checked(tmp_path, source)
    assert report.status == 0 and keep.read_text() == "mine" and not escaped.exists()
    assert (tmp_path / "learner" / "right.py").exists()
    assert sum("lets the file write only in its scratch folder" in n for n in report.notes) == 4


def alive(pid):
    """Whether `pid` runs; a killed process nobody has reaped yet (a zombie) does not."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in "ZX"


def test_memory_beyond_the_limit_is_refused_by_name(tmp_path):
    report = checked(tmp_path, "from right import *\nimport numpy as np\n"
                     "big = np.ones(2**29)  # 4 GB\n")
    assert report.status == 0
    assert any("MemoryError" in note and "2 GB" in note for note in report.notes)


def test_the_file_runs_in_a_scratch_folder_and_shadows_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("mine")
    (tmp_path / "learner").mkdir()
    (tmp_path / "learner" / "random.py").write_text("raise RuntimeError('shadowed')\n")
    source = ("from right import *\nimport os, random\n"
              "gone = [os.remove(f) for f in os.listdir('.') if f.endswith('.txt')]\n"
              "written = open('here.txt', 'w').write('x')\n")
    report = checked(tmp_path, source)
    assert report.status == 0 and report.notes == []
    assert (tmp_path / "keep.txt").read_text() == "mine"
    assert not (tmp_path / "here.txt").exists()
    assert not (tmp_path / "learner" / "__pycache__").exists()


def test_a_flood_on_stderr_is_dropped(tmp_path):
    source = "from right import *\nimport sys\nwritten = sys.stderr.write('x' * 10**8)\n"
    report = checked(tmp_path, source, time_limit=30)
    assert report.status == 0


@pytest.mark.parametrize("limit, error", [(0, ValueError), (-1, ValueError),
                                          (float("nan"), ValueError), (1e10, ValueError),
                                          ("10", TypeError)])
def test_the_time_limit_is_checked(limit, error):
    with pytest.raises(error, match="time_limit"):
        check.file(SOLUTIONS / "right.py", time_limit=limit, show=False)


# -- the lessons' classes, each written in its book's layout -----------------------

# The two classes the check page shows, in their books' layout.
RASHID = (DOCS / "rashid_class.py").read_text(encoding="utf-8")
CODING_TRAIN = (DOCS / "coding_train_class.py").read_text(encoding="utf-8")

UDACITY = (DOCS / "udacity_class.py").read_text(encoding="utf-8")
NIELSEN = (DOCS / "nielsen_class.py").read_text(encoding="utf-8")


def test_rashids_class_is_right_by_his_rule_and_named(tmp_path):
    report = checked(tmp_path, RASHID)
    step = verdict(report, "backward_pass")
    assert (report.status, step.right, step.kind) == (0, True, "convention")
    assert "Rashid's class neuralNetwork" in step.form and "Rashid's rule" in step.cause


def test_rashids_class_with_the_gradient_is_right_outright(tmp_path):
    source = RASHID.replace("hidden_errors = self.who.T @ output_errors",
                            "hidden_errors = self.who.T @ (output_errors * outputs * (1 - outputs))")
    step = verdict(checked(tmp_path, source), "backward_pass")
    assert (step.right, step.kind) == (True, "right")


def test_udacitys_project_class_with_its_linear_output_is_right(tmp_path):
    report = checked(tmp_path, UDACITY)
    step = verdict(report, "backward_pass")
    assert report.status == 0 and step.right and "linear output" in step.form


def test_udacitys_class_with_a_sigmoid_output_is_named(tmp_path):
    source = UDACITY.replace("final = hidden @ self.weights_hidden_to_output",
                             "final = self.activation_function(hidden @ self.weights_hidden_to_output)")
    source = source.replace("output_term = error ", "output_term = error * final * (1 - final) ")
    step = verdict(checked(tmp_path, source), "backward_pass")
    assert (step.right, step.mistake) == (False, "sigmoid_output")


def test_nielsens_class_backprop_gives_the_gradient(tmp_path):
    report = checked(tmp_path, NIELSEN)
    step = verdict(report, "backward_pass")
    assert report.status == 0 and step.right and "Nielsen's class Network" in step.form
    flipped = NIELSEN.replace("(activations[-1] - y)", "(y - activations[-1])")
    assert verdict(checked(tmp_path, flipped), "backward_pass").mistake == "sign_flipped"


def test_the_coding_trains_order_is_named(tmp_path):
    report = checked(tmp_path, CODING_TRAIN)
    step = verdict(report, "backward_pass")
    assert (report.status, step.right, step.mistake) == (1, False, "coding_train_order")
    fixed = CODING_TRAIN.replace("        self.weights_ho += gradients @ hidden.T\n", "").replace(
        "hidden_errors = self.weights_ho.T @ output_errors     # the changed weights",
        "hidden_errors = self.weights_ho.T @ output_errors\n"
        "        self.weights_ho += gradients @ hidden.T")
    step = verdict(checked(tmp_path, fixed), "backward_pass")
    assert (step.right, step.kind) == (True, "convention")  # the raw error: Rashid's rule


def test_a_class_forward_method_is_checked_on_its_output(tmp_path):
    report = checked(tmp_path, RASHID)
    forward = verdict(report, "forward_pass")
    assert forward.right and "query()" in forward.form
    linear = RASHID.replace("return self.activation(self.who @ self.activation(self.wih @ inputs))",
                            "return self.who @ self.activation(self.wih @ inputs)")
    forward = verdict(checked(tmp_path, linear), "forward_pass")
    assert (forward.right, forward.mistake) == (False, "output_sigmoid_missing")


def test_udacitys_run_is_judged_with_its_linear_output(tmp_path):
    source = UDACITY.replace("return hidden @ self.weights_hidden_to_output",
                             "return self.activation_function(hidden @ self.weights_hidden_to_output)")
    forward = verdict(checked(tmp_path, source), "forward_pass")
    assert (forward.right, forward.mistake) == (False, "sigmoid_output")
