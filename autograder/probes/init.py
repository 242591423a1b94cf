"""Probes of init: networks built from the notebook's own given code, seeded, then measured.

Models cannot leave the sandbox, so each probe builds its network there (the MLP
from `make_mlp`, or `Tower`, a network of another layout), runs the function under
test and returns numbers only.
"""
import numpy as np
import torch
from torch import nn
from torch.nn.functional import cross_entropy

from .optimizers import _one_thread


class Tower(nn.Sequential):
    """A tanh network with three outputs whose nn.Linear layers sit at several depths: named 0, 2.0 and 3."""

    def __init__(self):
        super().__init__(nn.Linear(2, 16), nn.Tanh(), nn.Sequential(nn.Linear(16, 8), nn.Tanh()), nn.Linear(8, 3))


def _network(namespace, network, seed):
    """A fresh network: the MLP as built by torch ("default") or after `bad_init_` ("bad ramp"), or a Tower."""
    torch.manual_seed(seed)
    if network == "tower":
        return Tower()
    mlp = namespace["make_mlp"]()
    if network == "bad ramp":
        namespace["bad_init_"](mlp)
    return mlp


def _batch(namespace, size, seed):
    return namespace["sample_batch"](size, torch.Generator().manual_seed(seed))


def _hooks(net):
    return sum(len(m._forward_hooks) + len(m._forward_pre_hooks) + len(m._backward_hooks) for m in net.modules())


@_one_thread()
def stats(namespace, network, seed, batch_seed, batch_size=256, calls=2):
    """layer_stats called `calls` times on one network and batch: what each call returned, and hooks left over."""
    net = _network(namespace, network, seed)
    x, target = _batch(namespace, batch_size, batch_seed)
    returned = [namespace["layer_stats"](net, x, target) for _ in range(calls)]
    return {"calls": returned, "hooks": _hooks(net)}


def _linears(net):
    return [(name, module) for name, module in net.named_modules() if isinstance(module, nn.Linear)]


@_one_thread()
def initialised(namespace, seed, batch_seed=0, batch_size=1000):
    """good_init_ on the MLP after the bad ramp: each nn.Linear's weight before and after, and on a seeded
    batch the std of the batch and of each nn.Linear's output (before the activation)."""
    mlp = _network(namespace, "bad ramp", seed)
    before = [module.weight.detach().clone() for _, module in _linears(mlp)]
    namespace["good_init_"](mlp)
    outputs = {}
    linears = _linears(mlp)
    for name, module in linears:
        module.register_forward_hook(lambda _module, _inputs, output, name=name: outputs.__setitem__(name, output))
    x, _ = _batch(namespace, batch_size, batch_seed)
    with torch.no_grad():
        mlp(x)
    return {"layers": [{"name": name, "weight": module.weight.detach(), "weight_before": weight,
                        "act_std": outputs[name].std().item()} for (name, module), weight in zip(linears, before)],
            "input_std": x.std().item()}


def _adam(params, lr, betas=(0.9, 0.999), eps=1e-8):
    """torch.optim.Adam's update on the CPU, written out operation by operation as torch does it, so that the
    losses are those of run_training with torch.optim.Adam: torch.optim imports torch._dynamo, seconds in every
    worker."""
    moments = [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]

    def step(t):
        with torch.no_grad():
            for p, (m, v) in zip(params, moments):
                m.lerp_(p.grad, 1 - betas[0])
                v.mul_(betas[1]).addcmul_(p.grad, p.grad, value=1 - betas[1])
                denominator = (v.sqrt() / (1 - betas[1] ** t) ** 0.5).add_(eps)
                p.addcdiv_(m, denominator, value=-(lr / (1 - betas[0] ** t)))
    return step


def _losses(namespace, init, seed, steps, batch_size, lr):
    """The notebook's run_training with Adam: seeded MLP and batches, the bad ramp and then `init`."""
    mlp = _network(namespace, "bad ramp", seed)
    if init != "bad_init_":
        namespace[init](mlp)
    params = list(mlp.parameters())
    step, generator, losses = _adam(params, lr), torch.Generator().manual_seed(seed), []
    for t in range(1, steps + 1):
        x, target = namespace["sample_batch"](batch_size, generator)
        loss = cross_entropy(mlp(x), target)
        for p in params:
            p.grad = None
        loss.backward()
        step(t)
        losses.append(loss.item())
    return losses


@_one_thread()
def training(namespace, init, seeds, steps, batch_size=256, lr=0.01):
    """The losses, one row per seed, of short Adam runs on the MLP after the bad ramp and then `init`
    ("good_init_"), or after the bad ramp alone ("bad_init_")."""
    return np.array([_losses(namespace, init, seed, steps, batch_size, lr) for seed in seeds], dtype=np.float64)
