"""Reference of the optimizers assignment: EMAs, and GD, Momentum, RMSProp and Adam on a common template.

The given code (the optimizer template, the pathological loss, `trajectory`,
the MLP task with its bad ramp, and `gradient_scales`) is the release's, imported
from its setup cells. The predictions `predict_momentum_on_slope` and
`predict_adam_first_step` are graded too, and so is the training loop `train_network`.
"""
import numpy as np
import torch
from torch.nn.functional import cross_entropy

from autograder.reference.given.optimizers import (
    OptimizerBase,
    bad_init_,
    classify_target,
    gradient_scales,
    make_mlp,
    pathological_loss,
    run_training,
    sample_batch,
    trajectory,
)

__all__ = [
    "OptimizerBase", "pathological_loss", "trajectory",
    "classify_target", "make_mlp", "bad_init_", "sample_batch", "run_training", "gradient_scales",
    "GD", "ema", "ema_debiased", "ema_rms", "Momentum", "RMSProp", "Adam",
    "predict_momentum_on_slope", "predict_adam_first_step",
    "train_network",
]


# --- exercises ----------------------------------------------------------------

class GD(OptimizerBase):
    """Plain gradient descent: p <- p - lr * g."""

    def update_param(self, p):
        p -= self.lr * p.grad


def ema(values, beta):
    """Naive exponential moving average, e_0 = 0, e_t = beta e_{t-1} + (1 - beta) x_t."""
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    averages = np.empty_like(values)
    average = 0.0
    for t, x in enumerate(values):
        average = beta * average + (1 - beta) * x
        averages[t] = average
    return averages


def ema_debiased(values, beta):
    """The EMA divided by 1 - beta^t (t from 1), which removes its pull towards 0 at the start."""
    averages = ema(values, beta)
    t = np.arange(1, len(averages) + 1)
    return averages / (1 - np.float64(beta) ** t)


def ema_rms(values, beta):
    """Running root mean square: sqrt of the debiased EMA of the squared values."""
    return np.sqrt(ema_debiased(np.square(np.asarray(values, dtype=np.float64)), beta))


class Momentum(OptimizerBase):
    """GD along an EMA of the gradients: m <- beta m + (1 - beta) g (m from 0), p <- p - lr m."""

    def __init__(self, params, lr, beta=0.9):
        super().__init__(params, lr)
        self.beta = beta
        self.velocity = {}

    def update_param(self, p):
        m = self.velocity.setdefault(p, torch.zeros_like(p))
        m.mul_(self.beta).add_((1 - self.beta) * p.grad)
        p -= self.lr * m


class RMSProp(OptimizerBase):
    """GD with each gradient component divided by its running RMS, as torch.optim.RMSprop."""

    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8):
        super().__init__(params, lr)
        self.alpha, self.eps = alpha, eps
        self.mean_square = {}

    def update_param(self, p):
        v = self.mean_square.setdefault(p, torch.zeros_like(p))
        v.mul_(self.alpha).add_((1 - self.alpha) * p.grad ** 2)
        p -= self.lr * p.grad / (v.sqrt() + self.eps)


class Adam(OptimizerBase):
    """Momentum divided by the RMS, both bias-corrected with each parameter's own step count."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        self.beta1, self.beta2 = betas
        self.eps = eps
        self.moments = {}

    def update_param(self, p):
        if p not in self.moments:
            self.moments[p] = {"t": 0, "m": torch.zeros_like(p), "v": torch.zeros_like(p)}
        state = self.moments[p]
        state["t"] += 1
        state["m"].mul_(self.beta1).add_((1 - self.beta1) * p.grad)
        state["v"].mul_(self.beta2).add_((1 - self.beta2) * p.grad ** 2)
        m_hat = state["m"] / (1 - self.beta1 ** state["t"])
        v_hat = state["v"] / (1 - self.beta2 ** state["t"])
        p -= self.lr * m_hat / (v_hat.sqrt() + self.eps)


# --- predictions ---------------------------------------------------------------


def predict_momentum_on_slope():
    """How Momentum's step compares with GD's on a steady slope after a few dozen steps:
    "faster", "same" or "slower"."""
    return "same"


def predict_adam_first_step():
    """How far Adam(lr=0.01) moves a parameter on its first step when its gradient is 1000."""
    return 0.01


def train_network(model, optimizer, steps, batch_size=256, seed=0):
    """The canonical loop on the MLP task: one batch per step from a generator seeded with `seed`,
    zero_grad, forward, cross entropy, backward, step; the loss of every step as Python floats."""
    generator = torch.Generator().manual_seed(seed)
    losses = []
    for _ in range(steps):
        inputs, targets = sample_batch(batch_size, generator)
        optimizer.zero_grad()
        loss = cross_entropy(model(inputs), targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
