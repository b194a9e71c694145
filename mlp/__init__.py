"""mlp: a multilayer perceptron that proves every number it teaches.

The modules follow the story of the docs: activations, one unit, the
network, the numerical gradient that checks it, and :mod:`mlp.check`,
which checks a learner's own code.
"""

from .activations import (
    ACTIVATIONS,
    Activation,
    identity,
    identity_prime,
    identity_prime_from_output,
    relu,
    relu_prime,
    relu_prime_from_output,
    sigmoid,
    sigmoid_prime,
    sigmoid_prime_from_output,
    softmax,
    softmax_jacobian,
    softmax_jacobian_from_output,
    tanh,
    tanh_prime,
    tanh_prime_from_output,
)
from . import core, train
from .gradcheck import numerical_gradient
from .network import LOSSES, Forward, Gradients, Network
from .unit import UnitStep, unit_step
from . import check

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "Activation",
    "Forward",
    "Gradients",
    "Network",
    "UnitStep",
    "identity",
    "identity_prime",
    "identity_prime_from_output",
    "numerical_gradient",
    "relu",
    "relu_prime",
    "relu_prime_from_output",
    "sigmoid",
    "sigmoid_prime",
    "sigmoid_prime_from_output",
    "softmax",
    "softmax_jacobian",
    "softmax_jacobian_from_output",
    "tanh",
    "tanh_prime",
    "tanh_prime_from_output",
    "unit_step",
]
