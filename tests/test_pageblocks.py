"""The Python half of the pages' Run buttons (docs/_runner/pageblocks.py),
run here in the native Python: it runs a block as Sphinx's doctest does, and
counts the lines that match. The browser itself is tests/test_browser_runner.py."""

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "docs" / "_runner"))
import pageblocks  # noqa: E402
from doc_blocks import page_blocks  # noqa: E402
import runner  # noqa: E402  (docs/_ext/runner.py: doc_blocks puts docs/_ext on the path)


def run(capsys, page, text, flags=()):
    pageblocks.block(page, text, flags)
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", ["unit", "troubleshooting"])
def test_every_block_of_a_page_matches_in_order(capsys, monkeypatch, tmp_path, name):
    monkeypatch.chdir(tmp_path)  # the troubleshooting page writes files
    blocks = page_blocks(name)
    assert len(blocks) > 10
    assert any(flags for _, flags in blocks) == (name == "troubleshooting")
    for text, flags in blocks:
        result = run(capsys, f"native-{name}", text, flags)
        assert result["ok"], (text, result)
        assert result["matched"] == result["lines"]


def test_a_page_keeps_one_namespace_and_lines_are_counted(capsys):
    assert run(capsys, "p", ">>> x = 2\n")["ok"]
    result = run(capsys, "p", ">>> print(x, x + 1)\n2 3\n>>> print(x)\n3\n>>> print(1)\n1\n")
    assert not result["ok"]
    assert (result["matched"], result["lines"]) == (2, 3)
    assert [e["ok"] for e in result["examples"]] == [True, False, True]
    assert result["examples"][1]["got"] == "2\n"
    assert not run(capsys, "another page", ">>> print(x)\n2\n")["ok"]


def test_an_edit_in_plain_python_runs_statement_by_statement(capsys):
    result = run(capsys, "edited", "import mlp\nh = 0.0\nfor s in (h,):\n    s\nmlp.sigmoid(h) + 1\n")
    assert [e["source"] for e in result["examples"]][2:] == ["for s in (h,):\n    s\n", "mlp.sigmoid(h) + 1\n"]
    assert [e["got"] for e in result["examples"]] == ["", "", "0.0\n", "np.float64(1.5)\n"]


def test_an_error_shows_as_the_page_shows_one(capsys):
    result = run(capsys, "errors", ">>> import mlp\n>>> mlp.Network.random([2, 0])\n")
    assert result["examples"][1]["got"] == (
        "Traceback (most recent call last):\n  ...\n"
        "ValueError: sizes[1] must be a positive integer, got 0\n")


def test_a_missing_matplotlib_is_named(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert run(capsys, "figure", ">>> import matplotlib\n")["needs"] == "matplotlib"
    assert run(capsys, "figure", ">>> import nothing_by_this_name\n")["needs"] is None


_STANDIN = r'''
import sys
sys.path[:0] = [sys.argv[1] + "/standin", sys.argv[1]]
import pageblocks
'''


def test_the_browsers_stand_in_for_pyplot_draws_a_loss_curve_and_names_the_rest(tmp_path):
    """The stand-in, in a Python of its own (the tests' own matplotlib is the real one)."""
    blocks = [
        ">>> import matplotlib.pyplot as plt\n"
        ">>> plt.plot([3.0, 2.0, 1.5, 1.2], label='<b>loss</b>')\n"
        "[<matplotlib.lines.Line2D object>]\n"
        ">>> plt.yscale('log'); plt.xlabel('epoch'); plt.legend()\n",
        ">>> print(1)\n1\n",
        ">>> fig, ax = plt.subplots(); _ = ax.plot([0, 1], [1, 0], 'r--'); fig.savefig('curve.svg')\n",
        ">>> _ = plt.hist([1, 2])\n",
        ">>> import mlp, mlp.draw\n>>> mlp.draw.network(mlp.Network.random([2, 2, 1], rng=0))\n",
        ">>> plt.savefig('curve.png')\n",
    ]
    script = _STANDIN + "".join(f"pageblocks.block('plots', {b!r})\n" for b in blocks)
    out = subprocess.run([sys.executable, "-c", script, str(REPO / "docs" / "_runner")],
                         cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    curve, after, saved, hist, draw, png = map(json.loads, out.splitlines())
    assert curve["ok"] and len(curve["figures"]) == 1
    svg = ET.fromstring(curve["figures"][0])
    ns = "{http://www.w3.org/2000/svg}"
    points = [tuple(map(float, p.split(","))) for p in svg.find(f"{ns}polyline").get("points").split()]
    assert len(points) == 4
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in zip(points, points[1:]))  # falling: lower
    texts = [t.text for t in svg.iter(f"{ns}text")]
    assert "<b>loss</b>" in texts and "epoch" in texts and "1" in texts  # a power of ten
    assert "<b>" not in curve["figures"][0]
    assert after["figures"] == [] and saved["figures"] and saved["ok"]
    assert ET.parse(tmp_path / "curve.svg").getroot().find(f"{ns}polyline").get("stroke") == "#d62728"
    for result in (hist, draw, png):
        assert not result["ok"] and result["needs"] == "matplotlib", result
        assert result["figures"] == []  # not the half-made figures of what failed
    assert "run this in a local install" in hist["examples"][0]["got"]


def test_a_slow_block_carries_its_recorded_time_until_its_text_changes(tmp_path):
    from docutils import nodes

    times = tmp_path / "times.json"
    times.write_text(json.dumps({"blocks": {runner.block_key(">>> slow()"): {
        "page": "p", "seconds": 6.2}}}))
    recorded = runner.recorded_times(times)

    def block(test):
        node = nodes.literal_block(test, test, testnodetype="doctest", options={})
        return runner._block(node, recorded)

    assert block(">>> slow()")["seconds"] == 6.2
    assert "seconds" not in block(">>> slow()  # edited")
    assert runner.recorded_times(tmp_path / "none.json") == {}


def test_every_recorded_browser_time_is_of_a_block_on_its_page():
    """A slow block edited since it was measured: run docs/_tools/browser_times.py
    again (or delete its entry from docs/_runner/browser-times.json)."""
    recorded = json.loads(runner.TIMES.read_text())
    for key, entry in recorded["blocks"].items():
        keys = {runner.block_key(text.rstrip("\n")) for text, _ in page_blocks(entry["page"])}
        assert key in keys, f"no block of {entry['page']}.md has the text measured as {key}"


def test_forget_starts_the_pages_namespace_again(capsys):
    assert run(capsys, "forgotten", ">>> z = 1\n")["ok"]
    pageblocks.forget("forgotten")
    assert "NameError" in run(capsys, "forgotten", ">>> z\n1\n")["examples"][0]["got"]


def test_a_syntax_error_is_placed_by_its_example(capsys):
    got = run(capsys, "typo", ">>> x = 1\n>>> print((x)\n")["examples"][1]["got"]
    assert 'File "example 2", line 1' in got and "<doctest" not in got
