"""Every page's notebook runs in a real Jupyter kernel from the installed
wheel, and shows there what the build stored in it.

tests/notebook_runs.py does the running (conftest.py starts it while the
other tests run): each teaching page's notebook in a Jupyter kernel of a
fresh environment that holds mlp's wheel, matplotlib and ipykernel and
nothing from the checkout, and every page as the docs build runs it. A
cell may raise only if the page shows that error on purpose (the cell is
tagged ``raises-exception``); the reference pages get no notebook, but
their blocks must run in order. Every cell must show in the kernel what the
build stored: what it printed, the value of its last line, how many
figures it drew and the error it raised.
"""

import json

import nbformat
import pytest
from notebook_runs import DOCS, PAGES, REFERENCE, notebooks


def _load(folder, page, kind):
    """The notebook `page` as run by `kind` ("kernel" or "stored"); a failed
    run fails the test with its error."""
    nb = json.loads((folder / f"{page}.{kind}.json").read_text(encoding="utf-8"))
    if "failed" in nb:
        how = "in a Jupyter kernel" if kind == "kernel" else "as the build runs it"
        pytest.fail(f"docs/{page}.md failed {how}:\n{nb['failed']}", pytrace=False)
    return nb


def shown(outputs):
    """What a cell's outputs show a reader, in a form that both runners give:
    a value's text with its line breaks as spaces (IPython breaks long lists
    where repr does not)."""
    seen = {"stdout": "", "stderr": "", "value": None, "figures": 0, "error": None}
    for out in outputs:
        kind = out["output_type"]
        if kind == "stream":
            seen[out["name"]] += "".join(out["text"])
        elif kind == "execute_result":
            seen["value"] = " ".join("".join(out["data"]["text/plain"]).split())
        elif kind == "display_data":
            seen["figures"] += "image/png" in out["data"]
        elif kind == "error":
            seen["error"] = (out["ename"], out["evalue"])
    return seen


def _cell_line(page, n):
    cells = notebooks.page_cells(DOCS / f"{page}.md")
    return f"notebook cell {n}, the block at line {cells[n - 1].line} of docs/{page}.md"


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_in_a_jupyter_kernel_from_the_wheel(page, notebook_runs):
    for n, cell in enumerate(_load(notebook_runs, page, "kernel")["cells"], start=1):
        if cell["cell_type"] != "code":
            continue
        tagged = "raises-exception" in cell["metadata"].get("tags", [])
        raised = any(out["output_type"] == "error" for out in cell["outputs"])
        assert raised == tagged, f"{_cell_line(page, n)}: tagged {tagged}, raised {raised}"
        assert shown(cell["outputs"])["stderr"] == "", _cell_line(page, n)


@pytest.mark.parametrize("page", PAGES)
def test_stored_outputs_are_what_the_kernel_shows(page, notebook_runs):
    in_kernel = _load(notebook_runs, page, "kernel")["cells"]
    stored = _load(notebook_runs, page, "stored")
    nbformat.validate(nbformat.from_dict(stored))  # the notebook a reader downloads
    stored = stored["cells"]
    assert len(in_kernel) == len(stored)
    for n, (a, b) in enumerate(zip(in_kernel, stored), start=1):
        if a["cell_type"] == "code":
            assert shown(a["outputs"]) == shown(b["outputs"]), _cell_line(page, n)


@pytest.mark.parametrize("page", REFERENCE)
def test_reference_page_blocks_run_in_order(page, notebook_runs):
    _load(notebook_runs, page, "stored")
