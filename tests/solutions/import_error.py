"""Imports a module that does not exist."""

import numpy as np  # noqa: F401
import no_such_module_for_mlp  # noqa: F401
