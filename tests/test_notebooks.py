"""How docs/_ext/notebooks.py turns a page into a notebook, and how the
build runs it (docs/_ext/run_notebook.py) and zips them all.

That every page's notebook runs, in a real Jupyter kernel from the
installed wheel, and shows what the build stored, is tests/test_jupyter.py.
"""

import base64
import json
import re
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
sys.path.insert(0, str(DOCS / "_ext"))
import notebooks  # noqa: E402

PAGES = notebooks.teaching_pages(DOCS)


def test_every_teaching_page_has_a_notebook():
    assert len(PAGES) >= 10
    assert not set(PAGES) & notebooks.NOT_TEACHING
    assert {"unit", "backprop", "xor-by-hand", "admissions"} <= set(PAGES)


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
    # A figure's cell ends with a semicolon: Jupyter shows the figure alone.
    assert cells[6].source == "fig, ax = plt.subplots()\nax.plot(x);"
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


def _notebook_of(tmp_path, text):
    """The notebook of the page `text`, written into `tmp_path`; its path."""
    path = tmp_path / "page.ipynb"
    notebook = notebooks.notebook(_convert(tmp_path, text), "page")
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def _failure(path):
    """The message with which the build's run of the notebook at `path` fails;
    the notebook is left unrun."""
    before = path.read_bytes()
    with pytest.raises(RuntimeError) as info:
        notebooks.execute(path)
    assert path.read_bytes() == before
    message = str(info.value)
    assert message.startswith("the notebook of page.md failed:")
    return message.rstrip()


def test_a_missing_import_fails_with_the_page_and_cell(tmp_path):
    text = PAGE.split("## Figure")[0]  # a figure's cell would import mlp
    message = _failure(_notebook_of(tmp_path, text.replace(">>> import mlp\n", "").replace(
        ">>> x.shape", ">>> mlp.sigmoid(x)")))
    assert "NameError: name 'mlp' is not defined" in message
    assert message.endswith("FAILED CELL 3")


def test_a_tagged_cell_that_does_not_raise_fails(tmp_path):
    message = _failure(_notebook_of(tmp_path, PAGE.replace("np.ones(3)", "np.ones(2)")))
    assert "tagged raises-exception but raised nothing" in message
    assert message.endswith("FAILED CELL 4")


def test_the_build_stores_what_each_cell_shows(tmp_path):
    path = _notebook_of(tmp_path, PAGE)
    notebooks.execute(path)
    code = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == [1, 2, 3, 4, 5]
    assert code[0]["outputs"] == []
    assert code[1]["outputs"] == [
        {"output_type": "stream", "name": "stdout", "text": "[1. 2.]\n"},
        {"output_type": "execute_result", "execution_count": 2, "metadata": {},
         "data": {"text/plain": "(2,)"}}]
    (error,) = code[2]["outputs"]
    assert (error["output_type"], error["ename"]) == ("error", "ValueError")
    assert error["evalue"].startswith("matmul: ") and len(error["traceback"]) == 1
    assert code[3]["outputs"] == [{"output_type": "stream", "name": "stdout",
                                   "text": "1.0\n2.0\n"}]
    (figure,) = code[4]["outputs"]  # the figure alone: its cell ends with ";"
    assert figure["output_type"] == "display_data"
    assert figure["data"]["text/plain"] == "<Figure size 640x480 with 1 Axes>"
    assert base64.b64decode(figure["data"]["image/png"]).startswith(b"\x89PNG\r\n")


def test_the_zip_holds_every_notebook_the_same_at_every_build(tmp_path):
    paths = notebooks.write(DOCS, tmp_path / "nb")
    notebooks.zip_notebooks(paths, tmp_path / "a.zip")
    notebooks.zip_notebooks(reversed(paths), tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as z:
        assert z.namelist() == [f"mlp-notebooks/{p}.ipynb" for p in PAGES]
        assert z.read("mlp-notebooks/unit.ipynb") == (tmp_path / "nb" / "unit.ipynb").read_bytes()


def test_every_notebook_starts_by_saying_how_to_install_mlp():
    with open(REPO / "pyproject.toml", "rb") as f:
        assert notebooks.DISTRIBUTION == tomllib.load(f)["project"]["name"]
    for page in PAGES:
        first = notebooks.page_cells(DOCS / f"{page}.md")[0]
        assert first.kind == "markdown" and first.source.startswith("# ")
        assert "`%pip install path/to/mlp" in first.source, page
        assert f"`{notebooks.DISTRIBUTION}`" in first.source, page
