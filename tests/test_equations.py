"""Every displayed equation on a page sits in a section that checks it.

A section (a heading and what follows, up to the next heading) that shows
an equation as ``$$ ... $$`` must also hold a doctest, which computes what
the equation says; the doctest builder then proves the two agree.
"""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
HEADING = re.compile(r"^#{1,6} ", re.M)
DISPLAY = re.compile(r"^\$\$\s*$.*?^\$\$\s*$", re.M | re.S)
CHECK = re.compile(r"^`{3,}\{(doctest|testcode)\}", re.M)


def sections(text):
    """The page cut at its headings: (first line, text) of each part."""
    starts = [0] + [m.start() for m in HEADING.finditer(text)]
    parts = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    return [(part.splitlines()[0] if part else "", part) for part in parts]


def unchecked(text):
    """(heading, count) of every section with equations and no doctest."""
    return [(title, len(DISPLAY.findall(part))) for title, part in sections(text)
            if DISPLAY.search(part) and not CHECK.search(part)]


PAGES = sorted(DOCS.glob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_displayed_equation_is_checked(page):
    assert unchecked(page.read_text(encoding="utf-8")) == []


def test_the_site_has_displayed_equations():
    total = sum(len(DISPLAY.findall(p.read_text(encoding="utf-8"))) for p in PAGES)
    assert total >= 45


def test_an_equation_without_a_doctest_is_found():
    page = "# T\n\n## Checked\n\n$$\na = 1\n$$\n\n```{doctest}\n>>> 1\n1\n```\n\n" \
           "## Not checked\n\n$$\nb = 2\n$$\n\n$$\nc = 3\n$$\n"
    assert unchecked(page) == [("## Not checked", 2)]
