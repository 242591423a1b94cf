"""Probes of linefit: build tensors, parameters and models on each side, run the implementation, return data."""
import numpy as np
import torch
from torch import nn


def l1_loss_backward(namespace, y_hat, y):
    """l1_loss on float32 tensors: what it returns and the gradient it sends back to y_hat."""
    prediction = torch.tensor(y_hat, dtype=torch.float32, requires_grad=True)
    loss = namespace["l1_loss"](prediction, torch.tensor(y, dtype=torch.float32))
    if not isinstance(loss, torch.Tensor):
        return {"type": type(loss).__name__, "value": _number(loss), "shape": list(np.shape(loss)), "grad": None}
    report = {"type": "Tensor", "value": loss.detach(), "shape": list(loss.shape), "grad": None}
    if loss.grad_fn is not None and loss.numel() == 1:
        loss.sum().backward()
        report["grad"] = prediction.grad
    return report


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# -- train_line ---------------------------------------------------------------

def _wide():
    """A small model with several multi-element parameters: two tanh layers of width 4 and 3."""
    return nn.Sequential(nn.Linear(1, 4), nn.Tanh(), nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 1))


def _model(namespace, kind, seed):
    """The notebook's `Line` (kind "line") or a `_wide` model, with parameters drawn from `seed` (built so that
    checks can show the code that builds them; see checks.linefit.train_code)."""
    model = namespace["Line"]() if kind == "line" else _wide()
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=generator))
    return model


def train(namespace, kind, seed, x, y, lr, n_iter):
    """train_line on a freshly built model: the history it returns and the parameters it leaves."""
    model = _model(namespace, kind, seed)
    x_before, y_before = x.copy(), y.copy()
    history = namespace["train_line"](model, x, y, lr, n_iter)
    return {"history": history, "parameters": [p.detach().clone() for p in model.parameters()],
            "data_unchanged": bool(np.array_equal(x, x_before) and np.array_equal(y, y_before))}


# -- clip_grad_norm and AutoClip ------------------------------------------------

def _parameters(shapes, scale, seed, without_grad):
    """Zero parameters of the given shapes, then in turn gradients scale·N(0, 1) for all but those listed in
    without_grad (built so that checks can show the code that builds them; see checks.linefit.clip_code)."""
    generator = torch.Generator().manual_seed(seed)
    parameters = [nn.Parameter(torch.zeros(shape)) for shape in shapes]
    for k, p in enumerate(parameters):
        if k not in without_grad:
            p.grad = scale * torch.randn(p.shape, generator=generator)
    return parameters


def _passed_as(kind, parameters):
    if kind == "tensor":
        return parameters[0]
    if kind == "generator":
        return (p for p in parameters)
    return list(parameters)


def _grads(parameters):
    return [p.grad for p in parameters]


def _norm(parameters):
    """The total gradient norm, computed here in float64 (to describe a case in feedback)."""
    return float(np.sqrt(sum(np.sum(p.grad.double().numpy() ** 2) for p in parameters if p.grad is not None)))


def clip(namespace, kind, shapes, scale, seed, max_norm, without_grad=()):
    """clip_grad_norm on fresh parameters passed as a "list", a "generator" or one "tensor"."""
    parameters = _parameters(shapes, scale, seed, without_grad)
    total = namespace["clip_grad_norm"](_passed_as(kind, parameters), max_norm)
    return {"total": total, "grads": _grads(parameters)}


def autoclip(namespace, calls, percentile=None):
    """One AutoClip (default or given percentile) called on fresh parameters per call.

    `calls` holds (kind, shapes, scale, seed, without_grad) per call; returns the clip
    values, the gradients after each call and the gradient norms before.
    """
    clipper = namespace["AutoClip"]() if percentile is None else namespace["AutoClip"](percentile)
    values, grads, norms = [], [], []
    for kind, shapes, scale, seed, without_grad in calls:
        parameters = _parameters(shapes, scale, seed, without_grad)
        norms.append(_norm(parameters[:1] if kind == "tensor" else parameters))
        values.append(clipper(_passed_as(kind, parameters)))
        grads.append(_grads(parameters))
    return {"clip": values, "grads": grads, "norms": norms}


def autoclip_pair(namespace, first_scales, second_scale, shapes):
    """Two AutoClip instances: the first called once per scale, then the second once.

    Returns the second's clip value and the gradient norms of all calls, in order.
    """
    AutoClip = namespace["AutoClip"]
    first, second = AutoClip(), AutoClip()
    norms = []
    for k, scale in enumerate([*first_scales, second_scale]):
        parameters = _parameters(shapes, scale, k, ())
        norms.append(_norm(parameters))
        value = (first if k < len(first_scales) else second)(parameters)
    return {"value": value, "norms": norms}
