"""Reference of the init assignment: gradient scales and initialisation.

Given to students: the MLP task with its deliberately bad initialisation, two plot
helpers, and the deep narrow linear network y_hat = (w_1·…·w_D)·x with its loss,
a small trainer and its learning time. Graded: `layer_stats`, `good_init_`, `isometric_init`, and
the predictions `predict_bad_init_learners` and `predict_deeper_rate`.
The given code is the same as in the notebook's setup cells.
"""
import numpy as np
import torch
from matplotlib import pyplot as plt
from torch import nn
from torch.nn.functional import cross_entropy

from autograder.reference.mlp_task import bad_init_, classify_target, make_mlp, run_training, sample_batch

__all__ = [
    "classify_target", "make_mlp", "bad_init_", "sample_batch", "run_training",
    "plot_grad_hist", "plot_prediction",
    "deep_narrow_data", "deep_narrow_loss", "train_deep_narrow", "learning_time",
    "layer_stats", "good_init_", "isometric_init",
    "predict_bad_init_learners", "predict_deeper_rate",
]


# --- given code ---------------------------------------------------------------

def plot_grad_hist(mlp, ax=None):
    """Histogram of |gradient| for each nn.Linear of `mlp` (weight and bias), on log-spaced bins.

    Exact zeros are drawn at 1e-12, so a layer that gets no gradient shows as a spike there.
    """
    ax = ax if ax is not None else plt.gca()
    magnitudes = {}
    for name, module in mlp.named_modules():
        grads = [p.grad.detach().abs().flatten() for p in module.parameters() if p.grad is not None]
        if isinstance(module, nn.Linear) and grads:
            magnitudes[name] = torch.cat(grads).clamp(min=1e-12).double().numpy()
    largest = max([m.max() for m in magnitudes.values()], default=1.0)
    bins = np.logspace(-12.5, np.log10(max(largest, 1.0)) + 0.5, 60)
    for name, values in magnitudes.items():
        ax.hist(values, bins=bins, histtype="step", linewidth=1.5, label=name)
    ax.set_xscale("log")
    ax.set_xlabel("|gradient| (exact zeros at 1e-12)")
    ax.set_ylabel("number of entries")
    ax.legend()
    return ax


def plot_prediction(mlp, axes=None):
    """Two panels on [-2, 2]²: the target classes and the network's probability of class 1."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8, 3.5))
    coords = torch.linspace(-2, 2, 100)
    y, x = torch.meshgrid(coords.flip(0), coords, indexing="ij")
    with torch.no_grad():
        points = torch.stack([x.flatten(), y.flatten()], dim=1)
        probability = mlp(points).softmax(dim=1)[:, 1].reshape(100, 100).numpy()
    for ax, image, title in zip(axes, [classify_target(x, y).float().numpy(), probability],
                                ["target", "network: P(class 1)"]):
        ax.imshow(image, cmap="hot", vmin=0, vmax=1, extent=[-2, 2, -2, 2])
        ax.set_title(title)
    return axes


def deep_narrow_data(n=100, slope=2.0, seed=0):
    """Points on the line y = slope·x with x uniform on [-1, 1]; returns float64 arrays (x, y) of shape (n,)."""
    x = np.random.default_rng(seed).uniform(-1.0, 1.0, n)
    return x, slope * x


def deep_narrow_loss(ws, x, y):
    """Mean squared error of the deep narrow linear network y_hat = (w_1·…·w_D)·x, as a float."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return float(np.mean((y - np.prod(np.asarray(ws, dtype=np.float64)) * x) ** 2))


def train_deep_narrow(ws, x, y, lr, steps):
    """Plain gradient descent on every layer weight of the deep narrow linear network.

    Works in float64 with autograd and leaves `ws` unchanged. Returns (losses,
    products): float64 arrays of shape (steps + 1,) holding the loss and the product
    w_1·…·w_D before each step and after the last. A run that blows up keeps going
    and records inf or nan.
    """
    weights = torch.tensor(np.asarray(ws, dtype=np.float64)).requires_grad_(True)
    inputs = torch.as_tensor(np.asarray(x, dtype=np.float64))
    targets = torch.as_tensor(np.asarray(y, dtype=np.float64))

    def forward():
        product = torch.prod(weights)
        return torch.mean((targets - product * inputs) ** 2), product

    losses, products = np.empty(steps + 1), np.empty(steps + 1)
    for step in range(steps):
        loss, product = forward()
        losses[step], products[step] = loss.item(), product.item()
        weights.grad = None
        loss.backward()
        with torch.no_grad():
            weights -= lr * weights.grad
    loss, product = forward()
    losses[steps], products[steps] = loss.item(), product.item()
    return losses, products


def learning_time(losses, threshold=1e-2):
    """The first step from which the loss stays below `threshold`, or None if it never settles there."""
    above = np.flatnonzero(~(losses < threshold))
    if len(above) == 0:
        return 0
    return None if above[-1] == len(losses) - 1 else int(above[-1] + 1)


# --- exercises ----------------------------------------------------------------

def layer_stats(mlp, x, target):
    """Scale of the activations and weight gradients of every nn.Linear of `mlp`.

    Zeroes the gradients, then runs one forward and backward pass of the cross entropy
    of mlp(x) against `target`. Returns one dict per nn.Linear, in the order of
    `mlp.named_modules()`: {"name": its name there, "act_std": std of its output
    (before any activation), "grad_std": std of its weight's gradient}, as Python
    floats with torch's default (unbiased) std.
    """
    linears = [(name, module) for name, module in mlp.named_modules() if isinstance(module, nn.Linear)]
    outputs = {}
    hooks = [module.register_forward_hook(lambda _module, _inputs, output, name=name:
                                          outputs.__setitem__(name, output.detach()))
             for name, module in linears]
    try:
        mlp.zero_grad()
        cross_entropy(mlp(x), target).backward()
    finally:
        for hook in hooks:
            hook.remove()
    return [{"name": name, "act_std": outputs[name].std().item(), "grad_std": module.weight.grad.std().item()}
            for name, module in linears]


def good_init_(mlp):
    """He (Kaiming) normal weights for ReLU layers and zero biases, in place, for every nn.Linear of `mlp`."""
    for module in mlp.modules():
        if isinstance(module, nn.Linear):
            nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
            if module.bias is not None:
                nn.init.zeros_(module.bias)


def isometric_init(depth, sigma=0.01, seed=0):
    """Weights 1 + sigma·(standard normal noise) for a deep narrow network of `depth` layers, float64 (depth,)."""
    return 1.0 + sigma * np.random.default_rng(seed).standard_normal(depth)


# --- predictions ---------------------------------------------------------------


def predict_bad_init_learners():
    """The names of the Linear layers of the bad ramp whose weight gradient is not exactly zero."""
    return ["layer3.0"]


def predict_deeper_rate():
    """How the fastest learning rate at depth 60 compares with depth 10: "smaller", "same" or "larger"."""
    return "smaller"
