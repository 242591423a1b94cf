"""Probes of optimizers: an optimizer class of the notebook run for a few steps on one task.

Every task builds its parameters from a seeded generator and a loss per step; the MLP task is the
notebook's own (make_mlp after torch.manual_seed, batches of sample_batch), as run_training builds it. The
2D loss, the line fit and the task of several shapes run in float64, the pathological loss and the MLP in
float32 as in the notebook.
"""
import contextlib

import numpy as np
import torch
from torch.nn.functional import cross_entropy, linear

LATE = 3


def loss_2d(w):
    return (w[0] - 2) ** 2 + (w[1] - 1) ** 4 - (w[1] - 1) ** 2


def task_2d(start=(4.0, 1.075), scale=1.0):
    """The analytic 2D loss on one parameter of shape (2,), optionally scaled (tiny gradients)."""
    w = torch.nn.Parameter(torch.tensor(start, dtype=torch.float64))
    return [w], lambda step: scale * loss_2d(w)


def pathological_loss(w0, w1):
    """The notebook's pathological loss: tanh(w0)^2 + 0.01 |w1| + sigmoid(w1)."""
    return torch.tanh(w0) ** 2 + 0.01 * torch.abs(w1) + torch.sigmoid(w1)


def task_pathological(start=(-3.0, 5.0)):
    """The pathological loss on one float32 parameter w = (w0, w1), as the notebook's `trajectory` runs it."""
    w = torch.nn.Parameter(torch.tensor(start, dtype=torch.float32))
    return [w], lambda step: pathological_loss(w[0], w[1])


def task_line(start=(0.5, 2.0), n=40, seed=0):
    """A one-unit linear model (weight (1, 1), bias (1,)) fitted with the L1 loss, x evenly on [-10, 10]."""
    x = torch.linspace(-10, 10, n, dtype=torch.float64).reshape(-1, 1)
    noise = torch.tensor(np.random.default_rng(seed).normal(0, 0.5, (n, 1)))
    y = 1.5 * x - 0.7 + noise
    weight = torch.nn.Parameter(torch.tensor([[start[0]]], dtype=torch.float64))
    bias = torch.nn.Parameter(torch.tensor([start[1]], dtype=torch.float64))
    return [weight, bias], lambda step: (linear(x, weight, bias) - y).abs().mean()


def task_shapes(shapes=((3,), (2, 4), (2, 1, 3), ()), late=LATE, seed=0):
    """Parameters of several shapes (a 0-d one too) under a quartic loss, then two more.

    A parameter of shape (2,) joins the loss only after `late` steps (its grad is None until then),
    and one of shape (2, 2) never does.
    """
    generator = torch.Generator().manual_seed(seed)
    used = [torch.nn.Parameter(torch.randn(s, generator=generator, dtype=torch.float64)) for s in shapes]
    joining = torch.nn.Parameter(torch.randn(2, generator=generator, dtype=torch.float64))
    idle = torch.nn.Parameter(torch.randn(2, 2, generator=generator, dtype=torch.float64))

    def loss(step):
        active = used + [joining] if step >= late else used
        return sum((k + 1) * ((p - 0.3 * k) ** 2).sum() + 0.1 * (p ** 4).sum() for k, p in enumerate(active))
    return used + [joining, idle], loss


def task_mlp(namespace, batch_size=128, seed=0):
    """The MLP task as the notebook's run_training sets it up: a new make_mlp() after torch.manual_seed(seed),
    cross entropy on fresh batches of sample_batch from a generator seeded with `seed`."""
    torch.manual_seed(seed)
    mlp = namespace["make_mlp"]()
    generator = torch.Generator().manual_seed(seed)

    def loss(step):
        inputs, targets = namespace["sample_batch"](batch_size, generator)
        return cross_entropy(mlp(inputs), targets)
    return list(mlp.parameters()), loss


TASKS = {"2d": task_2d, "pathological": task_pathological, "line": task_line, "shapes": task_shapes}


def build_task(namespace, name, **options):
    """The parameters and the loss of a task; the MLP task takes the notebook's make_mlp and sample_batch."""
    return task_mlp(namespace, **options) if name == "mlp" else TASKS[name](**options)


def _optimizer(namespace, name, params, hyper):
    if name not in namespace:
        raise NameError(f"name '{name}' is not defined")
    return namespace[name](list(params), **hyper)


def _flat(params):
    return torch.cat([p.detach().reshape(-1) for p in params]).double().numpy()


@contextlib.contextmanager
def _one_thread():
    """Tiny tensors run many times faster on one thread (the sandbox uses one already)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


@_one_thread()
def path(namespace, optimizer, hyper, task, steps, **options):
    """(steps + 1, parameters flattened) float64 array: the start and the parameters after each step."""
    params, loss = build_task(namespace, task, **options)
    instance = _optimizer(namespace, optimizer, params, hyper)
    rows = [_flat(params)]
    for step in range(steps):
        instance.zero_grad()
        loss(step).backward()
        instance.step()
        rows.append(_flat(params))
    return np.stack(rows)


@_one_thread()
def mlp_losses(namespace, optimizer, lr, steps, batch_size=128, seed=0):
    """The loss of every step of the notebook's run_training(optimizer, lr, steps, batch_size, seed)."""
    if optimizer not in namespace:
        raise NameError(f"name '{optimizer}' is not defined")
    return np.array(namespace["run_training"](namespace[optimizer], lr, steps, batch_size, seed)[0])


@_one_thread()
def trained_network(namespace, optimizer, lr, steps, batch_size, seed):
    """train_network on a fresh MLP (torch.manual_seed(seed)) with `optimizer`, "SGD" for torch's:
    the losses and the trained parameters."""
    torch.manual_seed(seed)
    model = namespace["make_mlp"]()
    if optimizer == "SGD":
        instance = torch.optim.SGD(model.parameters(), lr=lr)
    else:
        instance = _optimizer(namespace, optimizer, model.parameters(), {"lr": lr})
    losses = namespace["train_network"](model, instance, steps, batch_size=batch_size, seed=seed)
    return {"losses": [float(v) for v in losses], "params": [p.detach().numpy().copy() for p in model.parameters()]}
