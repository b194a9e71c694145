"""``python -m mlp``: see :mod:`mlp.cli`."""

import sys

from .cli import main

sys.exit(main())
