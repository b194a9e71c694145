"""The number rule: every worked number on a docs page is printed by a doctest there.

A page of the documentation may state a decimal number in its prose or its
math only if a doctest on the *same page* prints that number, or a number
that rounds to it. This module finds the numbers a page states and the
numbers its doctests print, and reports every stated number that no
printed number supports. ``tests/test_doc_numbers.py`` runs it on every
``docs/*.md`` page; ``python tests/doc_numbers.py docs/*.md`` runs it by hand.

What is checked
---------------
Prose, headings, tables and math (``$...$``, ``$$...$$``, the ``{math}``
role and directive), including the bodies of admonitions such as
``{note}``, because a reader reads them as text. Not checked: code fences
(```` ```python ````, ```` ```text ````, ...), the bodies of all other
directives (``{doctest}``, ``{testcode}``, ``{eval-rst}``, ...), inline
code, link targets and URLs, and MyST comment lines (``% ...``).

A *decimal number* is one written with a decimal point or an exponent:
``0.495``, ``.5``, ``1e-4``, ``1.77 \\times 10^{-4}`` (also with ``\\cdot``,
``×`` or ``·``). Integers (layer sizes, epochs, years) are not checked. A
number is checked when it has three or more significant digits: ``0.495``,
``0.0302`` and ``93.75`` are; ``0.25``, ``0.003`` and ``1e-4`` are not.

Signs: a minus sign (``-``, ``−`` or LaTeX's ``{-}``) belongs to the number
when it touches it and does not follow a digit, letter or closing bracket;
so ``-0.0302`` and ``= −0.0302`` state a negative number, while
``1 - 0.512`` and ``1-0.512`` subtract a positive one. A signed number
needs a printed number of the same sign.

Percentages: ``93.75%`` (or ``93.75\\%``) is supported by a printed
``93.75`` or by a printed ``0.9375``.

What counts as printed
----------------------
The expected-output lines of ```` ```{doctest} ```` blocks (the lines after
a ``>>>`` statement and its ``...`` continuations, up to the next blank
line or prompt) and the bodies of ```` ```{testoutput} ```` blocks. Every
number-like token there counts, integers included.

A stated number *v* written to *k* decimal places (or to the exponent of
its last digit, in scientific notation) is supported by a printed number
*p* when *p* rounded to that place, half up or half to even, equals *v*:
``0.0302`` is supported by a printed ``0.03019545``, ``0.003`` by
``0.0030455``. Truncation is not rounding: ``0.731058`` is *not* supported
by ``0.73105858``.

Exemptions
----------
A number that is not a computed result (an input, a hyperparameter, a
version number, or a lesson's wrong value quoted as such) is exempted by a
MyST comment line anywhere in the page, outside code; it is not rendered::

    % numbers-exempt: 0.1 0.3 -0.2

An exemption matches by value and sign (``0.10`` exempts ``0.1``; ``-0.2``
does not exempt ``0.2``). An exempted number with three or more
significant digits that the page never states is reported as stale, so
exemptions cannot outlive the text they excuse.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation, getcontext
from pathlib import Path

__all__ = [
    "Stated",
    "Problem",
    "check_page",
    "check_text",
    "exemptions",
    "printed_numbers",
    "significant_digits",
    "stated_numbers",
    "supports",
]

EXEMPT_MARKER = "numbers-exempt:"
MIN_SIGNIFICANT = 3

# Directives whose bodies a reader sees as text or math: their numbers are
# checked. Every other directive body is code, output or raw markup.
PROSE_DIRECTIVES = {
    "admonition", "attention", "caution", "danger", "dropdown", "epigraph",
    "error", "figure", "hint", "important", "margin", "math", "note",
    "seealso", "sidebar", "tip", "topic", "warning",
}
OUTPUT_DIRECTIVES = {"doctest", "testoutput"}

_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(.*)$")
_DIRECTIVE_NAME = re.compile(r"^\{([\w:-]+)\}")
_OPTION = re.compile(r"^\s*:[\w-]+:")
_MATH_ROLE = re.compile(r"\{math\}(`+)(.*?)\1")
_INLINE_CODE = re.compile(r"(?:\{[\w:-]+\})?(`+)(.*?)\1")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"<?https?://\S+>?")
_DOTTED = re.compile(r"\d+(?:\.\d+){2,}")  # version strings such as 1.13.0

_MINUS = re.compile(r"(?:-|−|\{-\})$")
_STATED = re.compile(
    r"(?<![\w.])(?P<mant>\d+\.\d+|\.\d+|\d+)"
    r"(?:"
    r"[eE](?P<exp>[-+−]?\d+)"
    r"|\s*(?:\\times|\\cdot|×|·)\s*10\^\{?(?P<texp>[-−]?\d+)\}?"
    r")?"
    r"(?P<pct>\\?%)?"
)
_PRINTED = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class Stated:
    """A decimal number stated in a page's prose or math."""

    line: int
    text: str
    value: Decimal
    percent: bool = False

    @property
    def significant(self) -> int:
        return significant_digits(self.value)


