"""The gradient-descent quiz as a learner writes it: at the top level, no functions."""

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


learnrate = 0.5
x = np.array([1, 2, 3, 4])
y = np.array(0.5)
w = np.array([0.5, -0.5, 0.3, 0.1])

h = np.dot(x, w)
nn_output = sigmoid(h)
error = y - nn_output
error_term = error
del_w = learnrate * error_term * x

print("Change in weights:", del_w)
