"""sigmoid ends the Python process itself."""

import os

from right import *  # noqa: F403


def sigmoid(x):
    os._exit(7)
