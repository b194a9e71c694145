"""Every teaching page, also as a Jupyter notebook.

At build time each teaching page (every page in docs/ but the reference
pages of ``NOT_TEACHING``) becomes ``notebooks/PAGE.ipynb`` in the built
site, and the page gets a link to it under its title. The prose becomes
Markdown cells; the ``{doctest}`` blocks (and ``{testsetup}``/``{testcode}``)
become code cells, prompts stripped and expected output dropped; the body of
each matplotlib ``plot`` directive becomes the cell that draws its figure.
The first code cell holds the page's imports. A doctest example whose
expected output is a traceback gets a cell of its own, tagged
``raises-exception`` as Jupyter tags a cell that fails on purpose; an
example whose value the page shows ends its cell, so that Jupyter shows that
value too.

The build then runs each notebook (``run_notebook.py``, in a fresh Python
of its own, as many at a time as there are cores) and stores the outputs in it, figures
included, so a notebook opens as the page reads; ``ZIP`` holds them all.

The notebooks are nbformat 4.5 JSON, written and run with the standard
library, so that building the site needs no Jupyter package: running them
in a Jupyter kernel would add IPython and ipykernel, 68 MB, to every
reader's environment. The tests check the structure and run every notebook
in a real Jupyter kernel from the installed wheel, comparing its outputs
with the stored ones.
"""

import ast
import doctest
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

#: Reference pages: not tutorials or explanations, so no notebook. "check"
#: is a how-to whose examples check solution files kept beside the page.
NOT_TEACHING = frozenset({
    "index", "api", "troubleshooting", "performance", "notation", "ledger",
    "errata", "references", "contributing", "setup", "cheatsheet", "check",
})
#: Where the notebooks go in the built site, and the zip file of them all there.
FOLDER = "notebooks"
ZIP = "mlp-notebooks.zip"
#: The name under which mlp is installed (pyproject.toml's project.name).
DISTRIBUTION = "mlp-teach"
#: The script that runs a notebook and stores its outputs.
RUNNER = Path(__file__).resolve().parent / "run_notebook.py"
#: What conf.py's plot_pre_code gives every figure; the notebook shows it.
PLOT_IMPORTS = ("import numpy as np", "from matplotlib import pyplot as plt", "import mlp")

_FENCE = re.compile(r"^(`{3,}|:{3,})\s*(\{([\w:.-]+)\})?\s*(.*)$")
_ROLE = re.compile(r"\{([\w:.-]+)\}`([^`]*)`")
_MD_LINK = re.compile(r"\]\(([\w./-]+?)\.md(#[\w-]*)?\)")
_PYTHON_ROLES = {"func", "meth", "class", "mod", "data", "attr", "exc", "obj",
                 "py:func", "py:meth", "py:class", "py:mod", "py:data", "py:attr"}
_ADMONITIONS = {"note", "tip", "hint", "important", "warning", "caution",
                "attention", "danger", "error", "seealso", "admonition"}
_DROPPED = {"testoutput", "testcleanup", "toctree", "bibliography", "include"}


@dataclass
class Cell:
    """A notebook cell and the line of the page it comes from (from 1)."""

    kind: str  # "markdown" or "code"
    source: str
    line: int
    tags: list = field(default_factory=list)


def teaching_pages(docs):
    """Names of the pages in folder `docs` that become notebooks, sorted."""
    return sorted(p.stem for p in Path(docs).glob("*.md") if p.stem not in NOT_TEACHING)


# -- reading the page ---------------------------------------------------------


