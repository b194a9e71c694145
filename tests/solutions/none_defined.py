"""Defines none of the five functions."""


def relu(x):
    return max(x, 0)
