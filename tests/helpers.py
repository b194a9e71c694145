"""Pieces several test files need: parameter lists, copies, equality of networks."""

import numpy as np

import mlp


def params(net):
    """Every parameter of `net`, weights first: :meth:`mlp.Network.parameters`."""
    return net.parameters()


def copy_of(net):
    """An independent copy of `net` (the constructor copies its arrays)."""
    return mlp.Network(net.weights, net.biases, net.activation,
                       net.output_activation, net.dtype)


def copies(arrays):
    """Copies of a list of arrays."""
    return [A.copy() for A in arrays]


def same_arrays(A, B):
    """True if the two lists hold arrays equal bit for bit, dtype and shape too."""
    return len(A) == len(B) and all(
        a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
        for a, b in zip(A, B)
    )


def same_network(net, other):
    """True if two networks have the same architecture and the same parameters, bit for bit."""
    return repr(net) == repr(other) and same_arrays(net.parameters(), other.parameters())
