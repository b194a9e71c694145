"""Every source in docs/references.bib is cited on some page, with a year and a link."""

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
BIB = (DOCS / "references.bib").read_text(encoding="utf-8")
ENTRIES = dict(re.findall(r"^@\w+\{([^,\s]+),(.*?)^\}", BIB, flags=re.M | re.S))
CITE = re.compile(r"\{cite:[a-z]+\}`([^`]+)`")


def cited_keys():
    keys = set()
    for page in DOCS.glob("*.md"):
        for group in CITE.findall(page.read_text(encoding="utf-8")):
            keys.update(k.strip() for k in group.split(","))
    return keys


def test_the_bib_file_has_at_least_ten_entries_each_with_a_year_and_a_link():
    assert len(ENTRIES) >= 10, sorted(ENTRIES)
    for key, body in ENTRIES.items():
        assert re.search(r"^\s*year\s*=", body, flags=re.M), f"{key} has no year"
        has_link = re.search(r"^\s*(url|doi)\s*=", body, flags=re.M)
        assert has_link or "permalink" in body, f"{key} has no url, doi or permalink"


def test_every_entry_is_cited_on_some_page():
    uncited = sorted(set(ENTRIES) - cited_keys())
    assert not uncited, f"cited on no page of docs/: {uncited}"


def test_the_citation_pattern_finds_citations():
    # Guards the test above against a pattern that finds nothing.
    text = "as {cite:t}`rashid2016` and {cite:p}`udacity2017` show"
    found = {k.strip() for g in CITE.findall(text) for k in g.split(",")}
    assert found == {"rashid2016", "udacity2017", "udacity2017"}
