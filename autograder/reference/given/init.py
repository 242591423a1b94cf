"""Given code of the init assignment: the setup cells of its release notebook, in order.

Written by `python -m autograder build`; do not edit.
"""

from collections import OrderedDict

import numpy as np
import torch

torch.set_num_threads(1)

from matplotlib import pyplot as plt
from torch import nn
from torch.nn.functional import cross_entropy


def classify_target(x, y):
    """Class 1 above the curve y = sin(3x), class 0 below."""
    return (y > torch.sin(3 * x)).long()

def make_mlp():
    """The three-layer MLP; its Linear layers are named layer1.0, layer2.0, layer3.0."""
    return nn.Sequential(OrderedDict([
        ("layer1", nn.Sequential(nn.Linear(2, 20), nn.ReLU())),
        ("layer2", nn.Sequential(nn.Linear(20, 20), nn.ReLU())),
        ("layer3", nn.Sequential(nn.Linear(20, 2))),
    ]))

def bad_init_(mlp):
    """The deliberately bad initialisation: parameter i becomes a ramp from 0 to (i mod 3) - 1."""
    with torch.no_grad():
        for i, p in enumerate(mlp.parameters()):
            p.copy_(torch.linspace(0, i % 3 - 1, p.numel()).reshape(p.shape))

def sample_batch(batch_size, generator=None):
    """Fresh standard-normal inputs of shape (batch_size, 2) and their labels."""
    inputs = torch.randn(batch_size, 2, generator=generator)
    return inputs, classify_target(inputs[:, 0], inputs[:, 1])

def run_training(optimizer_cls, lr, steps=300, batch_size=1000, seed=0, init=None):
    """Train a fresh MLP; return (loss per step as floats, accuracy on a held-out batch).

    `init`, if given, is applied to the new MLP in place before training.
    """
    torch.manual_seed(seed)
    mlp = make_mlp()
    if init is not None:
        init(mlp)
    generator = torch.Generator().manual_seed(seed)
    optimizer = optimizer_cls(list(mlp.parameters()), lr=lr)
    losses = []
    for _ in range(steps):
        inputs, targets = sample_batch(batch_size, generator)
        loss = cross_entropy(mlp(inputs), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    with torch.no_grad():
        inputs, targets = sample_batch(10_000, generator)
        accuracy = (mlp(inputs).argmax(1) == targets).float().mean().item()
    return losses, accuracy


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
