"""sigmoid_prime applied to the output a instead of h."""

import numpy as np

from right import *  # noqa: F403 (the other functions are right)


def backward_pass(x, target, weights_input_hidden, weights_hidden_output, learnrate):
    hidden_layer_output = sigmoid(np.dot(x, weights_input_hidden))
    output = sigmoid(np.dot(hidden_layer_output, weights_hidden_output))
    error = target - output
    output_error_term = error * sigmoid_prime(output)
    hidden_error_term = output_error_term * weights_hidden_output * hidden_layer_output * (1 - hidden_layer_output)
    delta_w_h_o = learnrate * output_error_term * hidden_layer_output
    delta_w_i_h = learnrate * hidden_error_term * x[:, None]
    return delta_w_i_h, delta_w_h_o
