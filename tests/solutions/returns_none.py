"""gradient_step computes del_w but does not return it."""

import numpy as np

from right import *  # noqa: F403


def gradient_step(x, y, weights, learnrate):
    nn_output = sigmoid(np.dot(x, weights))
    del_w = learnrate * (y - nn_output) * nn_output * (1 - nn_output) * x  # noqa: F841