def _blocks(lines, start=0):
    """Split MyST lines into ("text", lines, line) and ("directive", name,
    argument, body lines, line) items; fences nest as in CommonMark."""
    items, text, i = [], [], 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            text.append(lines[i])
            i += 1
            continue
        fence, j = m.group(1), i + 1
        closing = re.compile(rf"^{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        while j < len(lines) and not closing.match(lines[j]):
            j += 1
        if m.group(3) is None:  # a plain code fence: Markdown as it is
            text.extend(lines[i:j + 1])
        else:
            if text:
                items.append(("text", text, start + i - len(text) + 1))
                text = []
            items.append(("directive", m.group(3), m.group(4), lines[i + 1:j], start + i + 1))
        i = j + 1
    if text:
        items.append(("text", text, start + len(lines) - len(text) + 1))
    return items


def _options(body):
    """The directive's ``:key: value`` options, and the body after them."""
    options, i = {}, 0
    while i < len(body) and re.match(r"^\s*:[\w-]+:", body[i]):
        key, _, value = body[i].strip()[1:].partition(":")
        options[key] = value.strip()
        i += 1
    if i < len(body) and not body[i].strip():
        i += 1
    return options, body[i:]


def _authors(field):
    """Surnames in a BibTeX author field; a name in braces is cited whole."""
    names, depth, current = [], 0, ""
    for word in re.split(r"(\s+and\s+|[{}])", field):
        depth += (word == "{") - (word == "}")
        if depth == 0 and re.fullmatch(r"\s+and\s+", word or ""):
            names.append(current)
            current = ""
        else:
            current += word or ""
    names.append(current)
    surnames = []
    for name in (n.strip() for n in names if n.strip()):
        if name.startswith("{"):
            surnames.append(name.strip("{}"))
        else:
            surnames.append(name.split(",")[0] if "," in name else name.split()[-1])
    return surnames


def _bibliography(path):
    """Citation key -> (authors as cited, year), read from a BibTeX file."""
    cited = {}
    text = Path(path).read_text(encoding="utf-8") if Path(path).is_file() else ""
    for entry in re.split(r"\n(?=@)", text):
        key = re.match(r"@\w+\{([^,\s]+),", entry.strip())
        if not key:
            continue
        author = re.search(r"\bauthor\s*=\s*\{(.*)\},?\s*$", entry, re.M)
        year = re.search(r"\byear\s*=\s*\{?(\d{4})", entry)
        names = _authors(author.group(1)) if author else [key.group(1)]
        who = names[0] + " et al." if len(names) > 2 else " and ".join(names)
        cited[key.group(1)] = (who, year.group(1) if year else "n.d.")
    return cited


def _inline(line, bib):
    """MyST roles and links in one line of prose, as plain Markdown."""
    def role(m):
        name, content = m.group(1), m.group(2)
        if name.startswith("cite"):
            refs = [bib.get(k.strip(), (k.strip(), "n.d.")) for k in content.split(",")]
            if name == "cite:t":
                return "; ".join(f"{who} ({year})" for who, year in refs)
            return "(" + "; ".join(f"{who}, {year}" for who, year in refs) + ")"
        if name == "math":
            return f"${content}$"
        text = re.sub(r"\s*<[^>]*>$", "", content) if content.endswith(">") else content
        if name in _PYTHON_ROLES:
            text = text.split(".")[-1] if text.startswith("~") else text
            return f"`{text.lstrip('~')}`"
        return text
    def link(m):
        name, anchor = m.group(1), m.group(2) or ""
        if name in NOT_TEACHING:  # in the built site, beside the folder of notebooks
            return f"](../{name}.html{anchor})"
        return f"]({name}.ipynb{anchor})"  # the notebook of that page, a neighbour

    return _MD_LINK.sub(link, _ROLE.sub(role, line))


def _markdown(lines, first_line, bib):
    """Prose lines as Markdown cells, a new one at each heading; MyST
    comments and targets dropped."""
    chunks, in_code = [[first_line]], False
    for n, line in enumerate(lines, start=first_line):
        if re.match(r"^\s*(`{3,}|~{3,})", line):
            in_code = not in_code
        elif not in_code:
            if re.match(r"^%|^\(.+\)=\s*$|^\+\+\+", line):
                continue
            if line.startswith("#"):
                chunks.append([n])
            line = _inline(line, bib)
        chunks[-1].append(line)
    texts = [(c[0], "\n".join(c[1:]).strip("\n")) for c in chunks]
    return [Cell("markdown", text, n) for n, text in texts if text]


def _is_shown_value(source):
    """True if the example is an expression whose value Python displays
    (not a print call, whose value is None)."""
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        return False
    call = tree.body
    return not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                and call.func.id == "print")


