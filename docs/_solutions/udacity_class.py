"""The network of Udacity's project: weights as (inputs, hidden), a linear output."""

import numpy as np

class NeuralNetwork:
    def __init__(self, input_nodes, hidden_nodes, output_nodes, learning_rate):
        self.weights_input_to_hidden = np.random.normal(0.0, input_nodes ** -0.5,
                                                        (input_nodes, hidden_nodes))
        self.weights_hidden_to_output = np.random.normal(0.0, hidden_nodes ** -0.5,
                                                         (hidden_nodes, output_nodes))
        self.lr = learning_rate
        self.activation_function = lambda x: 1 / (1 + np.exp(-x))

    def train(self, features, targets):
        step_ih = np.zeros(self.weights_input_to_hidden.shape)
        step_ho = np.zeros(self.weights_hidden_to_output.shape)
        for X, y in zip(features, targets):
            hidden = self.activation_function(X @ self.weights_input_to_hidden)
            final = hidden @ self.weights_hidden_to_output        # a linear output
            error = y - final
            output_term = error                                    # f'(h) = 1
            hidden_term = (self.weights_hidden_to_output @ output_term) * hidden * (1 - hidden)
            step_ih += hidden_term * X[:, None]
            step_ho += output_term * hidden[:, None]
        self.weights_input_to_hidden += self.lr * step_ih / len(features)
        self.weights_hidden_to_output += self.lr * step_ho / len(features)

    def run(self, features):
        hidden = self.activation_function(features @ self.weights_input_to_hidden)
        return hidden @ self.weights_hidden_to_output
