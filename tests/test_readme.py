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
