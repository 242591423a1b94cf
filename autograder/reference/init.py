"""Reference of the init assignment: gradient scales and initialisation.

Given to students: the MLP task with its deliberately bad initialisation, two plot
helpers, and the deep narrow linear network y_hat = (w_1·…·w_D)·x with its loss,
a small trainer and its learning time. Graded: `layer_stats`, `good_init_`, `isometric_init`, and
the predictions `predict_bad_init_learners` and `predict_deeper_rate`.
The given code is the release's, imported from its setup cells.
"""
import numpy as np
import torch  # noqa: F401 (known mistakes run in this module's namespace)
from matplotlib import pyplot as plt  # noqa: F401 (likewise)
from torch import nn
from torch.nn.functional import cross_entropy

from autograder.reference.given.init import (
    bad_init_,
    classify_target,
    deep_narrow_data,
    deep_narrow_loss,
    learning_time,
    make_mlp,
    plot_grad_hist,
    plot_prediction,
    run_training,
    sample_batch,
    train_deep_narrow,
)

__all__ = [
    "classify_target", "make_mlp", "bad_init_", "sample_batch", "run_training",
    "plot_grad_hist", "plot_prediction",
    "deep_narrow_data", "deep_narrow_loss", "train_deep_narrow", "learning_time",
    "layer_stats", "good_init_", "isometric_init",
    "predict_bad_init_learners", "predict_deeper_rate",
]


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