@dataclass(frozen=True)
class Problem:
    """A stated number no doctest supports, or an exemption nothing uses."""

    page: str
    line: int
    number: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.number}: {self.message}"


def significant_digits(value: Decimal) -> int:
    """Significant digits as written: leading zeros do not count, trailing ones do.

    >>> significant_digits(Decimal("0.0302")), significant_digits(Decimal("0.250"))
    (3, 3)
    """
    digits = value.as_tuple().digits
    i = 0
    while i < len(digits) - 1 and digits[i] == 0:
        i += 1
    return len(digits) - i


def _blocks(lines):
    """Classify each line: ("prose", text), ("output", text) or ("skip", text).

    Fences nest inside prose directives (a doctest inside a note); inside a
    code or output fence only its own closing fence is recognised.
    """
    stack = []  # (char, length, kind) of the open fences, innermost last
    at_body_start = False
    for number, line in enumerate(lines, start=1):
        kind = stack[-1][2] if stack else "prose"
        m = _FENCE.match(line)
        if m and stack:
            char, length = stack[-1][0], stack[-1][1]
            fence, info = m.group(1), m.group(2)
            if fence[0] == char and len(fence) >= length and not info.strip():
                stack.pop()
                yield number, "skip", line
                continue
        if m and kind == "prose":
            fence, info = m.group(1), m.group(2).strip()
            name = _DIRECTIVE_NAME.match(info)
            if fence[0] == ":" and not name:
                yield number, kind, line  # a bare ':::' is text, not a fence
                continue
            if name and name.group(1) in PROSE_DIRECTIVES:
                new = "prose"
            elif name and name.group(1) in OUTPUT_DIRECTIVES:
                new = name.group(1)
            else:
                new = "skip"
            stack.append((fence[0], len(fence), new))
            at_body_start = True
            # A directive's argument (an admonition's title) is text too.
            title = info[name.end():] if name else ""
            yield number, ("prose" if new == "prose" else "skip"), title
            continue
        if at_body_start and _OPTION.match(line):
            yield number, "skip", line
            continue
        at_body_start = False
        yield number, kind, line


def _doctest_output(body):
    """The expected-output lines of one {doctest} block's body."""
    out, state = [], None  # None, "statement" or "output"
    for number, line in body:
        stripped = line.strip()
        if stripped.startswith(">>>"):
            state = "statement"
        elif state == "statement" and (stripped.startswith("... ") or stripped == "..."):
            pass  # a continuation of the statement
        elif not stripped:
            state = None
        elif state is not None:
            state = "output"
            out.append((number, line))
    return out


def printed_numbers(text: str) -> list[Decimal]:
    """Every number printed by the doctests of a MyST page.

    >>> page = '''
    ... ```{doctest}
    ... >>> print(round(0.1 + 0.2, 4), [1.5e-3])
    ... 0.3 [0.0015]
    ... ```
    ... '''
    >>> [str(p) for p in printed_numbers(page)]
    ['0.3', '0.0015']
    """
    lines = text.splitlines()
    printed, current, body = [], None, []
    for number, kind, line in _blocks(lines):
        if kind in OUTPUT_DIRECTIVES:
            if current != kind:
                body = []
            current = kind
            body.append((number, line))
            continue
        if current is not None:
            printed.extend(_output_numbers(current, body))
            current, body = None, []
    if current is not None:
        printed.extend(_output_numbers(current, body))
    return printed


def _output_numbers(kind, body):
    lines = _doctest_output(body) if kind == "doctest" else body
    found = []
    for _, line in lines:
        for token in _PRINTED.findall(line):
            try:
                found.append(Decimal(token))
            except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                pass
    return found


def _prose_text(line: str) -> str:
    """A prose line with inline code, link targets and URLs blanked out.

    Blanking (rather than deleting) keeps a number from fusing with its
    neighbours; the content of the ``{math}`` role is kept, since it is math.
    """
    line = _MATH_ROLE.sub(lambda m: " " + m.group(2) + " ", line)
    line = _INLINE_CODE.sub(" ", line)
    line = _LINK_TARGET.sub("] ", line)
    line = _URL.sub(" ", line)
    return _DOTTED.sub(" ", line)


# LaTeX commands after which a minus is a sign: operators and relations.
_LATEX_OPERATORS = re.compile(
    r"\\(?:times|cdot|div|pm|mp|approx|equiv|neq|ne|leq?|geq?|quad|qquad|left|"
    r"to|gets|leftarrow|rightarrow|mapsto|in|odot|circ|ast|otimes)$"
)


