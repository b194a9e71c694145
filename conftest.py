"""Print numbers in pytest's doctests exactly as the Sphinx doctests do."""

import numpy as np
import pytest

from conf import PRINT_OPTIONS


@pytest.fixture(autouse=True)
def _print_options():
    with np.printoptions(**PRINT_OPTIONS):
        yield
