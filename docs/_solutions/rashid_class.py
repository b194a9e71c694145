"""Rashid's network as his book lays it out: weights by rows, no biases."""

import numpy as np

class neuralNetwork:
    def __init__(self, inputnodes, hiddennodes, outputnodes, learningrate):
        self.wih = np.random.normal(0.0, inputnodes ** -0.5, (hiddennodes, inputnodes))
        self.who = np.random.normal(0.0, hiddennodes ** -0.5, (outputnodes, hiddennodes))
        self.lr = learningrate

    def activation(self, h):
        return 1 / (1 + np.exp(-h))

    def train(self, inputs_list, targets_list):
        inputs = np.array(inputs_list, ndmin=2).T
        targets = np.array(targets_list, ndmin=2).T
        hidden = self.activation(self.wih @ inputs)
        outputs = self.activation(self.who @ hidden)
        output_errors = targets - outputs
        hidden_errors = self.who.T @ output_errors
        self.who += self.lr * (output_errors * outputs * (1 - outputs)) @ hidden.T
        self.wih += self.lr * (hidden_errors * hidden * (1 - hidden)) @ inputs.T

    def query(self, inputs_list):
        inputs = np.array(inputs_list, ndmin=2).T
        return self.activation(self.who @ self.activation(self.wih @ inputs))
