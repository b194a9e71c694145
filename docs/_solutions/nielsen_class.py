"""A network in the layout of Nielsen's network.py: column vectors, biases, backprop."""

import numpy as np

def sigmoid(z):
    return 1 / (1 + np.exp(-z))

class Network:
    def __init__(self, sizes):
        self.sizes = sizes
        self.biases = [np.random.randn(n, 1) for n in sizes[1:]]
        self.weights = [np.random.randn(n, m) for m, n in zip(sizes[:-1], sizes[1:])]

    def feedforward(self, a):
        for b, w in zip(self.biases, self.weights):
            a = sigmoid(w @ a + b)
        return a

    def backprop(self, x, y):
        activations, zs = [x], []
        for b, w in zip(self.biases, self.weights):
            zs.append(w @ activations[-1] + b)
            activations.append(sigmoid(zs[-1]))
        delta = (activations[-1] - y) * sigmoid(zs[-1]) * (1 - sigmoid(zs[-1]))
        nabla_b, nabla_w = [None, delta], [None, delta @ activations[-2].T]
        s = sigmoid(zs[-2])
        delta = (self.weights[-1].T @ delta) * s * (1 - s)
        nabla_b[0], nabla_w[0] = delta, delta @ activations[0].T
        return nabla_b, nabla_w
