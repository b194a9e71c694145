"""Print numbers in pytest's doctests exactly as the Sphinx doctests do."""

import numpy as np
import pytest

from conf import PRINT_OPTIONS


@pytest.fixture(autouse=True)
def _print_options():
    with np.printoptions(**PRINT_OPTIONS):
        yield

# The learners' solution files are data for tests/test_check.py, not tests:
# one has a syntax error, one loops forever at import.
collect_ignore_glob = ["tests/solutions/*.py", "docs/_solutions/*.py"]
