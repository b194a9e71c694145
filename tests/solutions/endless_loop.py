"""forward_pass never returns; the other functions are right."""

from right import *  # noqa: F403


def forward_pass(x, weights_input_hidden, weights_hidden_output):
    while True:
        pass
