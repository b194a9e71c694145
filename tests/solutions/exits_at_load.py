"""Calls sys.exit at its top level."""

import sys

sys.exit(3)
