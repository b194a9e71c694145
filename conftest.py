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
