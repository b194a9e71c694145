"""The sign in the exponent flipped."""

import numpy as np

from right import *  # noqa: F403 (the other functions are right)


def sigmoid(x):
    return 1 / (1 + np.exp(x))
