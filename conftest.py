"""Print numbers in pytest's doctests as the pages print them.

The pages and the docstrings print with NumPy's default print options; a
test that changed them must not change what a later docstring prints.
"""

import numpy as np
import pytest

PRINT_OPTIONS = {"precision": 8, "floatmode": "maxprec", "suppress": False, "legacy": False}


@pytest.fixture(autouse=True)
def _print_options():
    with np.printoptions(**PRINT_OPTIONS):
        yield

# The learners' solution files are data for tests/test_check.py, not tests:
# one has a syntax error, one loops forever at import.
collect_ignore_glob = ["tests/solutions/*.py", "docs/_solutions/*.py"]
