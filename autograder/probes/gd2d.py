"""Probes of gd2d."""
import numpy as np


GRADIENTS = {
    "loss_2d": lambda b: np.array([2 * (b[0] - 2), 4 * (b[1] - 1) ** 3 - 2 * (b[1] - 1)]),
    "quadratic_3d": lambda b: np.array([1.0, 4.0, 9.0]) * b,
    "quadratic_1d": lambda b: 2.0 * b,
}


def gd_path(namespace, gradient, beta0, step_size, steps):
    """gradient_descent run with one of GRADIENTS."""
    with np.errstate(all="ignore"):
        return namespace["gradient_descent"](GRADIENTS[gradient], beta0, step_size, steps)
