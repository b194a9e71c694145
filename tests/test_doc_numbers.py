"""Every docs page obeys the number rule; the checker itself can fail.

The rule and its exemption marker (``% numbers-exempt: 0.1 0.3 -0.2``) are
described in ``tests/doc_numbers.py``.
"""

from pathlib import Path

import pytest

from doc_numbers import check_page, check_text, printed_numbers, stated_numbers

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(DOCS.glob("*.md"))


def test_there_are_pages_to_check():
    assert PAGES, f"no docs/*.md pages found under {DOCS}"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_stated_number_is_printed_on_its_page(page):
    problems = check_page(page)
    assert not problems, "\n" + "\n".join(str(p) for p in problems)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_check_is_live_to_the_end_of_every_page(page):
    # A fence left open, or a parse that swallows the page as code, would
    # make the check above pass vacuously; a number planted after the last
    # line must still be found.
    planted = page.read_text(encoding="utf-8") + "\n\nPlanted: 0.123456789.\n"
    assert "0.123456789" in [p.number for p in check_text(planted, page=page.name)]


def _page(prose, output):
    """A synthetic page: one line of prose, then a doctest printing `output`."""
    return f"""# A page

{prose}

```{{doctest}}
>>> print(round(float(mlp.sigmoid(0.05)), 8))
{output}
```
"""


def test_a_planted_wrong_number_is_caught_with_page_line_and_number():
    page = _page("The output is $\\hat y = 0.513$.", "0.5124974")
    problems = check_text(page, page="planted.md")
    assert [(p.page, p.line, p.number) for p in problems] == [("planted.md", 3, "0.513")]
    assert "nearest printed: 0.5124974" in problems[0].message


def test_truncation_is_not_rounding():
    # The XOR blog wrote 0.731058 for sigmoid(1) = 0.7310585786...
    problems = check_text(_page("One entry reads 0.731058.", "0.73105858"))
    assert [p.number for p in problems] == ["0.731058"]


def test_the_sign_must_agree():
    problems = check_text(_page("The error is -0.19 and then 0.190.", "-0.18997448"))
    assert [p.number for p in problems] == ["0.190"]


def test_an_input_number_is_not_an_output():
    page = """Weights start at 0.4951.

```{doctest}
>>> w = 0.4951
>>> print(w > 0)
True
```
"""
    assert [p.number for p in check_text(page)] == ["0.4951"]


def test_exempted_input_and_correct_roundings_pass():
    page = _page(
        "% numbers-exempt: 0.0502 −1.25\n\n"
        "With $h = 0.0502$ and a bias of −1.25, the unit gives 0.5125, "
        "that is 0.512 to three places, $5.12 \\times 10^{-1}$ or 51.25%.",
        "0.5124974",
    )
    assert check_text(page) == []


def test_a_stale_exemption_is_reported():
    page = _page("% numbers-exempt: 0.777 0.1\n\nNothing is stated.", "0.5")
    problems = check_text(page)
    # 0.1 has one significant digit, so the rule never needed it: not reported.
    assert [(p.line, p.number) for p in problems] == [(3, "0.777")]


def test_code_inline_code_and_directive_bodies_are_not_checked():
    page = """# Code is not prose

`0.1234` and [a link](https://example.org/0.4321) and Python 3.11.9.

```python
w = 0.5678
```

```{eval-rst}
.. math:: 0.8765
```

% 0.9999 in a comment
"""
    assert stated_numbers(page) == []


def test_admonitions_are_checked_and_outputs_nest_inside_them():
    page = """:::{note} A title with 0.4444
The body says 0.5555.

```{doctest}
>>> print(0.5555)
0.5555
```
:::
"""
    assert [str(p) for p in printed_numbers(page)] == ["0.5555"]
    assert [p.number for p in check_text(page)] == ["0.4444"]


def test_testoutput_bodies_count_as_printed():
    page = """Exactly 0.00804047.

```{testcode}
print(0.00804047)
```

```{testoutput}
0.00804047
```
"""
    assert check_text(page) == []