def _subtracts(before: str) -> bool:
    """Whether a minus touching a number, after `before`, subtracts.

    A minus that touches both the number and a preceding digit, letter or
    closing bracket subtracts (``1-0.5``, ``(a)-0.5``); one with a space
    before it (``is -0.02``, ``= -0.02``) or after an operator command
    (``\\times-0.2``) is a sign. A minus with a space after it never
    reaches here: ``1 - 0.5`` subtracts a positive number.
    """
    return bool(re.search(r"[\w)\]}]$", before)) and not _LATEX_OPERATORS.search(before)


def stated_numbers(text: str) -> list[Stated]:
    """Every decimal number a page states in its prose and math.

    >>> [s.text for s in stated_numbers("h = -0.02, so $1 - 0.512 = 0.488$; 5 epochs")]
    ['-0.02', '0.512', '0.488']
    """
    stated = []
    for number, kind, line in _blocks(text.splitlines()):
        if kind != "prose" or line.lstrip().startswith("%"):
            continue
        prose = _prose_text(line)
        for m in _STATED.finditer(prose):
            mant, exp = m.group("mant"), m.group("exp") or m.group("texp")
            if "." not in mant and not exp:
                continue  # an integer
            value = Decimal(mant)
            if exp:
                value = value.scaleb(int(exp.replace("−", "-")))
            start = m.start()
            sign = _MINUS.search(prose[:start])
            if sign and not _subtracts(prose[:sign.start()]):
                value, start = -value, sign.start()
            shown = prose[start:m.end()]
            stated.append(Stated(number, shown, value, bool(m.group("pct"))))
    return stated


def exemptions(text: str) -> list[tuple[int, Decimal, str]]:
    """The numbers exempted by ``% numbers-exempt:`` lines, with their line numbers.

    >>> [(n, str(v)) for n, v, _ in exemptions("% numbers-exempt: 0.1 −0.25")]
    [(1, '0.1'), (1, '-0.25')]
    """
    found = []
    for number, kind, line in _blocks(text.splitlines()):
        stripped = line.strip()
        if kind != "prose" or not stripped.startswith("%"):
            continue
        body = stripped.lstrip("%").strip()
        if not body.startswith(EXEMPT_MARKER):
            continue
        for token in body[len(EXEMPT_MARKER):].split():
            try:
                found.append((number, Decimal(token.replace("−", "-")), token))
            except InvalidOperation:
                raise ValueError(
                    f"line {number}: {token!r} in a {EXEMPT_MARKER} line is not a number"
                ) from None
    return found


def supports(printed: Decimal, stated: Decimal) -> bool:
    """Whether `printed` equals `stated` or rounds to it at the place of its last digit.

    >>> supports(Decimal("0.0030455"), Decimal("0.003"))
    True
    >>> supports(Decimal("0.73105858"), Decimal("0.731058"))
    False
    """
    if printed == stated:
        return True
    place = Decimal((0, (1,), stated.as_tuple().exponent))
    # A printed number far larger than the stated one's last place (1e308
    # against 0.001) has more digits than the context keeps: it cannot round
    # to the stated number anyway.
    if printed.adjusted() - place.adjusted() >= getcontext().prec:
        return False
    return any(printed.quantize(place, rounding=r) == stated for r in (ROUND_HALF_UP, ROUND_HALF_EVEN))


def _candidates(s: Stated):
    yield s.value
    if s.percent:
        yield s.value.scaleb(-2)


def check_text(text: str, page: str = "<page>") -> list[Problem]:
    """Every problem of one page: unsupported numbers, then stale exemptions."""
    printed = printed_numbers(text)
    exempt = exemptions(text)
    exempt_values = {v for _, v, _ in exempt}
    problems, used = [], set()
    for s in stated_numbers(text):
        if s.significant < MIN_SIGNIFICANT:
            continue
        if s.value in exempt_values:
            used.add(s.value)
            continue
        if any(supports(p, c) for c in _candidates(s) for p in printed):
            continue
        problems.append(Problem(page, s.line, s.text, _complaint(s, printed)))
    for line, value, token in exempt:
        if significant_digits(value) >= MIN_SIGNIFICANT and value not in used:
            problems.append(Problem(
                page, line, token,
                "exempted, but the page never states it; remove the exemption",
            ))
    return problems


def _complaint(s: Stated, printed) -> str:
    message = "no doctest output on this page prints it or a number that rounds to it"
    same_sign = [p for p in printed if (p < 0) == (s.value < 0) and p != 0]
    if same_sign:
        nearest = min(same_sign, key=lambda p: abs(p - s.value))
        message += f" (nearest printed: {nearest})"
    return message + f"; print it, or exempt an input with '% {EXEMPT_MARKER} {s.text}'"


def check_page(path) -> list[Problem]:
    """Every problem of the page at `path`."""
    path = Path(path)
    return check_text(path.read_text(encoding="utf-8"), page=str(path))


if __name__ == "__main__":
    found = [p for arg in sys.argv[1:] for p in check_page(arg)]
    for p in found:
        print(p)
    sys.exit(1 if found else 0)
