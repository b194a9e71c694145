"""Every teaching page runs as a notebook, top to bottom, in a fresh Python.

Each page's notebook (made by docs/_ext/notebooks.py, as the docs build
makes it) runs in a new interpreter (``python -I``) that starts with an
empty namespace: nothing is injected, so a page that forgot an import
fails here. Figures are drawn with matplotlib's Agg backend. A cell may
raise only if the page shows that error on purpose (its doctest expects a
traceback, so the cell is tagged ``raises-exception``).
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
RUNNER = Path(__file__).resolve().parent / "run_notebook.py"
sys.path.insert(0, str(DOCS / "_ext"))
import notebooks  # noqa: E402

PAGES = notebooks.teaching_pages(DOCS)


def test_every_teaching_page_has_a_notebook():
    assert len(PAGES) >= 10
    assert not set(PAGES) & notebooks.NOT_TEACHING
    assert {"unit", "backprop", "xor-by-hand", "admissions"} <= set(PAGES)


# Reference pages get no notebook, but their blocks, copied in order into a
# fresh Python, must run too. The check page's examples open files under
# docs/ by paths from the repository's folder, where a reader runs them.
EVERY_PAGE = sorted(p.stem for p in DOCS.glob("*.md")
                    if any(c.kind == "code" for c in notebooks.page_cells(p)))
RUN_FROM_REPO = {"check"}


@pytest.mark.parametrize("page", EVERY_PAGE)
def test_page_runs_as_a_notebook(page, tmp_path):
    cells = notebooks.page_cells(DOCS / f"{page}.md")
    path = tmp_path / f"{page}.ipynb"
    path.write_text(json.dumps(notebooks.notebook(cells, page)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    cwd = REPO if page in RUN_FROM_REPO else tmp_path
    result = subprocess.run([sys.executable, "-I", RUNNER, path], cwd=cwd,
                            env={**env, "MPLBACKEND": "Agg"}, capture_output=True,
                            text=True, timeout=900, stdin=subprocess.DEVNULL)
    failed = re.search(r"FAILED CELL (\d+)\s*$", result.stderr)
    if failed:
        cell = cells[int(failed.group(1)) - 1]
        pytest.fail(f"docs/{page}.md: notebook cell {failed.group(1)} (the block at line "
                    f"{cell.line} of the page) failed:\n{cell.source}\n\n{result.stderr}",
                    pytrace=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", f"docs/{page}.md printed to stderr:\n{result.stderr}"


@pytest.mark.parametrize("page", PAGES)
def test_notebook_is_nbformat_4(page):
    # The parts of the nbformat 4.5 schema that a notebook of a page uses.
    nb = notebooks.notebook(notebooks.page_cells(DOCS / f"{page}.md"), page)
    nb = json.loads(json.dumps(nb))
    assert (nb["nbformat"], nb["nbformat_minor"]) == (4, 5)
    assert set(nb) == {"nbformat", "nbformat_minor", "metadata", "cells"}
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    ids = [cell["id"] for cell in nb["cells"]]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-zA-Z0-9-_]{1,64}", i) for i in ids)
    for cell in nb["cells"]:
        keys = {"cell_type", "id", "metadata", "source"}
        if cell["cell_type"] == "code":
            keys |= {"execution_count", "outputs"}
            assert cell["execution_count"] is None and cell["outputs"] == []
        else:
            assert cell["cell_type"] == "markdown"
        assert set(cell) == keys
        assert all(isinstance(line, str) for line in cell["source"])
        assert "".join(cell["source"]).strip()
        assert set(cell["metadata"]) <= {"tags"}
    code = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]
    assert re.match(r"(import |from \S+ import )", code[0]["source"][0])


def _convert(tmp_path, text):
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    return notebooks.page_cells(page)


PAGE = '''\
# A page

Prose with {func}`mlp.sigmoid`, {meth}`fit <mlp.Network.fit>` and a [link](unit.md#a).

% a comment

```{doctest}
>>> import numpy as np
>>> import mlp
>>> x = np.array([1.0, 2.0])
>>> print(x)
[1. 2.]
>>> x.shape
(2,)
>>> x @ np.ones(3)
Traceback (most recent call last):
  ...
ValueError: matmul: ...
>>> for v in x:
...     print(v)
1.0
2.0
```

## Figure

```{eval-rst}
.. plot::
   :alt: a line

   fig, ax = plt.subplots()
   ax.plot(x)
```
'''


def test_conversion_of_a_small_page(tmp_path):
    cells = _convert(tmp_path, PAGE)
    kinds = [c.kind for c in cells]
    assert kinds == ["markdown", "code", "code", "code", "code", "markdown", "code"]
    prose = cells[0].source
    assert "`mlp.sigmoid`" in prose and "`fit`" in prose and "(unit.ipynb#a)" in prose
    assert "comment" not in prose and "{func}" not in prose
    # The imports, with the figure's, come first; prompts and outputs are gone.
    assert cells[1].source.splitlines() == [
        "import numpy as np", "import mlp", "from matplotlib import pyplot as plt"]
    assert cells[2].source == "x = np.array([1.0, 2.0])\nprint(x)\nx.shape"
    assert cells[3].source == "x @ np.ones(3)" and cells[3].tags == ["raises-exception"]
    assert cells[4].source == "for v in x:\n    print(v)" and cells[4].tags == []
    assert cells[5].source.startswith("## Figure")
    assert cells[6].source == "fig, ax = plt.subplots()\nax.plot(x)"
    assert [c.line for c in cells] == [1, 7, 7, 7, 7, 25, 28]


def test_directives_around_examples_keep_their_code_and_prose(tmp_path):
    text = """# A page

```{doctest}
>>> import numpy as np
```

:::{note}
See the [API](api.md).
:::

:::{dropdown} Answer
Like this:

```{doctest}
>>> print(np.ones(2).sum())
2.0
```
:::
"""
    cells = _convert(tmp_path, text)
    assert [(c.kind, c.source) for c in cells[1:]] == [
        ("code", "import numpy as np"),
        ("markdown", "**Note**\n\nSee the [API](../api.html).\n\n**Answer**\n\nLike this:"),
        ("code", "print(np.ones(2).sum())"),
    ]


def test_a_missing_import_fails_with_the_page_and_cell(tmp_path):
    text = PAGE.split("## Figure")[0]  # a figure's cell would import mlp
    cells = _convert(tmp_path, text.replace(">>> import mlp\n", "").replace(
        ">>> x.shape", ">>> mlp.sigmoid(x)"))
    path = tmp_path / "page.ipynb"
    path.write_text(json.dumps(notebooks.notebook(cells, "page")), encoding="utf-8")
    result = subprocess.run([sys.executable, "-I", RUNNER, path], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "NameError: name 'mlp' is not defined" in result.stderr
    assert result.stderr.rstrip().endswith("FAILED CELL 3")


def test_a_tagged_cell_that_does_not_raise_fails(tmp_path):
    cells = _convert(tmp_path, PAGE.replace("np.ones(3)", "np.ones(2)"))
    path = tmp_path / "page.ipynb"
    path.write_text(json.dumps(notebooks.notebook(cells, "page")), encoding="utf-8")
    result = subprocess.run([sys.executable, "-I", RUNNER, path], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "tagged raises-exception but raised nothing" in result.stderr
