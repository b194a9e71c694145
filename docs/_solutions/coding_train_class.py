"""A Python port of the Coding Train's toy network, in its order."""

import numpy as np

class NeuralNetwork:
    def __init__(self, input_nodes, hidden_nodes, output_nodes):
        self.weights_ih = np.random.uniform(-1, 1, (hidden_nodes, input_nodes))
        self.weights_ho = np.random.uniform(-1, 1, (output_nodes, hidden_nodes))
        self.bias_h = np.random.uniform(-1, 1, (hidden_nodes, 1))
        self.bias_o = np.random.uniform(-1, 1, (output_nodes, 1))
        self.learning_rate = 0.1

    def predict(self, input_array):
        inputs = np.array(input_array, ndmin=2).T
        hidden = 1 / (1 + np.exp(-(self.weights_ih @ inputs + self.bias_h)))
        return 1 / (1 + np.exp(-(self.weights_ho @ hidden + self.bias_o)))

    def train(self, input_array, target_array):
        inputs = np.array(input_array, ndmin=2).T
        hidden = 1 / (1 + np.exp(-(self.weights_ih @ inputs + self.bias_h)))
        outputs = 1 / (1 + np.exp(-(self.weights_ho @ hidden + self.bias_o)))
        targets = np.array(target_array, ndmin=2).T
        output_errors = targets - outputs
        gradients = outputs * (1 - outputs) * output_errors * self.learning_rate
        self.weights_ho += gradients @ hidden.T
        self.bias_o += gradients
        hidden_errors = self.weights_ho.T @ output_errors     # the changed weights
        hidden_gradient = hidden * (1 - hidden) * hidden_errors * self.learning_rate
        self.weights_ih += hidden_gradient @ inputs.T
        self.bias_h += hidden_gradient
