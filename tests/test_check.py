"""mlp.check and ``python -m mlp check``: every planted mistake gets its verdict."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import mlp
from mlp import check, cli
from mlp.check import cases, judge

SOLUTIONS = Path(__file__).parent / "solutions"

# file: (the wrong function, the verdict's kind, the named mistake, exit status)
PLANTED = {
    "slope_missing_output": ("backward_pass", "value", "slope_missing_output", 1),
    "slope_missing_hidden": ("backward_pass", "value", "slope_missing_hidden", 1),
    "output_slope_from_a": ("backward_pass", "value", "output_slope_from_a", 1),
    "output_slope_from_h": ("backward_pass", "value", "output_slope_from_h", 1),
    "hidden_slope_from_a": ("backward_pass", "value", "hidden_slope_from_a", 1),
    "hidden_slope_from_h": ("backward_pass", "value", "hidden_slope_from_h", 1),
    "learnrate_missing": ("backward_pass", "value", "learnrate_missing", 1),
    "transposed": ("backward_pass", "shape", "transposed", 1),
    "raw_error_sent_back": ("backward_pass", "value", "raw_error_sent_back", 1),
    "updated_weights": ("backward_pass", "value", "updated_weights", 1),
    "sign_flipped": ("backward_pass", "value", "sign_flipped", 1),
    "wrong_shape": ("backward_pass", "shape", "wrong_shape", 1),
    "wrong_order": ("backward_pass", "shape", "wrong_order", 1),
    "step_slope_missing": ("gradient_step", "value", "slope_missing", 1),
    "step_slope_from_a": ("gradient_step", "value", "slope_from_a", 1),
    "step_slope_from_h": ("gradient_step", "value", "slope_from_h", 1),
    "step_learnrate_missing": ("gradient_step", "value", "learnrate_missing", 1),
    "step_sign_flipped": ("gradient_step", "value", "sign_flipped", 1),
    "step_returned_weights": ("gradient_step", "value", "returned_weights", 1),
    "step_returned_error_term": ("gradient_step", "shape", "returned_error_term", 1),
    "forward_hidden_sigmoid_missing": ("forward_pass", "value", "hidden_sigmoid_missing", 1),
    "forward_output_sigmoid_missing": ("forward_pass", "value", "output_sigmoid_missing", 1),
    "forward_hidden_input_passed_on": ("forward_pass", "value", "hidden_input_passed_on", 1),
    "forward_transposed": ("forward_pass", "raised", "transposed", 1),
    "sigmoid_sign": ("sigmoid", "value", "sign_flipped", 1),
    "sigmoid_math_exp": ("sigmoid", "raised", "", 1),
    "returns_none": ("gradient_step", "returned_none", "", 1),
    "raises": ("sigmoid_prime", "raised", "", 1),
    "not_a_pair": ("forward_pass", "not_numbers", "", 1),
    "not_callable": ("sigmoid", "not_callable", "", 1),
    "changed_argument": ("gradient_step", "changed_argument", "", 1),
    "crashes": ("sigmoid", "crashed", "", 1),
}

# file: (words the one-line error must hold)
UNLOADABLE = {
    "syntax_error": ["syntax_error.py, line 5", "SyntaxError"],
    "import_error": ["defines none of", "import_error.py, line 4", "no module named",
                     "no_such_module_for_mlp"],
    "none_defined": ["defines none of", "backward_pass"],
    "exits_at_load": ["sys.exit", "exits_at_load.py, line 5"],
    "loop_at_load": ["defines none of", "the loop at loop_at_load.py, line 3",
                     "if __name__ == \"__main__\":"],
}


def path(name):
    return str(SOLUTIONS / f"{name}.py")


def run(*args):
    """``python -m mlp ARGS`` in a subprocess, as a learner runs it."""
    return subprocess.run([sys.executable, "-m", "mlp", *args], capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_every_solution_file_is_in_a_table():
    names = {p.stem for p in SOLUTIONS.glob("*.py")}
    assert names == set(PLANTED) | set(UNLOADABLE) | {"right", "endless_loop",
                                                      "sigmoid_prime_from_h"}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_planted_mistake_is_found_and_named(name):
    function, kind, mistake, status = PLANTED[name]
    report = check.file(path(name), time_limit=5, show=False)
    assert report.status == status
    assert report.wrong == [function]
    (verdict,) = [v for v in report.verdicts if v.name == function]
    assert (verdict.right, verdict.kind, verdict.mistake) == (False, kind, mistake)
    if mistake:
        causes = {m.key: m.cause for m in cases._SPECS[function].mistakes}
        assert verdict.cause.startswith(causes.get(mistake, "the right "))
        assert "likely cause: " in str(report)
    assert verdict.problem in str(report)
    assert str(report).endswith(f"Wrong: {function} (1 of {len(report.verdicts)}).")


def test_a_wrong_value_is_shown_with_inputs_expected_and_received():
    report = check.file(path("slope_missing_hidden"), show=False)
    (verdict,) = [v for v in report.verdicts if not v.right]
    assert verdict.quantity == "delta_w_i_h"
    assert verdict.case.startswith("the notebook's example")
    assert verdict.inputs == {
        "x": "[0.5, 0.1, -0.2]", "target": "0.6",
        "weights_input_hidden": "[[0.5, -0.6], [0.1, -0.2], [0.1, 0.7]]",
        "weights_hidden_output": "[0.1, -0.3]", "learnrate": "0.5"}
    # The notebook's printed step, which docs/backprop.md reproduces.
    assert verdict.expected.splitlines()[0] == "[[ 1.77005547e-04 -5.11178506e-04]"
    assert verdict.received != verdict.expected


def test_the_output_step_is_compared_first():
    # With the output's slope missing both steps are wrong; the first
    # quantity reported is the one backpropagation computes first.
    report = check.file(path("slope_missing_output"), show=False)
    assert report.verdicts[-1].quantity == "delta_w_h_o"


def test_right_file_passes_and_its_prints_are_not_shown():
    result = run("check", path("right"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert "the learner's own output" not in result.stdout
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines[1:-1]] == [
        [name, "right"] for name in check.FUNCTIONS]
    assert lines[-1] == "All 5 functions are right."


def test_wrong_file_exits_1_and_names_the_function():
    result = run("check", path("hidden_slope_from_h"))
    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == "Wrong: backward_pass (1 of 5)."
    assert "`hidden_layer_input * (1 - hidden_layer_input)`" in result.stdout
    # A cause is wrapped between code spans, never inside one.
    assert all(line.count("`") % 2 == 0 for line in result.stdout.splitlines())


@pytest.mark.parametrize("name", sorted(UNLOADABLE))
def test_unloadable_file_exits_2_with_one_line(name):
    result = run("check", "--time-limit", "1", path(name))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("python -m mlp check: error: ")
    for word in UNLOADABLE[name]:
        assert word in lines[0]


def test_missing_file_exits_2():
    result = run("check", str(SOLUTIONS / "no_such_file.py"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.strip().endswith("no_such_file.py")


def test_endless_loop_is_stopped_and_the_rest_still_checked():
    result = run("check", "--time-limit", "1", path("endless_loop"))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "forward_pass   wrong: did not return within 1 s" in result.stdout
    assert "backward_pass  right" in result.stdout  # checked in a fresh process
    assert result.stdout.splitlines()[-1] == "Wrong: forward_pass (1 of 5)."


@pytest.mark.parametrize("name", ["raises", "returns_none", "crashes", "not_a_pair"])
def test_no_traceback_from_a_broken_function(name):
    result = run("check", path(name))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_main_returns_the_status(capsys):
    assert cli.main(["check", path("right")]) == 0
    assert cli.main(["check", path("sign_flipped")]) == 1
    assert cli.main(["check", path("none_defined")]) == 2
    out, err = capsys.readouterr()
    assert "sign flipped" in out and "defines none" in err


def test_help_describes_the_check_command():
    result = run("check", "--help")
    assert result.returncode == 0
    assert "--time-limit" in result.stdout and "Exit status" in result.stdout
    assert "check" in run("--help").stdout


# -- from Python ---------------------------------------------------------------


def right_backward_pass(x, target, weights_input_hidden, weights_hidden_output, learnrate):
    hidden = mlp.sigmoid(x @ weights_input_hidden)
    output = mlp.sigmoid(hidden @ weights_hidden_output)
    delta_o = (target - output) * output * (1 - output)
    delta_h = delta_o * weights_hidden_output * hidden * (1 - hidden)
    return learnrate * np.outer(x, delta_h), learnrate * delta_o * hidden


def test_python_api_prints_the_same_verdict_as_the_file(capsys):
    def backward_pass(x, target, weights_input_hidden, weights_hidden_output, learnrate):
        step_ih, step_ho = right_backward_pass(
            x, target, weights_input_hidden, weights_hidden_output, learnrate)
        return step_ih / learnrate, step_ho / learnrate

    verdict = check.backward_pass(backward_pass)
    shown = capsys.readouterr().out
    assert (verdict.right, verdict.mistake) == (False, "learnrate_missing")
    from_file = check.file(path("learnrate_missing"), show=False).verdicts[-1]
    assert shown == str(from_file) + "\n"


def test_python_api_right_and_quiet(capsys):
    verdict = check.backward_pass(right_backward_pass, show=False)
    assert verdict.right and verdict.cases == 5
    assert capsys.readouterr().out == ""


def test_tolerance_is_relative():
    def nudged(by):
        return lambda x: mlp.sigmoid_prime(x) * (1 + by)

    assert check.sigmoid_prime(nudged(1e-9), show=False).right
    verdict = check.sigmoid_prime(nudged(1e-4), show=False)
    assert (verdict.right, verdict.kind, verdict.mistake) == (False, "value", "")


def test_a_function_right_only_on_the_lessons_examples_is_caught():
    def hard_coded(x, y, weights, learnrate):
        return mlp.unit_step(x, y, weights, learn_rate=0.5).delta_w

    verdict = check.gradient_step(hard_coded, show=False)
    assert not verdict.right and verdict.case.startswith("random case")


def test_the_checkers_themselves_raise_nothing():
    for name in check.FUNCTIONS:
        verdict = getattr(check, name)(lambda *args: 1 / 0, show=False)
        assert verdict.kind == "raised" and "ZeroDivisionError" in verdict.problem
        assert "test_check.py, line" in verdict.problem


# -- the cases and the mistakes ------------------------------------------------


def test_cases_start_with_the_lessons_and_include_non_square_weights():
    network = cases._network_cases(backward=True)
    assert network[0].args["target"] == 0.6 and network[0].args["learnrate"] == 0.5
    shapes = [c.args["weights_input_hidden"].shape for c in network]
    assert any(n_in != n_hidden for n_in, n_hidden in shapes)
    assert any(n_in == n_hidden for n_in, n_hidden in shapes)
    assert all(0 < c.args["learnrate"] < 1 for c in network)


def test_mistakes_rebuilt_without_a_change_give_mlps_values():
    for case in cases._network_cases(backward=True):
        r = cases._net(case.args)
        for got, want in zip(cases._backprop(case.args, r), (r.step_ih, r.step_ho)):
            np.testing.assert_allclose(got, want, rtol=1e-14, atol=0)
    for case in cases._unit_cases():
        u = cases._unit(case.args)
        np.testing.assert_allclose(cases._gd(case.args, u.error_term)[0], u.delta_w, rtol=1e-14)


@pytest.mark.parametrize("name", check.FUNCTIONS)
def test_every_mistake_is_wrong_and_told_apart_on_every_case(name):
    spec = cases._SPECS[name]
    for case in spec.cases():
        expected = [np.asarray(v, float) for v in spec.expected(case.args)]
        values = {}
        for mistake in spec.mistakes:
            value = mistake.value(case.args)
            if value is None:
                continue
            value = [np.asarray(v, float) for v in value]
            assert not all(map(judge._close, value, expected)), (mistake.key, case.label)
            for other, seen in values.items():
                assert not all(map(judge._close, value, seen)), (mistake.key, other)
            values[mistake.key] = value


def test_the_page_lists_every_mistake_the_checker_names():
    page = (Path(__file__).parent.parent / "docs" / "check.md").read_text(encoding="utf-8")
    keys = {m.key for spec in cases._SPECS.values() for m in spec.mistakes}
    keys |= {"wrong_shape", "wrong_order"}
    assert {key for key in keys if f"`{key}`" not in page} == set()


def test_an_object_that_refuses_to_be_numbers_is_a_verdict():
    class Stubborn:
        def __array__(self, *args, **kwargs):
            raise RuntimeError("no")

    verdict = check.sigmoid(lambda x: Stubborn(), show=False)
    assert (verdict.right, verdict.kind) == (False, "not_numbers")


def test_a_notebook_is_read_cell_by_cell_without_magics(tmp_path):
    source = (SOLUTIONS / "right.py").read_text(encoding="utf-8")
    cells = ["%matplotlib inline\n!pip install numpy\nimport numpy as np",
             "%%bash\necho not python", source]
    notebook = {"cells": [{"cell_type": "code", "source": c} for c in cells]
                + [{"cell_type": "markdown", "source": "# sigmoid"}], "nbformat": 4}
    path = tmp_path / "Solution.IPYNB"
    path.write_text(__import__("json").dumps(notebook), encoding="utf-8")
    report = check.file(path, show=False)
    assert report.status == 0 and [v.name for v in report.verdicts] == list(check.FUNCTIONS)


def test_a_file_that_is_not_a_notebook_is_one_line(tmp_path):
    path = tmp_path / "lesson.ipynb"
    path.write_text("{}")
    report = check.file(path, show=False)
    assert report.status == 2 and "lesson.ipynb is not a Jupyter notebook" in report.error


def test_a_slope_that_takes_the_output_is_a_convention_not_a_mistake():
    report = check.file(path("sigmoid_prime_from_h"), show=False)
    (verdict,) = report.verdicts
    assert (verdict.right, verdict.kind) == (True, "convention")
    assert "Rashid" in verdict.cause and "convention: " in str(report)
    # Only an activation was checked, so the file is not called right.
    assert report.status == 2 and "network was not checked" in str(report)


def test_a_function_with_other_arguments_is_shown_the_lessons_signature():
    verdict = check.backward_pass(lambda x, target: None, show=False)
    assert verdict.kind == "raised" and "positional argument" in verdict.problem
    assert "`backward_pass(x, target, weights_input_hidden," in verdict.cause
