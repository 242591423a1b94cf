"""Given code of the optimizers assignment: the setup cells of its release notebook, in order.

Written by `python -m autograder build`; do not edit.
"""

from collections import OrderedDict

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn
from torch.nn.functional import cross_entropy

torch.set_num_threads(1)


def classify_target(x, y):
    """Label 1 for points above the curve y = sin(3x), label 0 for points below it."""
    return (y > torch.sin(3 * x)).long()


def make_mlp():
    """A 2-20-20-2 ReLU network; its Linear layers are named layer1.0, layer2.0 and layer3.0."""
    return nn.Sequential(OrderedDict([
        ("layer1", nn.Sequential(nn.Linear(2, 20), nn.ReLU())),
        ("layer2", nn.Sequential(nn.Linear(20, 20), nn.ReLU())),
        ("layer3", nn.Sequential(nn.Linear(20, 2))),
    ]))


def sample_batch(batch_size, generator=None):
    """A fresh batch: inputs of shape (batch_size, 2) drawn from a standard normal, and their labels."""
    inputs = torch.randn(batch_size, 2, generator=generator)
    return inputs, classify_target(inputs[:, 0], inputs[:, 1])


def run_training(optimizer_cls, lr, steps=300, batch_size=1000, seed=0, init=None):
    """Train a new MLP with optimizer_cls; return (the loss of every step, accuracy on held-out points).

    `init`, if given, is applied to the new network in place before training.
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


def plot_classes(ax, predict=classify_target, extent=2.0, n=200):
    """Colour the square [-extent, extent]^2 by the class predict(x, y) gives each point."""
    grid = torch.linspace(-extent, extent, n)
    y, x = torch.meshgrid(grid, grid, indexing="ij")
    ax.imshow(predict(x, y).float(), origin="lower", extent=[-extent, extent, -extent, extent], cmap="coolwarm")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")


def plot_losses(ax, runs, window=20):
    """Loss curves, one per label in `runs` (label -> list of losses), averaged over a sliding window."""
    for label, losses in runs.items():
        smoothed = np.convolve(losses, np.ones(window) / window, mode="valid")
        ax.plot(np.arange(window - 1, len(losses)), smoothed, label=label)
    ax.set_xlabel("step")
    ax.set_ylabel("cross entropy")
    ax.legend()


class OptimizerBase:
    """Template for an optimizer: subclasses define how a single parameter is updated."""

    def __init__(self, params, lr):
        self.params = list(params)
        self.lr = lr

    def zero_grad(self):
        """Reset every gradient that exists to zero, in place."""
        for p in self.params:
            if p.grad is not None:
                p.grad.detach_()
                p.grad.zero_()

    @torch.no_grad()
    def step(self):
        """Apply update_param to every parameter that has a gradient, outside autograd."""
        for p in self.params:
            if p.grad is not None:
                self.update_param(p)

    def update_param(self, p):
        """Change the tensor p in place using p.grad; each subclass writes its own rule."""
        raise NotImplementedError


def pathological_loss(w0, w1):
    """tanh(w0)^2 + 0.01 |w1| + sigmoid(w1): steep and flat regions side by side."""
    return torch.tanh(w0) ** 2 + 0.01 * torch.abs(w1) + torch.sigmoid(w1)


def trajectory(optimizer_cls, w_init, steps, loss_fn=pathological_loss, **hyper):
    """Minimise loss_fn(w0, w1) from w_init; return the visited points as a (steps + 1, 2) float64 array."""
    w = nn.Parameter(torch.tensor(w_init, dtype=torch.float32))
    optimizer = optimizer_cls([w], **hyper)
    path = [w.detach().clone()]
    for _ in range(steps):
        optimizer.zero_grad()
        loss_fn(w[0], w[1]).backward()
        optimizer.step()
        path.append(w.detach().clone())
    return torch.stack(path).double().numpy()


def loss_on_grid(w0_range, w1_range, n=200):
    """The pathological loss on an n x n grid: returns (W0, W1, L) for plotting."""
    w0, w1 = torch.meshgrid(torch.linspace(*w0_range, n), torch.linspace(*w1_range, n), indexing="xy")
    return w0.numpy(), w1.numpy(), pathological_loss(w0, w1).numpy()


def plot_paths(paths, w0_range=(-5, 5), w1_range=(-8, 8)):
    """Paths (label -> array of points) over the loss contours, and the loss along each path."""
    fig, (ax_map, ax_loss) = plt.subplots(1, 2, figsize=(11, 4.5))
    ax_map.contourf(*loss_on_grid(w0_range, w1_range), levels=30, cmap="viridis")
    for label, path in paths.items():
        line, = ax_map.plot(path[:, 0], path[:, 1], ".-", markersize=3, linewidth=0.8, label=label)
        losses = pathological_loss(torch.from_numpy(path[:, 0]), torch.from_numpy(path[:, 1]))
        ax_loss.plot(losses.numpy(), color=line.get_color(), label=label)
    ax_map.set_xlim(*w0_range)
    ax_map.set_ylim(*w1_range)
    ax_map.set_xlabel("$w_0$")
    ax_map.set_ylabel("$w_1$")
    ax_map.legend(fontsize=8)
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("loss")
    ax_loss.grid(linestyle=":")
    return fig


def bad_init_(mlp):
    """The deliberately bad initialisation: parameter i becomes a ramp from 0 to (i mod 3) - 1."""
    with torch.no_grad():
        for i, p in enumerate(mlp.parameters()):
            p.copy_(torch.linspace(0, i % 3 - 1, p.numel()).reshape(p.shape))


def gradient_scales(optimizer_cls, lr, init=None, steps=1000, batch_size=1000, seed=0):
    """Train like run_training and record, for every nn.Linear, how large its weight's gradient and step are.

    Returns (losses, accuracy, grad_rms, step_rms): the last two map the name of each nn.Linear
    to a float64 array of shape (steps,), the root mean square of the weight's gradient and of
    the change the optimizer made to the weight at each step.
    """
    layers, grads, weights = {}, {}, {}

    def rms(tensor):
        return tensor.pow(2).mean().sqrt().item()

    def record(name):
        def hook(grad):
            grads[name].append(rms(grad))
            weights[name].append(layers[name].weight.detach().clone())
        return hook

    def init_and_record(mlp):
        if init is not None:
            init(mlp)
        for name, module in mlp.named_modules():
            if isinstance(module, nn.Linear):
                layers[name], grads[name], weights[name] = module, [], []
                module.weight.register_hook(record(name))

    losses, accuracy = run_training(optimizer_cls, lr, steps, batch_size, seed, init=init_and_record)
    step_rms = {name: np.array([rms(after - before) for before, after in
                                zip(weights[name], weights[name][1:] + [layers[name].weight.detach()])])
                for name in layers}
    return losses, accuracy, {name: np.array(values) for name, values in grads.items()}, step_rms
