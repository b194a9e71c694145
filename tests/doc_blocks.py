"""The doctest blocks of a page's MyST source, in order, as Sphinx's doctest
and the pages' Run buttons run them: with the standard library alone, so that
a Python without the test tools (tests/test_oldest_numpy.py) can read them."""

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "docs" / "_ext"))
import notebooks  # noqa: E402

_FENCE = re.compile(r"^(\s*)(`{3,})\{doctest\}\s*$")


def page_blocks(name):
    """The page's doctest blocks in order, each as (text, flags)."""
    lines = (REPO / "docs" / f"{name}.md").read_text(encoding="utf-8").splitlines()
    blocks, i = [], 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        i += 1
        if not m:
            continue
        indent, fence, body = m.group(1), m.group(2), []
        while not lines[i].strip() == fence:
            body.append(lines[i][len(indent):])
            i += 1
        options, code = notebooks._options(body)
        flags = options.get("options", "").replace(",", " ").split()
        blocks.append(("\n".join(code) + "\n", flags))
    return blocks


def pages():
    """Every page with a doctest block."""
    return sorted(p.stem for p in (REPO / "docs").glob("*.md")
                  if "{doctest}" in p.read_text(encoding="utf-8"))