def _doctest_cells(body, line):
    """Code cells of one doctest block, prompts and expected output left out."""
    cells, current = [], []

    def flush(tags=()):
        if current:
            cells.append(Cell("code", "".join(current).rstrip("\n"), line, list(tags)))
            current.clear()

    for example in doctest.DocTestParser().get_examples("\n".join(body)):
        source = re.sub(r"[ \t]*#\s*doctest:.*$", "", example.source, flags=re.M)
        if example.exc_msg is not None:
            flush()
            current.append(source)
            flush(["raises-exception"])
        else:
            current.append(source)
            if example.want and _is_shown_value(example.source):
                flush()
    flush()
    return cells


def _plot_cells(body, line):
    """One code cell per plot directive in an eval-rst block: its body."""
    cells, i = [], 0
    while i < len(body):
        if not re.match(r"^\.\. plot::\s*$", body[i]):
            i += 1
            continue
        j = i + 1
        while j < len(body) and (not body[j].strip() or body[j].startswith((" ", "\t"))):
            j += 1
        _, code = _options([b[3:] if b.startswith("   ") else b.lstrip() for b in body[i + 1:j]])
        cells.append(Cell("code", _quiet("\n".join(code).strip("\n")), line + i + 1))
        i = j
    return cells


def _quiet(source):
    """A figure's code, ended with a semicolon if it ends with an expression,
    as in Jupyter, so that the cell shows the figure and not, say, the text
    ``<matplotlib.legend.Legend at 0x7f...>``."""
    body = ast.parse(source).body
    return source + ";" if body and isinstance(body[-1], ast.Expr) else source


def _directive(name, argument, body, line, page):
    """The cells of one directive of the page."""
    options, content = _options(body)
    if name == "doctest":
        return _doctest_cells(content, line)
    if name in ("testsetup", "testcode"):
        return [Cell("code", "\n".join(content).strip("\n"), line)]
    if name == "eval-rst":
        return _plot_cells(body, line)
    if name == "math":
        return [Cell("markdown", "$$\n" + "\n".join(content).strip("\n") + "\n$$", line)]
    if name == "literalinclude":
        code = (page.path.parent / argument.strip()).read_text(encoding="utf-8")
        fence = "```" + options.get("language", "python")
        return [Cell("markdown", f"{fence}\n{code.rstrip()}\n```", line)]
    if name in _DROPPED:
        return []
    inner = _cells(content, line + len(body) - len(content), page)
    if name in _ADMONITIONS or name == "dropdown":
        title = argument or ("See also" if name == "seealso" else name.capitalize())
        inner.insert(0, Cell("markdown", f"**{_inline(title, page.bib)}**", line))
    return inner  # any other directive (tabs, cards, figures): its content


def _cells(lines, first_line, page):
    """The cells of a run of page lines that starts at line `first_line`."""
    cells = []
    for item in _blocks(lines, first_line - 1):
        if item[0] == "text":
            cells.extend(_markdown(item[1], item[2], page.bib))
        else:
            cells.extend(_directive(*item[1:], page))
    return cells


@dataclass
class _Page:
    path: Path
    bib: dict


def _sections(cells):
    """Adjacent Markdown cells joined, with a new cell at each heading."""
    out = []
    for cell in cells:
        previous = out[-1] if out else None
        if (cell.kind == "markdown" and previous is not None and previous.kind == "markdown"
                and not cell.source.startswith("#")):
            previous.source += "\n\n" + cell.source
        else:
            out.append(cell)
    return out


def _imports_first(cells, plots):
    """Move the import lines that open the page's first doctest block into
    a cell before all other code, adding the figures' imports if it plots."""
    code = [c for c in cells if c.kind == "code"]
    if not code:
        return cells
    lines = code[0].source.split("\n")
    n = 0
    while n < len(lines) and re.match(r"^(import \w|from [\w.]+ import )", lines[n]):
        n += 1
    imports = list(dict.fromkeys(lines[:n] + (list(PLOT_IMPORTS) if plots else [])))
    rest = "\n".join(lines[n:]).strip("\n")
    first = cells.index(code[0])
    cells = cells[:first] + [Cell("code", "\n".join(imports), code[0].line)] + (
        [Cell("code", rest, code[0].line, code[0].tags)] if rest else []) + cells[first + 1:]
    return cells


