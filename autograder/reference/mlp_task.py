"""The MLP task given to students in the optimizers and init notebooks.

A 2-20-20-2 ReLU network classifies points (x, y) by whether y > sin(3x),
trained with cross entropy on fresh Gaussian batches.
"""
from collections import OrderedDict

import torch
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
