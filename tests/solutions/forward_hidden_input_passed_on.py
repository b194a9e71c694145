"""The hidden layer's input passed on to the output."""

import numpy as np

from right import *  # noqa: F403 (the other functions are right)


def forward_pass(x, weights_input_hidden, weights_hidden_output):
    hidden_layer_input = np.dot(x, weights_input_hidden)
    hidden_layer_output = sigmoid(hidden_layer_input)
    output = sigmoid(np.dot(hidden_layer_input, weights_hidden_output))
    return hidden_layer_output, output
