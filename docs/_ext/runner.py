"""Run and edit the pages' doctest blocks in the reader's browser (issue 22).

When the browser runtime has been built (``docs/_runner/dist``, made by
``make html`` where npm is installed), every ``{doctest}`` block of an HTML
page gets the class ``runner-block``, and the page carries the blocks as
Sphinx's doctest runs them (the source before flags and ``<BLANKLINE>`` are
trimmed for display, and the block's ``:options:``) for
``docs/_static/runner.js``, which adds the Run buttons. The build copies the
runtime to ``_runner/`` in the site, with ``mlp.zip``: mlp's source files as
they are, ``docs/_runner/pageblocks.py``, which runs a block, a stand-in
for matplotlib that draws line plots (``docs/_runner/standin``), and the
check page's solution files.

Without the built runtime the pages are built as before, without buttons.
"""

import doctest
import hashlib
import json
import shutil
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

import mlp

RUNNER = Path(__file__).resolve().parent.parent / "_runner"
BUNDLE = RUNNER / "dist"
#: Cross-origin isolation from a plain static server: a service worker that
#: must sit at the site's root, so that its scope covers every page.
COI = RUNNER / "node_modules" / "coi-serviceworker" / "coi-serviceworker.min.js"
_FLAG_NAMES = {value: name for name, value in doctest.OPTIONFLAGS_BY_NAME.items()}
#: How long the slow blocks took in a browser, by a hash of their text
#: (written by docs/_tools/browser_times.py).
TIMES = RUNNER / "browser-times.json"

logger = logging.getLogger(__name__)


def built():
    """Whether the browser runtime has been built."""
    return (BUNDLE / "runner-bundle.js").is_file() and COI.is_file()


def _config(app, config):
    # Config values, so that Sphinx rewrites every page when one changes.
    config.runner_built = built()
    config.runner_times = recorded_times()


def _inited(app):
    if app.builder.format != "html":
        return
    if app.config.runner_built:  # the pages' script tags are checksummed from the file
        Path(app.outdir).mkdir(parents=True, exist_ok=True)
        shutil.copy(COI, Path(app.outdir) / COI.name)
    else:
        logger.info("runner: no built browser runtime (docs/_runner/dist); pages without Run buttons")


def _on(app):
    return app.builder.format == "html" and app.config.runner_built


def _doctest_blocks(doctree):
    return [n for n in doctree.findall(nodes.literal_block) if n.get("testnodetype") == "doctest"]


def _mark(app, doctree, docname):
    """Mark the page's doctest blocks, before they are written as HTML."""
    if _on(app):
        for node in _doctest_blocks(doctree):
            node["classes"].append("runner-block")


def block_key(test):
    """The key of a block's text in the recorded times: a change to the text
    makes its recorded time count no more."""
    return hashlib.sha256(test.encode()).hexdigest()[:16]


def recorded_times(path=TIMES):
    """The recorded seconds of the slow blocks, by :func:`block_key`."""
    if not path.is_file():
        return {}
    return {key: entry["seconds"] for key, entry in json.loads(path.read_text())["blocks"].items()}


def _block(node, times):
    test = node.get("test", node.astext())
    block = {"test": test,
             "flags": [("+" if on else "-") + _FLAG_NAMES[flag] for flag, on in node["options"].items()]}
    seconds = times.get(block_key(test))
    if seconds is not None:
        block["seconds"] = seconds
    return block


def _page(app, pagename, templatename, context, doctree):
    """Give a page with doctest blocks the blocks, as Sphinx's doctest runs
    them, and the scripts that run them."""
    if not (doctree and _on(app)):
        return
    blocks = [_block(node, app.config.runner_times) for node in _doctest_blocks(doctree)]
    if not blocks:
        return
    data = json.dumps({"page": pagename, "blocks": blocks}).replace("</", "<\\/")
    app.add_js_file(None, body=data, type="application/json", id="runner-blocks")
    # Sphinx puts a script's path under _static/; the service worker is at the root.
    app.add_js_file("../coi-serviceworker.min.js", priority=100)
    app.add_js_file("runner.js", loading_method="defer")
    app.add_css_file("runner.css")


def _package(path):
    """mlp's source and data files, the block runner, matplotlib's stand-in
    and the check page's solution files, as one zip file."""
    source = Path(mlp.__file__).resolve().parent
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(source.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
                z.write(f, (Path("mlp") / f.relative_to(source)).as_posix())
        z.write(RUNNER / "pageblocks.py", "pageblocks.py")
        for f in sorted((RUNNER / "standin").rglob("*.py")):  # matplotlib's stand-in
            z.write(f, f.relative_to(RUNNER / "standin").as_posix())
        # The check page's examples name these files from the repository's root.
        for f in sorted((RUNNER.parent / "_solutions").iterdir()):
            z.write(f, f"docs/_solutions/{f.name}")


def _copy(app, exception):
    if exception is not None or not _on(app):
        return
    out = Path(app.outdir)
    shutil.rmtree(out / "_runner", ignore_errors=True)  # nothing stale from a former runtime
    shutil.copytree(BUNDLE, out / "_runner", ignore=shutil.ignore_patterns(".built"))
    _package(out / "_runner" / "mlp.zip")


def setup(app):
    app.add_config_value("runner_built", False, "html", bool)
    app.add_config_value("runner_times", {}, "html", dict)
    app.connect("config-inited", _config)
    app.connect("builder-inited", _inited)
    app.connect("doctree-resolved", _mark)
    app.connect("html-page-context", _page)
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
