"""mlp with the oldest NumPy it accepts: a fresh environment with the first
release series that pyproject.toml's ``numpy>=X.Y`` admits and mlp's wheel
runs every doctest block of every page, and must print what the pages print.

``make test`` doctests the pages with the newest NumPy; this is the other
end of the range a user may have. The blocks are run by the pages' own
runner (docs/_runner/pageblocks.py: the standard library's doctest, as
Sphinx runs it, one namespace per page), and the environment holds NumPy,
mlp and, for the one learner's notebook that imports matplotlib, the
browser's stand-in for it (docs/_runner/standin), installed as matplotlib.
"""

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from doc_blocks import REPO, pages
from envs import new_venv, pip_install, run

SCRIPT = r"""
import contextlib, io, json, sys
runner, tests, *names = sys.argv[1:]
sys.path.insert(0, runner)
sys.path.append(tests)
import numpy, mlp, pageblocks
from doc_blocks import page_blocks
print(json.dumps({"numpy": numpy.__version__, "mlp": mlp.__file__}))
for name in names:
    for i, (text, flags) in enumerate(page_blocks(name)):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            pageblocks.block(name, text, flags)
        result = json.loads(out.getvalue().splitlines()[-1])
        wrong = [e for e in result["examples"] if not e["ok"]]
        print(json.dumps({"page": name, "block": i, "wrong": wrong}))
"""


def oldest_numpy():
    """The X.Y of pyproject.toml's ``numpy>=X.Y``."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (spec,) = [d for d in project["dependencies"] if d.startswith("numpy")]
    match = re.fullmatch(r"numpy>=(\d+\.\d+)", spec.replace(" ", ""))
    assert match, f"pyproject.toml asks for {spec!r}, not numpy>=X.Y"
    return match.group(1)


@pytest.fixture(scope="module")
def oldest(tmp_path_factory, mlp_wheel):
    """A fresh environment with the oldest NumPy series and mlp's wheel, and
    an empty folder to run in, with the check page's solution files."""
    root = tmp_path_factory.mktemp("oldest-numpy")
    work = root / "work"
    shutil.copytree(REPO / "docs" / "_solutions", work / "docs" / "_solutions")
    python = new_venv(root / "env")
    pip_install(python, f"numpy=={oldest_numpy()}.*", "--no-deps", mlp_wheel, cwd=work)
    site = run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=work)
    shutil.copytree(REPO / "docs" / "_runner" / "standin" / "matplotlib",
                    Path(site.strip()) / "matplotlib")
    return python, work


def test_every_page_prints_the_same_with_the_oldest_numpy(oldest):
    python, work = oldest
    runner = REPO / "docs" / "_runner"
    out = run([python, "-c", SCRIPT, runner, REPO / "tests", *pages()],
              cwd=work, timeout=900)
    first, *blocks = map(json.loads, out.splitlines())
    assert first["numpy"].startswith(oldest_numpy() + "."), first
    assert str(work.parent / "env") in first["mlp"], first  # the wheel, not this checkout
    assert {b["page"] for b in blocks} == set(pages())
    wrong = [f"{b['page']}, block {b['block']}:\n{e['source']}the page:\n{e['want']}"
             f"NumPy {first['numpy']}:\n{e['got']}" for b in blocks for e in b["wrong"]]
    assert not wrong, "\n".join(wrong)
