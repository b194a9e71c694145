"""The five exercises of the lessons, each right."""

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_prime(x):
    return sigmoid(x) * (1 - sigmoid(x))


def gradient_step(x, y, weights, learnrate):
    h = np.dot(x, weights)
    nn_output = sigmoid(h)
    error_term = (y - nn_output) * sigmoid_prime(h)
    return learnrate * error_term * x


def forward_pass(x, weights_input_hidden, weights_hidden_output):
    hidden_layer_output = sigmoid(np.dot(x, weights_input_hidden))
    output = sigmoid(np.dot(hidden_layer_output, weights_hidden_output))
    return hidden_layer_output, output


def backward_pass(x, target, weights_input_hidden, weights_hidden_output, learnrate):
    hidden_layer_output, output = forward_pass(
        x, weights_input_hidden, weights_hidden_output)
    output_error_term = (target - output) * output * (1 - output)
    hidden_error_term = (output_error_term * weights_hidden_output
                         * hidden_layer_output * (1 - hidden_layer_output))
    delta_w_h_o = learnrate * output_error_term * hidden_layer_output
    delta_w_i_h = learnrate * hidden_error_term * x[:, None]
    return delta_w_i_h, delta_w_h_o
