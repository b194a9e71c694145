"""The error term returned instead of the change."""

import numpy as np

from right import *  # noqa: F403 (the other functions are right)


def gradient_step(x, y, weights, learnrate):
    h = np.dot(x, weights)
    nn_output = sigmoid(h)
    error = y - nn_output
    error_term = error * sigmoid_prime(h)
    return error_term
