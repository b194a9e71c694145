"""Right values, but the caller's weights are changed in place."""

import numpy as np

from right import *  # noqa: F403


def gradient_step(x, y, weights, learnrate):
    nn_output = sigmoid(np.dot(x, weights))
    del_w = learnrate * (y - nn_output) * nn_output * (1 - nn_output) * x
    weights += del_w
    return del_w
