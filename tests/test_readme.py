"""The README's example runs as written and does what its comment says."""

import contextlib
import io
import re
from pathlib import Path

import numpy as np

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_runs_and_learns_xor():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, "the README has one Python example"
    out = io.StringIO()
    namespace = {}
    with contextlib.redirect_stdout(out):
        exec(blocks[0], namespace)
    printed = np.array(out.getvalue().strip().strip("[]").split(), dtype=float)
    assert np.allclose(printed, namespace["y"], atol=0.05)


def test_readme_has_no_link_that_breaks_on_the_package_index():
    # The package index shows the README alone: a link to a file of the
    # repository (docs/unit.md) leads nowhere there.
    targets = re.findall(r"\]\(([^)]*)\)", README.read_text(encoding="utf-8"))
    assert [t for t in targets if not t.startswith("https://")] == []


def test_readme_names_every_page_by_its_file():
    docs = README.parent / "docs"
    named = set(re.findall(r"`docs/([\w-]+)\.md`", README.read_text(encoding="utf-8")))
    pages = {p.stem for p in docs.glob("*.md")} - {"index"}
    assert named == pages
