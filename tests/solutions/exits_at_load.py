"""Calls sys.exit at its top level, inside a block that loading runs."""

import sys

if sys.version_info >= (3,):
    sys.exit(3)
