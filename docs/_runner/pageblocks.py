"""The Python half of the pages' Run buttons: runs one doctest block in the
page's namespace, in whatever Python the browser has, and says how its output
compares with the page.

The JavaScript side (docs/_static/runner.js) calls ``block(page, text, flags)``
through the runtime (docs/_runner/src/) and reads the one line of
JSON it prints. A block is run as Sphinx's doctest runs it: the standard
library's doctest, conf.py's default flags, the block's ``:options:`` and then
each example's own ``# doctest:`` flags, and one namespace per page.
"""

import ast
import doctest
import json
import re
import sys
import traceback

#: conf.py's doctest_default_flags.
DEFAULT_FLAGS = doctest.ELLIPSIS | doctest.DONT_ACCEPT_TRUE_FOR_1
#: One namespace per page, as Sphinx's doctest gives each page one group.
_pages = {}


class _Recorder(doctest.DocTestRunner):
    """A doctest runner that keeps, for each example, what it printed."""

    def __init__(self, optionflags):
        super().__init__(optionflags=optionflags)
        self.results = []
        self.needs = None

    def report_start(self, out, test, example):
        pass

    def report_success(self, out, test, example, got):
        self.results.append((example, True, _shown(got)))

    def report_failure(self, out, test, example, got):
        self.results.append((example, False, _shown(got)))

    def report_unexpected_exception(self, out, test, example, exc_info):
        self.results.append((example, False, _traceback(exc_info[1])))
        self.needs = self.needs or _needs(exc_info[1])


def _needs(exc):
    """What the browser lacks, if that is why `exc` was raised: matplotlib
    (beyond its stand-in's line plots), or a second process, which WASI
    cannot start."""
    if isinstance(exc, ModuleNotFoundError) and (exc.name or "").split(".")[0] == "matplotlib":
        return "matplotlib"  # absent, or beyond what its stand-in (docs/_runner/standin) draws
    if any(frame.filename.endswith("subprocess.py") for frame in traceback.extract_tb(exc.__traceback__)):
        return "a second process"
    return None


def _traceback(exc):
    """An exception as a doctest shows it: the header, an ellipsis, the message
    (a SyntaxError's place named by the example, not by doctest's file name)."""
    message = "".join(traceback.format_exception_only(type(exc), exc))
    message = re.sub(r'"<doctest [^"]*\[(\d+)\]>"', lambda m: f'"example {int(m[1]) + 1}"', message)
    return "Traceback (most recent call last):\n  ...\n" + message


def _shown(got):
    """What an example printed, with a raised exception cut to doctest's form."""
    marker = "Traceback (most recent call last):\n"
    if marker in got:
        head, _, rest = got.partition(marker)
        last = [line for line in rest.splitlines() if line and not line.startswith(" ")]
        return head + marker + "  ...\n" + "\n".join(last[-1:]) + "\n"
    return got


def _examples(text):
    """The examples of a block; text without prompts (a reader may type
    plain Python) gives one example a statement, as if typed at the prompt."""
    examples = doctest.DocTestParser().get_examples(text)
    if examples or not text.strip():
        return examples
    try:
        statements = ast.parse(text).body
    except SyntaxError:
        return [doctest.Example(text, "")]  # compiled, it shows the error
    lines = text.splitlines(keepends=True)
    starts = [min([s.lineno] + [d.lineno for d in getattr(s, "decorator_list", [])]) for s in statements]
    return [doctest.Example("".join(lines[start - 1:s.end_lineno]), "")
            for start, s in zip(starts, statements)]


def _lines(want, got, ok):
    """Lines of the expected output, and how many of them the run printed."""
    expected = want.splitlines()
    if ok:
        return len(expected), len(expected)
    printed = got.splitlines()
    return len(expected), sum(a == b for a, b in zip(expected, printed))


def _figures(needs):
    """The SVG of what the block drew, where pyplot is the browser's stand-in;
    nothing from a block that needed more than the stand-in draws (its
    figures are the half-made ones of what failed)."""
    plt = sys.modules.get("matplotlib.pyplot")
    if not hasattr(plt, "for_the_page"):
        return []
    drawn = plt.for_the_page()
    return [] if needs else drawn


def forget(page):
    """Start the page's namespace again (the page's Reset after an edit)."""
    _pages.pop(page, None)


def block(page, text, flags=()):
    """Run one block of `page` and print its outcome as one line of JSON.

    `flags` are the block's options, "+NAME" or "-NAME". What the page
    makes of the outcome (compared for a block as printed, only shown for
    one the reader edited) is up to the page.
    """
    namespace = _pages.setdefault(page, {"__name__": "__main__"})
    options = {}
    for flag in flags:
        options[doctest.OPTIONFLAGS_BY_NAME[flag[1:]]] = flag[0] == "+"
    examples = _examples(text)
    for example in examples:
        example.options = {**options, **example.options}
    test = doctest.DocTest(examples, {}, page, None, 0, text)
    test.globs = namespace  # DocTest copies the dictionary it is given
    runner = _Recorder(DEFAULT_FLAGS)
    runner.run(test, out=lambda s: None, clear_globs=False)
    shown, matched, total = [], 0, 0
    for example, ok, got in runner.results:
        of, same = _lines(example.want, got, ok)
        total, matched = total + of, matched + same
        shown.append({"source": example.source, "want": example.want, "got": got, "ok": ok})
    print(json.dumps({
        "examples": shown,
        "ok": all(r[1] for r in runner.results),
        "matched": matched,
        "lines": total,
        "needs": runner.needs,
        "figures": _figures(runner.needs),
    }))