def install(plots):
    """The paragraph that says how to install what a notebook needs."""
    what, extra = ("mlp and matplotlib (for the figures)", " matplotlib") if plots else ("mlp", "")
    return (f"**Before you run it**, install {what} into the Python of this notebook's "
            f"kernel, with a cell of its own: `%pip install path/to/mlp{extra}`, where "
            f"path/to/mlp is the folder of mlp's source. (mlp's distribution is named "
            f"`{DISTRIBUTION}`; the module you import is `mlp`.) The page "
            f"[Set-up](../setup.html) says more.")


def page_cells(path):
    """The cells of the notebook of the page at `path` (a docs/*.md file)."""
    path = Path(path)
    page = _Page(path, _bibliography(path.parent / "references.bib"))
    text = path.read_text(encoding="utf-8")
    cells = _sections(_cells(text.split("\n"), 1, page))
    plots = bool(re.search(r"^\.\. plot::", text, re.M))
    if cells and cells[0].source.startswith("# "):
        title, _, rest = cells[0].source.partition("\n")
        about = (f"*This notebook is the page [{title[2:]}](../{path.stem}.html) of mlp's "
                 f"documentation, with the outputs its cells gave when the page was "
                 f"built. Run the cells in order to compute them again.*")
        cells[0].source = f"{title}\n\n{about}\n\n{install(plots)}\n{rest}".rstrip()
    return _imports_first(cells, plots)


def notebook(cells, name):
    """The nbformat 4.5 document of `cells`; cell ids are NAME-1, NAME-2..."""
    def cell(n, c):
        lines = c.source.splitlines(keepends=True)
        out = {"cell_type": c.kind, "id": f"{name}-{n}", "metadata": {}, "source": lines}
        if c.tags:
            out["metadata"]["tags"] = list(c.tags)
        if c.kind == "code":
            out.update(execution_count=None, outputs=[])
        return out

    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
        "cells": [cell(n, c) for n, c in enumerate(cells, start=1)],
    }


def write(docs, folder):
    """Write the notebook of every teaching page in `docs` into `folder`,
    unrun; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in teaching_pages(docs):
        nb = notebook(page_cells(Path(docs) / f"{name}.md"), name)
        paths.append(folder / f"{name}.ipynb")
        paths[-1].write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return paths


def execute(path, folder=None):
    """Run the notebook at `path` with run_notebook.py in a fresh Python, in
    `folder` (by default an empty one), and store its outputs in it; on a
    failing cell raise RuntimeError with the page's name and the traceback."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    with tempfile.TemporaryDirectory() as empty:
        result = subprocess.run([sys.executable, "-I", RUNNER, path, path],
                                cwd=folder or empty, env={**env, "MPLBACKEND": "Agg"},
                                capture_output=True, text=True, timeout=900,
                                stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise RuntimeError(f"the notebook of {Path(path).stem}.md failed:\n{result.stderr}")


def zip_notebooks(paths, target):
    """All the notebooks in one zip file, the same bytes at every build."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(paths):
            info = zipfile.ZipInfo(f"mlp-notebooks/{Path(path).name}", (2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            z.writestr(info, Path(path).read_bytes(), zipfile.ZIP_DEFLATED)


# -- Sphinx -------------------------------------------------------------------


def _write_notebooks(app):
    """Every teaching page's notebook, run, and the zip of them all."""
    if app.builder.format != "html":
        return
    folder = Path(app.outdir) / FOLDER
    paths = write(app.srcdir, folder)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(execute, paths))
    zip_notebooks(paths, folder / ZIP)


def _link_notebook(app, docname, source):
    """Under the page's title, a note with a link to its notebook."""
    if "/" in docname or docname in NOT_TEACHING:
        return
    note = (f"\n:::{{note}}\n<a href=\"{FOLDER}/{docname}.ipynb\" download>Download this "
            f"page as a notebook</a> ({docname}.ipynb) to run its code in Jupyter, "
            f"one cell after another.\n:::\n")
    source[0] = re.sub(r"^(# .*\n)", lambda m: m.group(1) + note, source[0], count=1,
                       flags=re.M)


def setup(app):
    app.connect("builder-inited", _write_notebooks)
    app.connect("source-read", _link_notebook)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
