"""a(1 - a) applied to the input x."""


def sigmoid_prime(x):
    return x * (1 - x)
