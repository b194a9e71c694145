"""The report: verdicts and the file's report as a learner reads them."""

import os
import textwrap
from dataclasses import dataclass, field

from .cases import FUNCTIONS, NETWORK
from .judge import ATOL, RTOL


def _indented(label, text):
    """`text` after a label, continuation lines aligned under its first."""
    lead = f"    {label:<10}"
    return "\n".join((lead if i == 0 else " " * len(lead)) + line
                     for i, line in enumerate(text.splitlines()))


def _wrapped(lead, text):
    """`text` wrapped to 78 columns, never inside a `code` span."""
    spans = text.split("`")
    glued = "`".join(part.replace(" ", "\xa0") if i % 2 else part
                     for i, part in enumerate(spans))
    lines = textwrap.wrap(glued, 78, initial_indent=lead, subsequent_indent="      ",
                          break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines).replace("\xa0", " ")


def format_verdict(v):
    """One verdict as the report prints it."""
    head = f"{v.name:<15}"
    form = f"; {v.form}" if v.form else ""
    if v.right:
        line = f"{head}right ({v.cases} cases{form})"
        return line if v.kind != "convention" else line + "\n" + _wrapped("    convention: ", v.cause)
    lines = [f"{head}wrong: {v.problem}" + (f" ({v.form})" if v.form else "")]
    if v.case:
        lines.append(_indented("case", v.case))
    if v.inputs:
        lines.append(_indented("inputs", "\n".join(f"{k} = {x}" for k, x in v.inputs.items())))
    if v.expected:
        lines += [_indented("expected", v.expected), _indented("received", v.received)]
    if v.cause:
        lines.append(_wrapped("    likely cause: ", v.cause))
    return "\n".join(lines)


@dataclass
class Report:
    """What checking a learner's file found.

    Attributes
    ----------
    path : str
        The file.
    verdicts : list of Verdict
        One per function of :data:`FUNCTIONS` that the file defines, or
        whose quiz script it holds, in that order.
    error : str
        Why the file could not be checked at all, in one line; ``""`` if it was.
    notes : list of str
        What was found but not run or not checked: a missing module or data
        file, training at the top level, a loop that was not run.
    """

    path: str
    verdicts: list = field(default_factory=list)
    error: str = ""
    notes: list = field(default_factory=list)

    @property
    def status(self):
        """The exit status: 0 when everything checked is right and that includes
        the network's step or a pass; 1 when something is wrong; 2 when
        nothing could be checked, or only the activation functions."""
        if self.error or not self.verdicts:
            return 2
        if not all(v.right for v in self.verdicts):
            return 1
        return 0 if self.network_checked else 2

    @property
    def network_checked(self):
        """Whether a step or a pass of the network (not only a sigmoid) was checked."""
        return any(v.name in NETWORK for v in self.verdicts)

    @property
    def wrong(self):
        """The names of the wrong functions."""
        return [v.name for v in self.verdicts if not v.right]

    def __str__(self):
        if self.error:
            return f"error: {self.error}"
        lines = [f"Checking {os.path.basename(self.path)} against mlp's values "
                 f"(relative tolerance {RTOL:g}, absolute {ATOL:g})"]
        lines += [str(v) for v in self.verdicts]
        lines += [_wrapped("Not run: ", note) for note in self.notes]
        missing = [name for name in FUNCTIONS if name not in {v.name for v in self.verdicts}]
        if missing:
            lines.append("Not in the file: " + ", ".join(missing) + ".")
        n = len(self.verdicts)
        if self.wrong:
            lines.append(f"Wrong: {', '.join(self.wrong)} ({len(self.wrong)} of {n}).")
        elif not self.network_checked:
            lines.append(_wrapped("", f"{'All ' + str(n) if n > 1 else 'The'} checked "
                                  f"function{'s are' if n > 1 else ' is'} right, but the "
                                  "file's network was not checked: no gradient_step, "
                                  "forward_pass or backward_pass, nor a quiz script that "
                                  "computes del_w, hidden_layer_out or delta_w_h_o."))
        else:
            what = "checked are" if any(v.form for v in self.verdicts) else "functions are"
            lines.append(f"All {n} {what} right." if n > 1 else
                         f"The {'one checked' if what[0] == 'c' else 'function'} is right.")
        return "\n".join(lines)
