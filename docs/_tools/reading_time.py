"""Estimate how long a learner needs to read each page of the path.

Not part of ``make test``: a reading time is a model, not a fact. Usage::

    python docs/_tools/reading_time.py              # the pages of the path, now
    python docs/_tools/reading_time.py --rev REV    # the same pages at a commit

The model, for a learner who reads the derivations rather than skims them:
prose at 150 words a minute (technical text, a little under the 200-250 of
ordinary reading), 15 seconds for each display equation, 6 seconds for each
line of code a learner reads (``>>>`` and ``...`` lines, and the lines of a
code block without prompts), 2 seconds for each line of printed output.
Figures, exercises redone by hand and the time to run anything are not
counted. The text up to a page's "Exercises" heading is the lesson; the
exercises and their folded answers are reported apart.
"""

import argparse
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PATH_PAGES = ["unit", "mse", "forward", "xor-by-hand", "backprop", "check", "columns",
              "init", "vanishing", "batching", "admissions", "digits", "xor-training", "next"]
WORDS_PER_MINUTE, EQUATION_S, CODE_S, OUTPUT_S = 150, 15, 6, 2

# Directives whose body is code, output or an equation; any other is a container.
BLOCKS = ("{doctest}", "{testcode}", "{code-block}", "{math}", "{literalinclude}",
          "{testoutput}", None)
FENCE = re.compile(r"^(`{3,}|:{3,})\s*(\{[\w-]+\})?")
INLINE_MATH = re.compile(r"\$[^$\n]+\$")
MARKUP = re.compile(r"\{[\w-]+\}`[^`]*`|`[^`]*`|\[([^\]]*)\]\([^)]*\)|<[^>]+>")


def seconds(text):
    """Reading seconds of a page's MyST source, by the model above."""
    words = equations = code = output = 0
    in_code = in_math = False
    fence = directive = None
    containers = []  # the fences of open directives whose body is prose (dropdowns, notes)
    for line in text.splitlines():
        stripped = line.strip()
        opened = FENCE.match(stripped)
        if fence is not None:
            if stripped == fence:
                fence, in_code, in_math = None, False, False
            elif in_code and stripped:
                prompted = stripped.startswith((">>>", "..."))
                if prompted or directive in ("{testcode}", "{code-block}", None):
                    code += 1
                elif not stripped.startswith(":"):
                    output += 1
            continue
        if opened and opened.group(2) is None and containers and stripped == containers[-1]:
            containers.pop()  # the end of a container, not the start of a code block
            continue
        if opened and opened.group(2) not in BLOCKS:
            containers.append(opened.group(1))
            continue
        if opened:
            fence = opened.group(1)
            directive = opened.group(2)
            in_math = directive == "{math}"
            in_code = not in_math and directive != "{literalinclude}"
            equations += in_math
            continue
        if stripped.startswith("$$"):
            equations += not in_math  # once per display: at its opening $$
            in_math = not in_math if stripped.count("$$") == 1 else in_math
            continue
        if in_math or stripped.startswith(("%", ":", "```")):
            continue
        prose = MARKUP.sub(lambda m: m.group(1) or "x", INLINE_MATH.sub("x", line))
        words += len(prose.split())
    return 60 * words / WORDS_PER_MINUTE + EQUATION_S * equations + CODE_S * code + OUTPUT_S * output


def split(text):
    """The lesson and its exercises: the source before and after "## Exercises"."""
    lesson, _, exercises = text.partition("\n## Exercises")
    return lesson, exercises


def source(page, rev):
    path = f"docs/{page}.md"
    if rev is None:
        return (ROOT / path).read_text(encoding="utf-8")
    return subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="a commit to measure instead of the working tree")
    args = parser.parse_args()
    print(f"{'page':14} {'lesson':>8} {'exercises':>10}   (minutes)")
    total = 0.0
    for page in PATH_PAGES:
        try:
            text = source(page, args.rev)
        except subprocess.CalledProcessError:
            print(f"{page:14} {'-':>8} {'-':>10}   (not at {args.rev})")
            continue
        lesson, exercises = (seconds(part) / 60 for part in split(text))
        total += lesson
        print(f"{page:14} {lesson:8.0f} {exercises:10.0f}")
    print(f"{'all lessons':14} {total:8.0f}")


if __name__ == "__main__":
    main()
