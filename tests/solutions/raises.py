"""sigmoid_prime divides by zero."""


def sigmoid_prime(x):
    return 1 / 0
