"""Every page's notebook run twice: in a Jupyter kernel from mlp's wheel, and
as the docs build runs it. The work behind tests/test_jupyter.py.

Usage: python tests/notebook_runs.py FOLDER

A fresh virtual environment in FOLDER gets mlp's wheel, matplotlib and
ipykernel and nothing from the checkout; nbclient runs each teaching page's
notebook, made as the docs build makes it, in that environment's kernel, in
a folder holding only the files the page opens, as many at a time as there
are cores. The build's runner (docs/_ext/run_notebook.py) runs the same
notebooks, and the reference pages' blocks, meanwhile. For each page it
writes ``PAGE.kernel.json`` and ``PAGE.stored.json`` into FOLDER: the
notebook with its outputs, or ``{"failed": "the error"}``.

tests/conftest.py starts it in the background once the tests are collected,
so that it runs while the other tests do.
"""

import asyncio
import json
import os
import re
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbclient
import nbformat
from envs import ENV, REPO, build_wheels, mlp_wheel, new_venv, pip_install
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager

sys.path.insert(0, str(REPO / "docs" / "_ext"))
import notebooks  # noqa: E402

DOCS = REPO / "docs"
#: The pages whose notebooks the site offers.
PAGES = notebooks.teaching_pages(DOCS)
#: The reference pages that hold code: no notebook, but their blocks must run
#: in order in a fresh Python too, as the build's runner runs them.
REFERENCE = sorted(p.stem for p in DOCS.glob("*.md") if p.stem not in PAGES
                   and any(c.kind == "code" for c in notebooks.page_cells(p)))
#: Files a page's examples open, by their path from the repository's folder.
FILES = {"check": ["docs/_solutions"]}
KERNEL = "mlp-wheel"
PARALLEL = os.cpu_count() or 1


def kernels(root):
    """The kernel spec manager of a fresh environment in `root` holding mlp's
    wheel, matplotlib and ipykernel."""
    root.mkdir()
    python = new_venv(root / "env")
    pip_install(python, mlp_wheel(build_wheels(root)), "matplotlib", "ipykernel", cwd=root)
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "mlp from its wheel", "language": "python"}))
    return KernelSpecManager(kernel_dirs=[str(root / "kernels")])


def folder_for(root, page):
    """An empty folder for the page's notebook, holding only the files it opens."""
    folder = root / page
    for name in FILES.get(page, []):
        shutil.copytree(REPO / name, folder / name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def in_kernel(path, folder, specs, limit):
    """The notebook at `path` run in a kernel of `specs`, in `folder`."""
    nb = nbformat.read(path, as_version=4)
    async with limit:
        km = AsyncKernelManager(kernel_name=KERNEL, kernel_spec_manager=specs,
                                transport="ipc", ip=str(folder / "kernel"))
        client = nbclient.NotebookClient(nb, km=km, timeout=900, record_timing=False,
                                         shutdown_kernel="immediate",
                                         resources={"metadata": {"path": str(folder)}})
        env = {k: v for k, v in ENV.items() if k != "MPLBACKEND"}
        try:
            await client.async_execute(cleanup_kc=True,  # shut the kernel down
                                       env={**env, "JUPYTER_PLATFORM_DIRS": "1"})
        except Exception as error:  # reported by the test of the page
            text = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # no terminal colours
            return {"failed": f"{type(error).__name__}: {text}"}
        return nb


async def all_in_kernels(paths, folders, specs):
    limit = asyncio.Semaphore(PARALLEL)
    return await asyncio.gather(*(in_kernel(paths[page], folders[page], specs, limit)
                                  for page in PAGES))


def stored(path, folder):
    """The notebook at `path` as the build stores it, or the error that stops it."""
    try:
        notebooks.execute(path, folder)
    except RuntimeError as error:
        return {"failed": str(error)}
    return json.loads(path.read_text(encoding="utf-8"))


def main(root):
    root = Path(root)
    folders, paths, kernel_paths = {}, {}, {}
    for page in PAGES + REFERENCE:
        folders[page] = folder_for(root / "run", page)
        nb = json.dumps(notebooks.notebook(notebooks.page_cells(DOCS / f"{page}.md"), page))
        # One copy for each runner: the build's writes its outputs into its
        # file while the kernel's may still be reading the other.
        for where, table in (("notebooks", paths), ("kernel-notebooks", kernel_paths)):
            table[page] = root / where / f"{page}.ipynb"
            table[page].parent.mkdir(exist_ok=True)
            table[page].write_text(nb, encoding="utf-8")
    with ThreadPoolExecutor(PARALLEL) as pool:  # goes on while the kernels' env is made
        by_build = pool.map(stored, paths.values(), folders.values())
        by_kernel = asyncio.run(all_in_kernels(kernel_paths, folders, kernels(root / "jupyter")))
        for page, nb in zip(paths, by_build):
            (root / f"{page}.stored.json").write_text(json.dumps(nb), encoding="utf-8")
    for page, nb in zip(PAGES, by_kernel):
        (root / f"{page}.kernel.json").write_text(json.dumps(nb), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
