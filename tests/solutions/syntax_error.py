"""A syntax error on line 5."""


def sigmoid(x):
    return 1 / (1 + np.exp(-x)
