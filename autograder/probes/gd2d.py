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


def gd_keeps_start(namespace, gradient, beta0, step_size, steps):
    """Whether gradient_descent leaves its start beta0 (a float64 array) as it was."""
    start = np.array(beta0, dtype=np.float64)
    gd_path(namespace, gradient, start, step_size, steps)
    return bool(np.array_equal(start, beta0, equal_nan=True))


FUNCTIONS = {  # scalar functions of an array, for numerical_gradient
    "loss_2d": lambda b: (b[0] - 2) ** 2 + (b[1] - 1) ** 4 - (b[1] - 1) ** 2,
    "cubic": lambda b: float(np.sum(b ** 3)),
    "mixed_3d": lambda b: float(np.sin(b[0]) * b[1] + np.exp(0.5 * b[2]) * b[0]),
}


def numerical_gradient_of(namespace, function, x, **kwargs):
    """numerical_gradient applied to one of FUNCTIONS."""
    return namespace["numerical_gradient"](FUNCTIONS[function], x, **kwargs)


def numerical_gradient_keeps_x(namespace, function, x):
    """Whether numerical_gradient leaves x (a float64 array) as it was."""
    start = np.array(x, dtype=np.float64)
    numerical_gradient_of(namespace, function, start)
    return bool(np.array_equal(start, x))
