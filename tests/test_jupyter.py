"""Every page's notebook runs in a real Jupyter kernel from the installed
wheel, and shows there what the build stored in it.

A fresh virtual environment gets mlp's wheel, matplotlib and ipykernel and
nothing from the checkout. nbclient (of the test extra) runs each page's
notebook, made as the docs build makes it, in that environment's kernel,
in an empty folder, two notebooks at a time. A cell may raise only if the
page shows that error on purpose (the cell is tagged ``raises-exception``).
The reference pages get no notebook, but their blocks run the same way.

The build stores the outputs that docs/_ext/run_notebook.py gives. Every
cell must show the same in the kernel: what it printed, the value of its
last line, how many figures it drew and the error it raised.
"""

import asyncio
import json
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbclient
import nbformat
import pytest
from conftest import ENV, REPO, new_venv, run
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager

sys.path.insert(0, str(REPO / "docs" / "_ext"))
import notebooks  # noqa: E402

DOCS = REPO / "docs"
PAGES = sorted(p.stem for p in DOCS.glob("*.md")
               if any(c.kind == "code" for c in notebooks.page_cells(p)))
#: Files a page's examples open, by their path from the repository's folder.
FILES = {"check": ["docs/_solutions"]}
KERNEL = "mlp-wheel"
PARALLEL = 2


@pytest.fixture(scope="session")
def kernels(tmp_path_factory, mlp_wheel):
    """The kernel spec manager of a fresh environment holding the wheel."""
    root = tmp_path_factory.mktemp("jupyter")
    python = new_venv(root / "env")
    run([python, "-m", "pip", "install", "--quiet", "--no-compile", mlp_wheel,
         "matplotlib", "ipykernel"], cwd=root)
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "mlp from its wheel", "language": "python"}))
    return KernelSpecManager(kernel_dirs=[str(root / "kernels")])


def _folder(root, page):
    """An empty folder for the page's notebook, holding only the files it opens."""
    folder = root / page
    for name in FILES.get(page, []):
        shutil.copytree(REPO / name, folder / name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def _in_kernel(nb, folder, kernels, limit):
    async with limit:
        km = AsyncKernelManager(kernel_name=KERNEL, kernel_spec_manager=kernels,
                                transport="ipc", ip=str(folder / "kernel"))
        client = nbclient.NotebookClient(nb, km=km, timeout=900, record_timing=False,
                                         resources={"metadata": {"path": str(folder)}})
        env = {k: v for k, v in ENV.items() if k != "MPLBACKEND"}
        try:
            await client.async_execute(cleanup_kc=True,  # shut the kernel down
                                       env={**env, "JUPYTER_PLATFORM_DIRS": "1"})
        except Exception as error:  # the report names the page and cell
            return error
        return nb


async def _all_in_kernels(jobs, kernels):
    limit = asyncio.Semaphore(PARALLEL)
    return await asyncio.gather(*(_in_kernel(nb, folder, kernels, limit)
                                  for nb, folder in jobs))


def _stored(path, folder):
    """The notebook at `path` as the build stores it, or the error that stops it."""
    try:
        notebooks.execute(path, folder)
    except RuntimeError as error:
        return error
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def runs(tmp_path_factory, kernels):
    """Page -> (its notebook run in a kernel, run as the build runs it), each a
    notebook with outputs or the exception that stopped it."""
    root = tmp_path_factory.mktemp("notebooks")
    jobs, paths = [], []
    for page in PAGES:
        nb = notebooks.notebook(notebooks.page_cells(DOCS / f"{page}.md"), page)
        paths.append(root / f"{page}.ipynb")
        paths[-1].write_text(json.dumps(nb), encoding="utf-8")
        jobs.append((nbformat.reads(json.dumps(nb), as_version=4),
                     _folder(root / "kernel", page)))
    in_kernel = asyncio.run(_all_in_kernels(jobs, kernels))
    with ThreadPoolExecutor(PARALLEL) as pool:
        stored = list(pool.map(_stored, paths, [folder for _, folder in jobs]))
    return dict(zip(PAGES, zip(in_kernel, stored)))


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
def test_page_runs_in_a_jupyter_kernel_from_the_wheel(page, runs):
    in_kernel, _ = runs[page]
    if isinstance(in_kernel, Exception):
        pytest.fail(f"docs/{page}.md failed in the kernel:\n{in_kernel}", pytrace=False)
    for n, cell in enumerate(in_kernel.cells, start=1):
        tagged = "raises-exception" in cell.metadata.get("tags", [])
        raised = any(out.output_type == "error" for out in cell.get("outputs", []))
        assert raised == tagged, f"{_cell_line(page, n)}: tagged {tagged}, raised {raised}"
        assert shown(cell.get("outputs", []))["stderr"] == "", _cell_line(page, n)


@pytest.mark.parametrize("page", PAGES)
def test_stored_outputs_are_what_the_kernel_shows(page, runs):
    in_kernel, stored = runs[page]
    for run_ in (in_kernel, stored):
        if isinstance(run_, Exception):
            pytest.fail(f"docs/{page}.md failed:\n{run_}", pytrace=False)
    assert len(in_kernel.cells) == len(stored["cells"])
    for n, (a, b) in enumerate(zip(in_kernel.cells, stored["cells"]), start=1):
        if a.cell_type == "code":
            assert shown(a.outputs) == shown(b["outputs"]), _cell_line(page, n)
