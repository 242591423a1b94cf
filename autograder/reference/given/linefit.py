"""Given code of the linefit assignment: the setup cells of its release notebook, in order.

Written by `python -m autograder build`; do not edit.
"""

import copy
import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm
import torch
import torch.nn.functional as F
from torch import nn

torch.set_num_threads(1)  # a model this small runs faster on one thread


def make_line_data(n=100, noise=0.1, seed=0):
    """Noisy points on a random line y = m·x + b.

    m and b are standard normal draws, x is evenly spaced on [-10, 10] and the noise
    is Gaussian with standard deviation `noise`. Returns (x, y, m, b): x and y float64
    arrays of shape (n,), m and b Python floats.
    """
    rng = np.random.RandomState(seed)
    m, b = rng.standard_normal(2)
    x = np.linspace(-10.0, 10.0, n)
    y = m * x + b + rng.normal(0.0, noise, n)
    return x, y, float(m), float(b)


class Line(nn.Module):
    """The line y = m·x + b as one linear unit: `layer.weight` holds m, `layer.bias` holds b."""

    def __init__(self):
        super().__init__()
        self.layer = nn.Linear(1, 1)

    def forward(self, x):
        return self.layer(x)


def as_column(values):
    """N numbers as a float32 tensor of shape (N, 1), the layout `Line` takes."""
    return torch.as_tensor(np.asarray(values), dtype=torch.float32).reshape(-1, 1)


def plot_fit(ax, x, y, model, title):
    """Draw the data points and the model's predictions on the matplotlib axes `ax`."""
    with torch.no_grad():
        predictions = model(as_column(x)).numpy().ravel()
    ax.scatter(x, y, s=8, color="tab:blue", label="data")
    ax.plot(x, predictions, color="tab:orange", linewidth=2, label="model")
    ax.set(title=title, xlabel="x", ylabel="y", ylim=(-20, 20))


def line_at(m, b):
    """A `Line` whose slope and intercept are set to m and b."""
    line = Line()
    with torch.no_grad():
        line.layer.weight.fill_(m)
        line.layer.bias.fill_(b)
    return line
