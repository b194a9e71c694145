"""math.exp, which takes one number, not an array."""

import math


def sigmoid(x):
    return 1 / (1 + math.exp(-x))
